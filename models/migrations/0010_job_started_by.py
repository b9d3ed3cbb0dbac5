from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_moved_out_rows')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Job',
            name='started_by',
            field=fields.CharField(null=True, db_index=True, max_length=100),
        ),
    ]
