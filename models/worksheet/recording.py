"""Recording an action: the criteria row, the history of its line changes, membership events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from models.enums import ErrorCode, HistoryKind, MembershipEventKind, SegmentAction
from models.errors import DomainError
from models.segments import Segment, SegmentCriteriaAction
from models.sql import Params, execute, fetch_value
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


async def snapshot_lines(action: SegmentCriteriaAction, kind: HistoryKind, line_filter: SqlFn) -> int:
    """Copy every field of the lines selected by `line_filter` (SQL over alias l) into the history."""
    p = Params()
    seg = p.typed(action.segment_id, "INTEGER")
    act = p.typed(action.id, "INTEGER")
    knd = p.typed(kind.value, "VARCHAR")
    cols = ", ".join(f"l.{c}" for c in LINE_COLUMN_LIST.split(", "))
    return await execute(
        f"INSERT INTO segment_history (segment_id, criteria_action_id, kind, {LINE_COLUMN_LIST}) "
        f"SELECT {seg}, {act}, {knd}, {cols} FROM segment_line l WHERE {line_filter(p)}",
        p,
    )


async def membership_events(segment_id: int, kind: MembershipEventKind, cause: str, contact_sql: SqlFn) -> None:
    """One event per contact id produced by `contact_sql` (a SELECT of contact ids)."""
    p = Params()
    now = datetime.now(UTC)
    await execute(
        "INSERT INTO segment_membership_event (segment_id, contact_id, kind, at, cause) "
        f"SELECT {p.typed(segment_id, 'INTEGER')}, x.contact_id, {p.typed(kind.value, 'VARCHAR')}, "
        f"{p.typed(now, 'TIMESTAMPTZ')}, {p.typed(cause[:100], 'VARCHAR')} FROM ({contact_sql(p)}) x "
        "WHERE x.contact_id IS NOT NULL",
        p,
    )


def action_cause(action: SegmentCriteriaAction) -> str:
    return f"manual: action {action.position}" if action.manual else f"action {action.position}"


async def drop_temp(name: str) -> None:
    await execute(f"DROP TABLE IF EXISTS {name}")
