from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# Re-evaluation no longer writes again the contact arrays of the tags it moves lines into or out of: a contact
# moved out of a tag gets a `moved` archive row for that tag and entry, which takes it out of the tag's arrays
# when the history reads them and is no event of its own (models/worksheet/pending.py). Rows written before this
# migration are no such rows: false (the column default). The archive's index by undo action also holds the line
# number, so that the highest line number Go Back may restore is read per action from the end of the index.
# On PostgreSQL, segment_line's pages keep 10% free: re-evaluation re-tags lines, and an update that changes no
# indexed column and finds room on its page skips every index (a HOT update).


async def line_pages_with_room(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script("ALTER TABLE segment_line SET (fillfactor = 90)")


class Migration(migrations.Migration):
    dependencies = [('models', '0005_pending_add_archive')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SegmentLineArchive',
            name='moved',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RemoveIndex(model_name='SegmentLineArchive', fields=['segment_id', 'undo_action_id']),
        ops.AddIndex(
            model_name='SegmentLineArchive',
            index=Index(fields=['segment_id', 'undo_action_id', 'line_no']),
        ),
        ops.RunPython(line_pages_with_room),
    ]
