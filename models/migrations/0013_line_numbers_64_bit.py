from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# Line numbers step 10,000 as in BC: a 32-bit column held at most 214,748 lines per segment. 64-bit on PostgreSQL
# (SQLite's integers are 64-bit already, and its table rebuild for an altered column would lose the table's
# indexes: the state alone changes there). On PostgreSQL this rewrites segment_line and segment_line_archive with their indexes
# under an ACCESS EXCLUSIVE lock: nothing reads or writes lines while it runs (README, upgrade notes).


class AlterFieldOnPostgres(ops.AlterField):
    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect == "postgres":
            await super().database_forward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0012_job_lease')]

    initial = False

    operations = [
        AlterFieldOnPostgres(model_name='SegmentLine', name='line_no', field=fields.BigIntField()),
        AlterFieldOnPostgres(model_name='SegmentLineArchive', name='line_no', field=fields.BigIntField(null=True)),
    ]
