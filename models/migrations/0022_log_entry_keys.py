from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

# Interaction log entries lose their foreign keys on PostgreSQL: checked row by row they were most of the cost of
# logging a segment. The rules they kept are now kept by models/log/references.py (one set-based FOR KEY SHARE
# per write) and by the delete paths (README, "Integrity of the interaction log"). Dropping a constraint takes
# an ACCESS EXCLUSIVE lock on the entry table and each referenced table for a moment; no rewrite, no scan.
# The content key was declared without a constraint (0015) but created with one: it goes too (deleting a
# segment's language records scanned every entry for it).
# SQLite keeps its keys (one writer at a time, and its table rebuild would lose the table's indexes): the state
# alone changes there.

class DropKeyOnPostgres(ops.AlterField):
    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect == "postgres":
            column = f"{self.name}_id"
            await state_editor._run_sql(
                f'ALTER TABLE "interaction_log_entry" DROP CONSTRAINT IF EXISTS "interaction_log_entry_{column}_fkey"')

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        raise NotImplementedError("0022 is not reversed: the keys would have to be validated over every entry")


def _key(model: str, source: str, related: str, on_delete: OnDelete, index: bool = False) -> fields.ForeignKeyField:
    return fields.ForeignKeyField(model, source_field=source, null=True, db_index=index, db_constraint=False,
                                  to_field='id', related_name=related, on_delete=on_delete)


class Migration(migrations.Migration):
    dependencies = [('models', '0021_history_order')]

    initial = False

    operations = [
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='contact',
                          field=_key('models.Contact', 'contact_id', 'interactions', OnDelete.SET_NULL)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='contact_company',
                          field=_key('models.Contact', 'contact_company_id', 'company_interactions',
                                     OnDelete.SET_NULL)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='template',
                          field=_key('models.InteractionTemplate', 'template_id', 'interactions', OnDelete.RESTRICT,
                                     index=True)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='group',
                          field=_key('models.InteractionGroup', 'group_id', 'interactions', OnDelete.RESTRICT,
                                     index=True)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='salesperson',
                          field=_key('models.Salesperson', 'salesperson_id', 'interactions', OnDelete.RESTRICT,
                                     index=True)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='campaign',
                          field=_key('models.Campaign', 'campaign_id', 'interactions', OnDelete.RESTRICT)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='campaign_entry',
                          field=_key('models.CampaignEntry', 'campaign_entry_id', 'interactions', OnDelete.SET_NULL)),
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='logged_segment',
                          field=_key('models.LoggedSegment', 'logged_segment_id', 'interactions', OnDelete.SET_NULL)),
        # Already without a constraint in the state: the database catches up.
        DropKeyOnPostgres(model_name='InteractionLogEntry', name='content',
                          field=_key('models.InteractionLanguage', 'content_id', 'entries', OnDelete.NO_ACTION)),
    ]
