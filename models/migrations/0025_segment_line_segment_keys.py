from tortoise import migrations
from tortoise.migrations import operations as ops

# On PostgreSQL segment_line and segment_line_archive lose their foreign keys to the segment. Checked row by row
# (an index probe and a FOR KEY SHARE of the one segment row per inserted line) they were most of what an Add
# costs above its write floor: the same INSERT of 757,653 lines at 5,000,000 contacts took 56.7 s into
# segment_line and 18.4 s into a key-less copy, and the archive's key about a fifth of the archiving statement of a
# Reduce or Refine (bench/README.md). What they kept holds without them:
# - no row names a missing segment: every writer of lines and archive rows takes the segment row FOR UPDATE
#   first (models.worksheet.recording.lock_segment, the re-evaluation job), and so does the segment's delete, so
#   a writer that waited for a delete finds the segment gone and stops (NOT_FOUND, or SegmentGone for a job);
# - deleting a segment removes its lines and archive (the cascade): models.worksheet.store.delete_segment_rows,
#   called by the segment delete and by logging, which deletes the open segment.
# The other keys to the segment (criteria actions, tally, evaluations) stay: one row per action or run, never per
# line. Dropping a foreign key rewrites nothing: a moment's ACCESS EXCLUSIVE lock on each table and on segment.
# SQLite keeps its keys (one writer at a time, cheap there): the model state is unchanged.

TABLES = ("segment_line", "segment_line_archive")


async def drop_segment_keys(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script("; ".join(
            f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_segment_id_fkey" for table in TABLES))


class Migration(migrations.Migration):
    dependencies = [('models', '0024_contact_import_plan')]

    initial = False

    operations = [
        ops.RunPython(drop_segment_keys),
    ]
