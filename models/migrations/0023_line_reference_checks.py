from tortoise import migrations
from tortoise.migrations import operations as ops

# On PostgreSQL segment_line loses its foreign keys to the contacts and masters it names: checked row by row
# they were about two thirds of an Add (bench/README.md, "Against the write floor"). What they protected is kept
# by the delete paths under one lock that line writers take shared and deleters exclusive
# (models/line_references.py): a contact on a line, or a master a line names, is refused (IN_USE) as RESTRICT did;
# SET NULL acted only when a contact delete raced a line writer, which now makes the delete refused. The key to
# the segment stays (its cascade; its check probes the one segment row the writer already holds). Dropping a
# foreign key rewrites nothing: a moment's ACCESS EXCLUSIVE lock on segment_line and on each referenced table.
# SQLite keeps its keys (one writer at a time, cheap there): the model state is unchanged.

DROPPED = ("contact_id", "contact_company_id", "salesperson_id", "interaction_template_id", "interaction_group_id",
           "campaign_id")


async def drop_line_reference_keys(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script("; ".join(
            f"ALTER TABLE segment_line DROP CONSTRAINT IF EXISTS segment_line_{column}_fkey" for column in DROPPED))


class Migration(migrations.Migration):
    dependencies = [('models', '0022_log_entry_keys')]

    initial = False

    operations = [
        ops.RunPython(drop_line_reference_keys),
    ]
