"""Segments: the list and lookups, the header, the worksheet actions and lines, saved criteria, the preview.

Every call decodes its IDs and locks the segment before the domain operation runs."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.criteria.unknown_codes import CodeWarning, unknown_codes
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.rules import segments as header_rules
from segmentum.models.segments import SavedSegmentCriteria, Segment, SegmentLine, SegmentMembershipEvent
from segmentum.models.webhooks import events
from segmentum.models.worksheet import line_edit, manual, saved
from segmentum.models.worksheet.actions import ActionResult
from segmentum.models.worksheet.history_count import events_count
from segmentum.models.worksheet.history_page import events_source
from segmentum.models.worksheet.membership import membership_events
from segmentum.models.worksheet.preview import MAX_SAMPLE
from segmentum.models.worksheet.preview import preview as preview_add
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.requests import ActionKind, ActionRequest
from segmentum.resolvers.commands import OMITTED, CriteriaAction, PreviewRequest, SegmentHeader, SegmentLineChanges
from segmentum.resolvers.criteria import criteria_argument
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page, keyset_rows_page
from segmentum.resolvers.records import by_key, page_by
from segmentum.resolvers.segment_actions import act

# ------------------------------------------------------------------------------------ reading


async def segments_page(first: int | None, after: str | None, last: int | None,
                        before: str | None) -> Page[Segment]:
    return await page_by(Segment, "no", first, after, last, before)


def segment_by_no(loaders: Loaders, no: str) -> Awaitable[Segment | None]:
    return by_key(loaders, Segment, no, "no")


async def lines_page(segment_id: int, first: int | None, after: str | None, last: int | None,
                     before: str | None) -> Page[SegmentLine]:
    """A segment's lines in line order."""
    return await keyset_page(SegmentLine, where=lambda p: f"t.segment_id = {p.add(segment_id)}",
                             order=[OrderKey("t.line_no", kind="bigint")], first=first, after=after, last=last,
                             before=before)


async def membership_events_page(segment_id: int, first: int | None,
                                 after: str | None) -> Page[SegmentMembershipEvent]:
    """A segment's membership events in the order they happened."""
    return await keyset_rows_page(lambda p, cursor, limit: events_source(segment_id, cursor, limit, p),
                                  membership_events, where=lambda p: f"t.segment_id = {p.add(segment_id)}",
                                  order=[OrderKey("t.at", kind="datetime")], first=first, after=after,
                                  id_kind="bigint", total=lambda p: events_count(segment_id, p))


async def saved_criteria_page(first: int | None, after: str | None) -> Page[SavedSegmentCriteria]:
    return await page_by(SavedSegmentCriteria, "code", first, after)


SAMPLE_DEFAULT = 20  # SegmentPreview.sample's `first` when not given


def sample_size(first: int | None) -> int:
    """How many contacts SegmentPreview.sample(first) returns: `first` within 0..MAX_SAMPLE (default 20)."""
    return max(0, min(SAMPLE_DEFAULT if first is None else first, MAX_SAMPLE))


async def preview(request: PreviewRequest) -> tuple[int | None, list[int], list[CodeWarning]]:
    """What an Add would bring: the number of contacts (when asked), the first ids in line order and warnings
    about codes that name no record. Writes nothing. Bad criteria are a DomainError naming them from the query
    argument (criteria.contact...)."""
    criteria = criteria_argument(request.criteria)
    options = request.options
    total, ids = await preview_add(criteria, expand_companies=options.expand_companies,
                                   allow_related_companies=options.allow_related_companies,
                                   ignore_exclusion=options.ignore_exclusion, count=request.count,
                                   sample_size=request.sample)
    return total, ids, await unknown_codes(criteria, ["criteria"])


# ------------------------------------------------------------------------------------ the records behind IDs


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


# ------------------------------------------------------------------------------------ the header


async def create_segment(header: SegmentHeader) -> Segment:
    return await header_rules.create_segment(header.given())


async def update_segment(global_id: Any, header: SegmentHeader, apply_to_lines: bool) -> Segment:
    return await header_rules.update_segment(await locked_segment(global_id, "id"), header.given(), apply_to_lines)


async def delete_segment(global_id: Any) -> Any:
    await header_rules.delete_segment(await locked_segment(global_id, "id"))
    return global_id


# ------------------------------------------------------------------------------------ actions and lines


async def changed(result: ActionResult) -> ActionResult:
    """The action's result, its membership change recorded as one webhook event with counts."""
    await events.membership_changed(result.segment, result.lines_added, result.lines_removed,
                                    events.action_cause(result.action))
    return result


def _request(kind: ActionKind, segment_id: Any, **fields: Any) -> ActionRequest:
    return ActionRequest(kind, decode_id(segment_id, "Segment", "segmentId"), **fields)


def _criteria_request(kind: ActionKind, command: CriteriaAction) -> ActionRequest:
    criteria = Criteria.parse(command.criteria)  # the one reading of the input, before the database
    return _request(kind, command.segment_id, criteria=criteria.stored_form(), parsed=criteria,
                    options=command.options.columns())


async def add_contacts(command: CriteriaAction) -> ActionResult:
    return await act(_criteria_request(ActionKind.ADD, command))


async def remove_contacts(command: CriteriaAction, refine: bool) -> ActionResult:
    return await act(_criteria_request(ActionKind.REFINE if refine else ActionKind.REDUCE, command))


async def go_back(segment_id: Any) -> ActionResult:
    return await act(_request(ActionKind.GO_BACK, segment_id))


async def line_add(segment_id: Any, contact_id: Any) -> ActionResult:
    segment = await locked_segment(segment_id)
    return await changed(await manual.add_line(segment, await contact_by_id(contact_id)))


async def line_remove(line_id: Any) -> ActionResult:
    segment, line = await line_by_id(line_id)
    return await changed(await manual.remove_line(segment, line))


async def line_update(line_id: Any, changes: SegmentLineChanges) -> SegmentLine:
    """Edit a line; a new `contact_id` replaces its contact (recorded as Reduce + Add)."""
    segment, line = await line_by_id(line_id)
    if changes.contact_id is not OMITTED:
        if changes.contact_id is None:
            raise DomainError(ErrorCode.REQUIRED, "A segment line needs a contact.", ["input", "contactId"])
        contact = await contact_by_id(changes.contact_id)
        if contact.id != line.contact_id:
            line = await manual.change_contact(segment, line, contact)
            await events.membership_changed(segment, 1, 1, {"kind": "ACTION", "action": "CHANGE_CONTACT",
                                                            "manual": True})
    return await line_edit.update_line(segment, line, {k: v for k, v in changes.given().items() if k != "contact_id"})


# ------------------------------------------------------------------------------------ saved criteria


async def save_criteria(segment_id: Any, code: str, description: str | None) -> SavedSegmentCriteria:
    segment = await locked_segment(segment_id)
    return await saved.save_criteria(segment, code, description)


async def reuse_criteria(segment_id: Any, code: str, confirm: bool) -> ActionResult:
    return await act(_request(ActionKind.REUSE_CRITERIA, segment_id, saved_criteria_code=code,
                              confirm_existing=confirm))


async def delete_saved_criteria(global_id: Any) -> Any:
    saved_criteria = await SavedSegmentCriteria.get_or_none(id=decode_id(global_id, "SavedSegmentCriteria"))
    if saved_criteria is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Saved segment criteria {global_id} does not exist.", ["input", "id"])
    await saved_criteria.delete()
    return global_id
