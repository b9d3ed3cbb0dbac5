"""Go Back: undo the last action exactly (deleted lines return with every field and their line numbers;
inserted lines leave by line number, never by contact). A removed line whose contact has since become
privacy-blocked stays out (SPEC §2.2: no action adds one); with nothing to undo, nothing happens (as BC)."""

from __future__ import annotations

from models.enums import HistoryKind, MembershipEventKind
from models.segments import Segment, SegmentCriteriaAction
from models.sql import Params, execute, fetch_value
from models.worksheet.actions import ActionResult
from models.worksheet.lines import LINE_COLUMN_LIST
from models.worksheet.recording import membership_events


async def go_back(segment: Segment) -> ActionResult:
    action = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("-position").first()
    if action is None:
        return ActionResult(segment=segment)
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

    def deleted(q: Params) -> str:
        return (
            f"FROM segment_history h LEFT JOIN contact c ON c.id = h.contact_id "
            f"WHERE h.criteria_action_id = {q.add(action.id)} AND h.kind = {q.add(HistoryKind.DELETION.value)}"
        )

    p = Params()
    result.skipped_privacy_blocked = int(
        await fetch_value(f"SELECT COUNT(*) {deleted(p)} AND c.privacy_blocked", p) or 0
    )
    p = Params()
    cols = ", ".join(f"h.{c}" for c in LINE_COLUMN_LIST.split(", "))
    restorable = f"{deleted(p)} AND (c.id IS NULL OR NOT c.privacy_blocked)"
    result.lines_added = await execute(
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {cols} {restorable}",
        p,
    )
    if result.lines_added:
        await membership_events(
            segment.id,
            MembershipEventKind.ADDED,
            cause,
            lambda q: f"SELECT h.contact_id {deleted(q)} AND (c.id IS NULL OR NOT c.privacy_blocked)",
        )
    p = Params()
    await execute(f"DELETE FROM segment_history WHERE criteria_action_id = {p.add(action.id)}", p)
    await action.delete()
    return result
