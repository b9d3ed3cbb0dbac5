from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# The pending archive rows of the current lines: for every tag and entry, the contacts of those lines in line
# order, with no left_at (models/worksheet/pending.py). Lines from before 0004 have no entry: one row per tag.
NO_LINE = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
           "campaign_response, evaluation, attempt_failed")
NO_LINE_VALUES = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"


def _pending(dialect: str) -> str:
    if dialect == "postgres":
        array = "to_jsonb(array_agg(x.contact_id ORDER BY x.id))"
    else:
        array = "json_group_array(x.contact_id)"
    return (
        "INSERT INTO segment_line_archive (segment_id, action_id, contact_ids, entered_at, entered_cause, "
        f"{NO_LINE}) SELECT x.segment_id, x.action_id, {array}, x.entered_at, x.entered_cause, {NO_LINE_VALUES} "
        "FROM (SELECT l.id, l.segment_id, l.action_id, l.contact_id, l.entered_at, l.entered_cause "
        "FROM segment_line l WHERE l.action_id IS NOT NULL ORDER BY l.id) x "
        "GROUP BY x.segment_id, x.action_id, x.entered_at, x.entered_cause"
    )


async def keep_pending_rows(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_query(_pending(client.capabilities.dialect))


class Migration(migrations.Migration):
    dependencies = [('models', '0004_worksheet_archive')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='SegmentLineArchive',
            index=Index(fields=['segment_id', 'action_id']),
        ),
        ops.RunPython(keep_pending_rows),
    ]
