"""Recording an action: the criteria row, and the archive of the lines it removes (Go Back and membership)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from segmentum.models.enums import ErrorCode, SegmentAction
from segmentum.models.errors import DomainError
from segmentum.models.line_references import hold_line_references
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, dialect, execute, fetch_value
from segmentum.models.system import created_by
from segmentum.models.worksheet.options import NO_OPTIONS, ActionOptions


async def lock_segment(segment_id: int) -> Segment:
    """The segment, row-locked on PostgreSQL so that concurrent actions on it run one after another; first the
    line writers' shared lock, so that no contact or master is deleted under the lines this transaction writes
    (models.line_references)."""
    await hold_line_references()
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
    reuse_logged: bool = False,
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
        "reuse_logged": reuse_logged,
        "created_by_id": created_by(),
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


# A segment's line numbers step 10,000 (as BC) in a 64-bit column; the API's lineNo (LineNo) is a JSON integer
# that every client reads exactly, so at most 2^53 - 1.
LINE_STEP = 10_000
MAX_LINE_NO = 2**53 - 1


async def max_contact_id() -> int:
    return int(await fetch_value("SELECT COALESCE(MAX(id), 0) FROM contact") or 0)


async def check_line_room(segment_id: int, most_new_lines: int | None = None) -> None:
    """Refuse, before any work, an action that could number a line past MAX_LINE_NO: a coded error naming the
    limit. `most_new_lines` bounds the lines it inserts; by default the highest contact id (an action inserts at
    most one line per contact, and there are no more contacts than that id), read from the end of an index."""
    if most_new_lines is None:
        most_new_lines = await max_contact_id()
    if await last_line_no(segment_id) + LINE_STEP * most_new_lines > MAX_LINE_NO:
        raise DomainError(
            ErrorCode.INVALID,
            f"The action could number lines past {MAX_LINE_NO:,} (line numbers step {LINE_STEP:,}, from the "
            f"segment's last line number): renumber or split the segment.",
            ["input"],
        )


def action_cause(action: SegmentCriteriaAction) -> str:
    return f"manual: action {action.position}" if action.manual else f"action {action.position}"


async def drop_temp(name: str) -> None:
    await execute(f"DROP TABLE IF EXISTS {name}")
