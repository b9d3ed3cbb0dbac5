from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from segmentum.models.enums import ImportFormat, ImportMode

# Contact imports: a partner's externalId on contacts, the uploaded file, its staged rows and codes, row errors.

_TEXT = [
    "no", "external_id", "type", "name", "first_name", "middle_name", "surname", "job_title", "company_no",
    "company_external_id", "email", "phone_no", "mobile_phone_no", "address", "address2", "city", "post_code",
    "county", "country_code", "language_code", "salesperson_code", "territory_code", "correspondence_type",
    "exclude_from_segment", "privacy_blocked", "business_relation_codes", "industry_group_codes",
    "mailing_group_codes", "job_responsibility_codes", "bad_field",
]


async def unlogged_staging(apps, schema_editor) -> None:
    # Staged rows live for one import and are rebuilt from the stored file when lost: on PostgreSQL they are not
    # written to the WAL (a crash empties them, and the job stages the file again).
    if schema_editor.client.capabilities.dialect == "postgres":
        for table in ("contact_import_row", "contact_import_code"):
            await schema_editor.client.execute_query(f"ALTER TABLE {table} SET UNLOGGED")


class Migration(migrations.Migration):
    dependencies = [('models', '0017_webhooks')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Contact',
            name='external_id',
            field=fields.CharField(null=True, unique=True, max_length=100),
        ),
        ops.CreateModel(
            name='ContactImport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('format', fields.CharEnumField(ImportFormat, max_length=10)),
                ('mode', fields.CharEnumField(ImportMode, max_length=10)),
                ('file_name', fields.CharField(max_length=200)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('data', fields.BinaryField()),
                ('staged', fields.BooleanField(default=False)),
                ('rows', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now_add=True)),
            ],
            options={'table': 'contact_import', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContactImportRow',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact_import_id', fields.IntField()),
                ('row_no', fields.IntField()),
                *((name, fields.TextField(null=True)) for name in _TEXT),
                ('contact_id', fields.IntField(null=True)),
                ('kind', fields.CharField(max_length=10, null=True)),
                ('final_no', fields.CharField(max_length=20, null=True)),
                ('company_id', fields.IntField(null=True)),
                ('company_row', fields.IntField(null=True)),
                ('failed', fields.BooleanField(default=False)),
                ('changed', fields.BooleanField(default=False)),
                ('created', fields.BooleanField(default=False)),
                ('done', fields.BooleanField(default=False)),
            ],
            options={'table': 'contact_import_row', 'app': 'models',
                     'unique_together': (('contact_import_id', 'row_no'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContactImportCode',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact_import_id', fields.IntField()),
                ('row_no', fields.IntField()),
                ('kind', fields.CharField(max_length=30)),
                ('code', fields.TextField()),
            ],
            options={'table': 'contact_import_code', 'app': 'models',
                     'indexes': [Index(fields=['contact_import_id', 'row_no'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContactImportError',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact_import', fields.ForeignKeyField('models.ContactImport', source_field='contact_import_id',
                                                          db_constraint=True, to_field='id', related_name='errors',
                                                          on_delete=OnDelete.CASCADE)),
                ('row_no', fields.IntField()),
                ('field', fields.CharField(max_length=50)),
                ('code', fields.CharField(max_length=20)),
                ('message', fields.CharField(max_length=400)),
            ],
            options={'table': 'contact_import_error', 'app': 'models',
                     'indexes': [Index(fields=['contact_import_id', 'row_no'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(unlogged_staging),
    ]
