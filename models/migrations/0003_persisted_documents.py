from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_logging_delivery')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RegisteredDocument',
            fields=[
                ('sha256', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('document', fields.TextField(unique=False)),
                ('name', fields.CharField(default='', max_length=200)),
                ('registered_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'registered_document', 'app': 'models', 'pk_attr': 'sha256', 'table_description': 'A GraphQL document registered ahead of time.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiKey',
            name='registered_documents_only',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
