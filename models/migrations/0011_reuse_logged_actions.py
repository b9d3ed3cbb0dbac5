import json

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# A Reuse Logged Segment action is marked as such (`reuse_logged`, models/worksheet/replay.py): its replay selects
# the logged segment's contacts whatever their company is now. Such actions recorded (or saved) before named the
# logged segment by its segment number, which may be logged again once a canceled log is deleted: each becomes the
# filter on the logged segment's entry number, as BC records it, while that logged segment exists. (An Add run by
# hand with exactly that filter cannot be told apart and is carried over the same way.) Language codes are Codes:
# stored upper-cased, as the contact's already are.

LANGUAGE_COLUMNS = (
    ("interaction_template", "language_code_default"),
    ("segment", "language_code_default"),
    ("segment_line", "language_code"),
    ("segment_line_archive", "language_code"),
    ("interaction_log_entry", "language_code"),
)
ACTION_TABLES = ("segment_criteria_action", "saved_segment_criteria_action")


def _old_reuse(criteria) -> str | None:
    """The segment number an action recorded by Reuse Logged Segment before this migration names, or None."""
    if isinstance(criteria, str):
        criteria = json.loads(criteria)
    if not isinstance(criteria, dict) or set(criteria) != {"interaction"}:
        return None
    flt = criteria["interaction"]
    if not isinstance(flt, dict) or set(flt) != {"segment_no", "canceled"} or flt["canceled"] is not False:
        return None
    no = flt["segment_no"]
    if not isinstance(no, dict) or set(no) != {"eq"} or not isinstance(no["eq"], str):
        return None
    return no["eq"]


async def carry_over(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"

    def ph(n: int) -> str:
        return f"${n}" if postgres else "?"

    for table, column in LANGUAGE_COLUMNS:
        await client.execute_query(f"UPDATE {table} SET {column} = UPPER({column}) WHERE {column} <> UPPER({column})")
    logged = {row["segment_no"]: row["id"]
              for row in (await client.execute_query_dict("SELECT id, segment_no FROM logged_segment"))}
    text = "criteria::text" if postgres else "criteria"
    for table in ACTION_TABLES:
        rows = await client.execute_query_dict(
            f"SELECT id, criteria FROM {table} WHERE action = 'ADD' AND manual = FALSE AND {text} LIKE '%segment_no%'"
        )
        for row in rows:
            no = _old_reuse(row["criteria"])
            if no is None or no not in logged:
                continue
            criteria = json.dumps({"interaction": {"logged_segment_entry_no": {"eq": logged[no]}, "canceled": False}})
            value = f"CAST({ph(1)} AS JSONB)" if postgres else ph(1)
            await client.execute_query(
                f"UPDATE {table} SET criteria = {value}, reuse_logged = TRUE WHERE id = {ph(2)}", [criteria, row["id"]]
            )


class Migration(migrations.Migration):
    dependencies = [('models', '0010_job_started_by')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SegmentCriteriaAction',
            name='reuse_logged',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='SavedSegmentCriteriaAction',
            name='reuse_logged',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RunPython(carry_over),
    ]
