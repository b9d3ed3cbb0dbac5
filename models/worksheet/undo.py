"""Go Back: undo the last action exactly (deleted lines return with every field and their line numbers;
inserted lines leave by line number, never by contact)."""

from __future__ import annotations

from models.enums import ErrorCode, HistoryKind, MembershipEventKind
from models.errors import DomainError
from models.segments import Segment, SegmentCriteriaAction
from models.sql import Params, execute
from models.worksheet.actions import ActionResult
from models.worksheet.lines import LINE_COLUMN_LIST
from models.worksheet.recording import membership_events


async def go_back(segment: Segment) -> ActionResult:
    action = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("-position").first()
    if action is None:
        raise DomainError(
            ErrorCode.CONFLICT, f"Segment {segment.no} has no criteria action to undo.", ["input", "segmentId"]
        )
    result = ActionResult(segment=segment, action=action)
    cause = f"go back: action {action.position}"

    def inserted(p: Params) -> str:
        return (
            f"l.segment_id = {p.add(segment.id)} AND l.line_no IN (SELECT h.line_no FROM segment_history h "
            f"WHERE h.criteria_action_id = {p.add(action.id)} AND h.kind = {p.add(HistoryKind.INSERTION.value)})"
        )

    await membership_events(
        segment.id,
        MembershipEventKind.REMOVED,
        cause,
        lambda p: f"SELECT l.contact_id FROM segment_line l WHERE {inserted(p)}",
    )
    p = Params()
    inserted_ids = (
        f"SELECT l.id FROM segment_line l WHERE l.segment_id = {p.add(segment.id)} AND l.line_no IN "
        f"(SELECT h.line_no FROM segment_history h WHERE h.criteria_action_id = {p.add(action.id)} "
        f"AND h.kind = {p.add(HistoryKind.INSERTION.value)})"
    )
    result.lines_removed = await execute(f"DELETE FROM segment_line WHERE id IN ({inserted_ids})", p)

    p = Params()
    deleted = (
        f"FROM segment_history h WHERE h.criteria_action_id = {p.add(action.id)} "
        f"AND h.kind = {p.add(HistoryKind.DELETION.value)}"
    )
    cols = ", ".join(f"h.{c}" for c in LINE_COLUMN_LIST.split(", "))
    result.lines_added = await execute(
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {cols} {deleted}",
        p,
    )
    if result.lines_added:
        await membership_events(
            segment.id,
            MembershipEventKind.ADDED,
            cause,
            lambda q: (
                f"SELECT h.contact_id FROM segment_history h WHERE h.criteria_action_id = {q.add(action.id)} "
                f"AND h.kind = {q.add(HistoryKind.DELETION.value)}"
            ),
        )
    p = Params()
    await execute(f"DELETE FROM segment_history WHERE criteria_action_id = {p.add(action.id)}", p)
    await action.delete()
    return result
