from tortoise import migrations
from tortoise.migrations import operations as ops
from segmentum.models.enums import ContentFormat
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0014_archive_row_kinds')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('file_name', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('data', fields.BinaryField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'attachment', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InteractionLanguage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('template', fields.ForeignKeyField('models.InteractionTemplate', source_field='template_id', null=True, db_constraint=True, to_field='id', related_name='languages', on_delete=OnDelete.CASCADE)),
                ('segment', fields.ForeignKeyField('models.Segment', source_field='segment_id', null=True, db_constraint=True, to_field='id', related_name='languages', on_delete=OnDelete.CASCADE)),
                ('logged_segment', fields.ForeignKeyField('models.LoggedSegment', source_field='logged_segment_id', null=True, db_constraint=True, to_field='id', related_name='contents', on_delete=OnDelete.SET_NULL)),
                ('language_code', fields.CharField(max_length=10)),
                ('description', fields.CharField(max_length=100)),
                ('subject', fields.CharField(null=True, max_length=100)),
                ('body', fields.TextField(null=True, unique=False)),
                ('body_format', fields.CharEnumField(default=ContentFormat.TEXT, description='TEXT: TEXT\nHTML: HTML', enum_type=ContentFormat, max_length=10)),
                ('attachment', fields.ForeignKeyField('models.Attachment', source_field='attachment_id', null=True, db_constraint=True, to_field='id', related_name='languages', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'interaction_language', 'app': 'models', 'unique_together': (('template', 'language_code'), ('segment', 'language_code'), ('logged_segment', 'language_code')), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='InteractionLogEntry',
            name='content',
            field=fields.ForeignKeyField('models.InteractionLanguage', source_field='content_id', null=True, db_constraint=False, to_field='id', related_name='entries', on_delete=OnDelete.NO_ACTION),
        ),
        ops.AddField(
            model_name='LoggedSegment',
            name='send_word_docs_as_attmt',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Segment',
            name='send_word_docs_as_attmt',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
