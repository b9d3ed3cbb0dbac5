from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# Contact imports: what the checks derive for a staged row moves to a narrow table of its own (each statement that
# filled it rewrote the wide text row, thirty columns, for a few numbers); the stored file is kept uncompressed on
# PostgreSQL, so that the job reads it in slices (a slice of a compressed value decompresses everything before it).

DERIVED = ("kind", "final_no", "contact_id", "company_id", "company_row", "failed", "changed", "created", "done")


async def unlogged_plan(apps, schema_editor) -> None:
    # Rebuilt from the staged rows when lost, as they are: not written to the WAL.
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(
            "ALTER TABLE contact_import_plan SET UNLOGGED; "
            "ALTER TABLE contact_import ALTER COLUMN data SET STORAGE EXTERNAL")


class Migration(migrations.Migration):
    dependencies = [('models', '0023_line_reference_checks')]

    initial = False

    operations = [
        ops.AddField(model_name='ContactImport', name='chunks_done', field=fields.IntField(default=0)),
        *(ops.RemoveField(model_name='ContactImportRow', name=name) for name in DERIVED),
        ops.CreateModel(
            name='ContactImportPlan',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact_import_id', fields.IntField()),
                ('row_no', fields.IntField()),
                ('kind', fields.CharField(max_length=10, null=True)),
                ('final_no', fields.CharField(max_length=20, null=True)),
                ('contact_id', fields.IntField(null=True)),
                ('new', fields.BooleanField(default=False)),
                ('no_holder', fields.IntField(null=True)),
                ('external_holder', fields.IntField(null=True)),
                ('company_id', fields.IntField(null=True)),
                ('company_row', fields.IntField(null=True)),
                ('failed', fields.BooleanField(default=False)),
                ('changed', fields.BooleanField(default=False)),
                ('done', fields.BooleanField(default=False)),
            ],
            options={'table': 'contact_import_plan', 'app': 'models',
                     'unique_together': (('contact_import_id', 'row_no'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(unlogged_plan),
    ]
