"""Recording an action: the criteria row, and the archive of the lines it removes (Go Back and membership)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from models.enums import ErrorCode, SegmentAction
from models.errors import DomainError
from models.segments import Segment, SegmentCriteriaAction
from models.sql import Params, dialect, execute, fetch_all, fetch_value
from models.worksheet.lines import LINE_COLUMN_LIST
from models.worksheet.options import NO_OPTIONS, ActionOptions


async def lock_segment(segment_id: int) -> Segment:
    """The segment, row-locked on PostgreSQL so that concurrent actions on it run one after another."""
    segment = await Segment.filter(id=segment_id).select_for_update().first()
    if segment is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Segment {segment_id} does not exist.", ["input", "segmentId"])
    return segment


async def record_action(
    segment: Segment,
    action: SegmentAction,
    criteria: dict[str, Any],
    options: ActionOptions = NO_OPTIONS,
    *,
    manual: bool = False,
) -> SegmentCriteriaAction:
    await plan_for_actions()
    p = Params()
    last = await fetch_value(
        f"SELECT COALESCE(MAX(position), 0) FROM segment_criteria_action WHERE segment_id = {p.add(segment.id)}", p
    )
    columns: dict[str, Any] = {
        "segment_id": segment.id,
        "position": int(last or 0) + 1,
        "action": action,
        "criteria": criteria,
        "manual": manual,
        **options.columns(),
    }
    return await SegmentCriteriaAction.create(**columns)


async def last_line_no(segment_id: int) -> int:
    p = Params()
    value = await fetch_value(
        f"SELECT COALESCE(MAX(line_no), 0) FROM segment_line WHERE segment_id = {p.add(segment_id)}", p
    )
    return int(value or 0)


SqlFn = Callable[[Params], str]

# What an archive row keeps of a line besides LINE_COLUMNS.
STINT_COLUMNS = "action_id, entered_at, entered_cause"


def now() -> datetime:
    return datetime.now(UTC)


def stint_values(action_id: int | None, cause: str, p: Params) -> str:
    """The SELECT list of STINT_COLUMNS for a line entering now."""
    return f"{p.typed(action_id, 'INTEGER')}, {p.typed(now(), 'TIMESTAMPTZ')}, {p.typed(cause[:100], 'VARCHAR')}"


async def plan_for_actions() -> None:
    """Action statements are planned without JIT on PostgreSQL: compiling their large plans costs more than it
    saves (about 1.6 s per statement at 1,000,000 contacts). Local to the transaction."""
    if dialect() == "postgres":
        await execute("SET LOCAL jit = off")


# The NOT NULL line columns of an archive row that keeps no line, only contacts and their stint.
NO_LINE = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
           "campaign_response, evaluation, attempt_failed")
NO_LINE_VALUES = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"


async def undo_lines(segment_id: int, which: SqlFn, cause: str) -> int:
    """Delete the lines of `which` for good (Go Back of the Add that inserted them). The membership history
    keeps who they were: one archive row per entry (when and why they entered), holding their contacts as a
    JSON array in line order, instead of a copy of every line. Returns how many lines left."""
    p = Params()
    at, why = p.typed(now(), "TIMESTAMPTZ"), p.typed(cause[:100], "VARCHAR")
    if dialect() == "postgres":
        rows = await fetch_all(
            f"WITH l AS (DELETE FROM segment_line l WHERE {which(p)} RETURNING l.id, l.contact_id, l.entered_at, "
            "l.entered_cause), kept AS (INSERT INTO segment_line_archive (segment_id, contact_ids, entered_at, "
            f"entered_cause, left_at, left_cause, {NO_LINE}) SELECT {p.typed(segment_id, 'INTEGER')}, "
            f"jsonb_agg(l.contact_id ORDER BY l.id), l.entered_at, l.entered_cause, {at}, {why}, {NO_LINE_VALUES} "
            "FROM l GROUP BY l.entered_at, l.entered_cause) SELECT COUNT(*) AS n FROM l",
            p,
        )
        return int(rows[0]["n"])
    await execute(
        "INSERT INTO segment_line_archive (segment_id, contact_ids, entered_at, entered_cause, left_at, left_cause, "
        f"{NO_LINE}) SELECT {p.add(segment_id)}, json_group_array(x.contact_id), x.entered_at, x.entered_cause, "
        f"{at}, {why}, {NO_LINE_VALUES} FROM (SELECT l.id, l.contact_id, l.entered_at, l.entered_cause "
        f"FROM segment_line l WHERE {which(p)} ORDER BY l.id) x GROUP BY x.entered_at, x.entered_cause",
        p,
    )
    q = Params()
    return await execute(f"DELETE FROM segment_line WHERE id IN (SELECT l.id FROM segment_line l WHERE {which(q)})", q)


async def archive_lines(segment_id: int, which: SqlFn, cause: str, undo_action_id: int | None) -> int:
    """Move the lines of `which` (SQL over alias l) to the archive, every field kept, and delete them; Go Back
    of `undo_action_id` (if any) brings them back. Returns how many lines left."""
    p = Params()
    at, why = p.typed(now(), "TIMESTAMPTZ"), p.typed(cause[:100], "VARCHAR")
    undo = p.typed(undo_action_id, "INTEGER")
    archive = (
        f"INSERT INTO segment_line_archive (segment_id, undo_action_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}, "
        f"left_at, left_cause) SELECT l.segment_id, {undo}, {LINE_COLUMN_LIST}, {STINT_COLUMNS}, {at}, {why}"
    )
    if dialect() == "postgres":
        # One statement: the lines are read once, and the archive takes exactly the rows that were deleted.
        return await execute(
            f"WITH l AS (DELETE FROM segment_line l WHERE {which(p)} RETURNING l.*) {archive} FROM l ORDER BY l.id", p
        )
    await execute(f"{archive} FROM segment_line l WHERE {which(p)} ORDER BY l.id", p)
    q = Params()
    return await execute(f"DELETE FROM segment_line WHERE id IN (SELECT l.id FROM segment_line l WHERE {which(q)})", q)


def action_cause(action: SegmentCriteriaAction) -> str:
    return f"manual: action {action.position}" if action.manual else f"action {action.position}"


async def drop_temp(name: str) -> None:
    await execute(f"DROP TABLE IF EXISTS {name}")
