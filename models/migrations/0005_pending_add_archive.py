from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# The pending archive row of every Add whose lines are still there: the contacts of its lines of its own entry
# (inserted by it, cause "action N" or "manual: action N"), in line order, with no left_at. Lines from before
# 0004 (no entry) get none: Go Back of their Add archives them one by one, as their ADDED events are kept apart.
NO_LINE = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
           "campaign_response, evaluation, attempt_failed")
NO_LINE_VALUES = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"


def _pending(dialect: str) -> str:
    array = "to_jsonb(array_agg(x.contact_id ORDER BY x.id))" if dialect == "postgres" else "json_group_array(x.contact_id)"
    return (
        f"INSERT INTO segment_line_archive (segment_id, action_id, contact_ids, entered_at, entered_cause, {NO_LINE}) "
        f"SELECT x.segment_id, x.action_id, {array}, x.entered_at, x.entered_cause, {NO_LINE_VALUES} "
        "FROM (SELECT l.id, l.segment_id, l.action_id, l.contact_id, l.entered_at, l.entered_cause "
        "FROM segment_line l JOIN segment_criteria_action a ON a.id = l.action_id AND a.segment_id = l.segment_id "
        "WHERE a.action = 'ADD' AND l.entered_at IS NOT NULL AND l.entered_cause = "
        "(CASE WHEN a.manual THEN 'manual: action ' ELSE 'action ' END || a.position) ORDER BY l.id) x "
        "GROUP BY x.segment_id, x.action_id, x.entered_at, x.entered_cause"
    )


async def keep_pending_adds(apps, schema_editor) -> None:
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
        ops.RunPython(keep_pending_adds),
    ]
