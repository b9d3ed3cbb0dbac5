"""Manual line maintenance, recorded as criteria actions as BC's segment page does (BC §3.1)."""

from __future__ import annotations

from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.enums import ErrorCode, SegmentAction
from segmentum.models.errors import DomainError
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.sql import Params, execute
from segmentum.models.worksheet.actions import ActionResult, delete_lines, insert_lines
from segmentum.models.worksheet.lines import LINE_COLUMN_LIST, init_select, line_defaults
from segmentum.models.worksheet.recording import (
    STINT_COLUMNS,
    action_cause,
    check_line_room,
    record_action,
    stint_values,
)
from segmentum.models.worksheet.store import keep_pending


def _contact_filter(contact: Contact) -> dict[str, Any]:
    return {"contact": {"no": {"eq": contact.no}}}


def check_can_add(contact: Contact, *field: str) -> None:
    if contact.privacy_blocked:
        raise DomainError(
            ErrorCode.PRIVACY_BLOCKED,
            f"Contact {contact.no} is blocked due to privacy and cannot be added to a segment.",
            ["input", *(field or ("contactId",))],
        )


async def add_line(segment: Segment, contact: Contact) -> ActionResult:
    check_can_add(contact)
    await check_line_room(segment.id, 1)
    action = await record_action(segment, SegmentAction.ADD, _contact_filter(contact), manual=True)
    p = Params()
    added = await insert_lines(segment, action, f"SELECT id FROM contact WHERE id = {p.add(contact.id)}", p)
    action.lines_added = added
    await action.save(update_fields=["lines_added"])
    return ActionResult(segment=segment, action=action, lines_added=added)


async def remove_line(segment: Segment, line: SegmentLine) -> ActionResult:
    contact = await Contact.get(id=line.contact_id)
    action = await record_action(segment, SegmentAction.REDUCE, _contact_filter(contact), manual=True)
    removed = await delete_lines(action, f"SELECT id FROM segment_line WHERE id = {int(line.id)}")
    action.lines_removed = removed
    await action.save(update_fields=["lines_removed"])
    return ActionResult(segment=segment, action=action, lines_removed=removed,
                        removed_line_ids=[line.id] if removed else [])


async def change_contact(segment: Segment, line: SegmentLine, contact: Contact) -> SegmentLine:
    """A Reduce action for the old contact and an Add action for the new one; the line keeps its number
    and is initialised again from the header and the new contact."""
    check_can_add(contact)
    old = await Contact.get(id=line.contact_id)
    reduce = await record_action(segment, SegmentAction.REDUCE, _contact_filter(old), manual=True)
    reduce.lines_removed = await delete_lines(reduce, f"SELECT id FROM segment_line WHERE id = {int(line.id)}")
    await reduce.save(update_fields=["lines_removed"])

    add = await record_action(segment, SegmentAction.ADD, _contact_filter(contact), manual=True)
    p = Params()
    defaults = await line_defaults(segment)
    await execute(
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {init_select(defaults, p, p.typed(line.line_no, 'BIGINT'))}, "
        f"{stint_values(add.id, action_cause(add), p)} FROM contact c WHERE c.id = {p.add(contact.id)}",
        p,
    )
    await keep_pending(segment.id, lambda q: f"l.line_no = {q.add(line.line_no)}")
    add.lines_added = 1
    await add.save(update_fields=["lines_added"])
    return await SegmentLine.get(segment_id=segment.id, line_no=line.line_no)
