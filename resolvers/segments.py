"""Segment worksheet calls: decode IDs, lock the segment, run the domain operation."""

from __future__ import annotations

from typing import Any

from models.contacts import Contact
from models.enums import ErrorCode
from models.errors import DomainError
from models.segments import SavedSegmentCriteria, Segment, SegmentLine
from models.worksheet import actions, manual, saved, undo
from models.worksheet.actions import ActionResult
from models.worksheet.recording import lock_segment
from resolvers.ids import decode_id


async def locked_segment(segment_id: Any, field: str = "segmentId") -> Segment:
    return await lock_segment(decode_id(segment_id, "Segment", field))


async def contact_by_id(contact_id: Any, field: str = "contactId") -> Contact:
    contact = await Contact.get_or_none(id=decode_id(contact_id, "Contact", field))
    if contact is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Contact {contact_id} does not exist.", ["input", field])
    return contact


async def line_by_id(line_id: Any) -> tuple[Segment, SegmentLine]:
    line = await SegmentLine.get_or_none(id=decode_id(line_id, "SegmentLine", "id"))
    if line is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Segment line {line_id} does not exist.", ["input", "id"])
    segment = await lock_segment(line.segment_id)
    # Re-read under the lock: a concurrent action may have removed it meanwhile.
    fresh = await SegmentLine.get_or_none(id=line.id)
    if fresh is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Segment line {line_id} does not exist.", ["input", "id"])
    return segment, fresh


async def add_contacts(data: dict[str, Any], criteria: dict[str, Any]) -> ActionResult:
    segment = await locked_segment(data["segment_id"])
    return await actions.add_contacts(
        segment,
        criteria,
        allow_existing_contacts=bool(data.get("allow_existing_contacts")),
        expand_companies=bool(data.get("expand_companies")),
        allow_related_companies=bool(data.get("allow_related_companies")),
        ignore_exclusion=bool(data.get("ignore_exclusion")),
        allow_no_filter=bool(data.get("allow_no_filter")),
    )


async def remove_contacts(data: dict[str, Any], criteria: dict[str, Any], refine: bool) -> ActionResult:
    segment = await locked_segment(data["segment_id"])
    return await actions.remove_contacts(
        segment,
        criteria,
        refine=refine,
        entire_companies=bool(data.get("entire_companies")),
        allow_no_filter=bool(data.get("allow_no_filter")),
    )


async def go_back(segment_id: Any) -> ActionResult:
    return await undo.go_back(await locked_segment(segment_id))


async def line_add(segment_id: Any, contact_id: Any) -> ActionResult:
    segment = await locked_segment(segment_id)
    return await manual.add_line(segment, await contact_by_id(contact_id))


async def line_remove(line_id: Any) -> ActionResult:
    segment, line = await line_by_id(line_id)
    return await manual.remove_line(segment, line)


async def save_criteria(segment_id: Any, code: str, description: str | None) -> SavedSegmentCriteria:
    segment = await locked_segment(segment_id)
    return await saved.save_criteria(segment, code, description)


async def reuse_criteria(segment_id: Any, code: str, confirm: bool) -> ActionResult:
    segment = await locked_segment(segment_id)
    return await saved.reuse_criteria(segment, code, confirm)
