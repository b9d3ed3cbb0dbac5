from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

# Bulk queries: the JSONL file of each BULK_QUERY job, kept as numbered chunks.


class Migration(migrations.Migration):
    dependencies = [('models', '0018_contact_import')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BulkQueryFile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.OneToOneField('models.Job', source_field='job_id', db_constraint=True, to_field='id', related_name='bulk_file', on_delete=OnDelete.CASCADE)),
                ('object_count', fields.BigIntField(default=0)),
                ('byte_count', fields.BigIntField(default=0)),
                ('chunk_count', fields.IntField(default=0)),
                ('completed_at', fields.DatetimeField(null=True)),
                ('expires_at', fields.DatetimeField(null=True, db_index=True)),
                ('deleted_at', fields.DatetimeField(null=True)),
            ],
            options={'table': 'bulk_query_file', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BulkQueryChunk',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('file', fields.ForeignKeyField('models.BulkQueryFile', source_field='file_id', db_constraint=True, to_field='id', related_name='chunks', on_delete=OnDelete.CASCADE)),
                ('seq', fields.IntField()),
                ('data', fields.BinaryField()),
            ],
            options={'table': 'bulk_query_chunk', 'app': 'models', 'unique_together': (('file', 'seq'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
