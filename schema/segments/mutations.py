"""Segment worksheet mutations: each one transaction, userErrors mean nothing changed."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from segmentum.resolvers import segments as worksheet
from segmentum.resolvers.commands import ActionOptions, CriteriaAction, SegmentHeader, SegmentLineChanges
from segmentum.schema import terms
from segmentum.schema.errors import UserError, warnings_of
from segmentum.schema.inputs import command, plain
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.segments.inputs import (
    SavedSegmentCriteriaPayload,
    SegmentActionPayload,
    SegmentAddContactsInput,
    SegmentCreateInput,
    SegmentLineAddInput,
    SegmentLinePayload,
    SegmentLineRemoveInput,
    SegmentLineUpdateInput,
    SegmentPayload,
    SegmentRefInput,
    SegmentRemoveContactsInput,
    SegmentReuseCriteriaInput,
    SegmentSaveCriteriaInput,
    SegmentUpdateInput,
)


def action_payload(result: Any, errors: list[UserError]) -> SegmentActionPayload:
    """The payload of a worksheet action from its ActionResult (None when the action had userErrors)."""
    if result is None:
        return SegmentActionPayload(segment=None, user_errors=errors)
    if result.job is not None:
        return SegmentActionPayload(segment=result.segment, job=result.job)
    return SegmentActionPayload(
        segment=result.segment,
        lines_added=result.lines_added,
        lines_removed=result.lines_removed,
        skipped_excluded=result.skipped_excluded,
        skipped_existing=result.skipped_existing,
        skipped_privacy_blocked=result.skipped_privacy_blocked,
        user_errors=[],
        removed_line_ids=[relay.GlobalID("SegmentLine", str(pk)) for pk in result.removed_line_ids],
        warnings=warnings_of(result.warnings),
    )


def _action(input: SegmentAddContactsInput | SegmentRemoveContactsInput) -> CriteriaAction:
    return CriteriaAction(input.segment_id, plain(input.criteria), ActionOptions.of(input))


@strawberry.type
class SegmentMutations:
    @strawberry.mutation(description=terms.create_mutation("segment"))
    async def segment_create(self, input: SegmentCreateInput) -> SegmentPayload:
        segment, errors = await perform(lambda: worksheet.create_segment(command(SegmentHeader, input, nulls=False)))
        return SegmentPayload(segment=segment, user_errors=errors)

    @strawberry.mutation(
        description="Header changes go to the lines that follow the header template "
        "when applyToLines (default true); a template change re-derives them."
    )
    async def segment_update(self, input: SegmentUpdateInput) -> SegmentPayload:
        segment, errors = await perform(lambda: worksheet.update_segment(
            input.id, command(SegmentHeader, input, skip=("id", "apply_to_lines")), input.apply_to_lines is not False))
        return SegmentPayload(segment=segment, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("segment"))
    async def segment_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: worksheet.delete_segment(input.id), input)

    @strawberry.mutation(description="Add Contacts: contacts matching the criteria become lines of the segment (BC's "
                                     "Add Contacts), as one criteria action.")
    async def segment_add_contacts(self, input: SegmentAddContactsInput) -> SegmentActionPayload:
        return action_payload(*await perform(lambda: worksheet.add_contacts(_action(input))))

    @strawberry.mutation(description="Reduce Contacts: lines whose contacts match the criteria are removed, as one "
                                     "criteria action.")
    async def segment_reduce_contacts(self, input: SegmentRemoveContactsInput) -> SegmentActionPayload:
        return action_payload(
            *await perform(lambda: worksheet.remove_contacts(_action(input), refine=False))
        )

    @strawberry.mutation(description="Refine Contacts: only lines whose contacts match the criteria stay, as one "
                                     "criteria action.")
    async def segment_refine_contacts(self, input: SegmentRemoveContactsInput) -> SegmentActionPayload:
        return action_payload(
            *await perform(lambda: worksheet.remove_contacts(_action(input), refine=True))
        )

    @strawberry.mutation(description="Undo the last criteria action exactly.")
    async def segment_go_back(self, input: SegmentRefInput) -> SegmentActionPayload:
        return action_payload(*await perform(lambda: worksheet.go_back(input.segment_id)))

    @strawberry.mutation(description="Add one contact to a segment by hand (recorded as a manual Add action).")
    async def segment_line_add(self, input: SegmentLineAddInput) -> SegmentActionPayload:
        return action_payload(*await perform(lambda: worksheet.line_add(input.segment_id, input.contact_id)))

    @strawberry.mutation(description="Remove one line from a segment (recorded as a manual Reduce action); "
                                     "removedLineIds names it.")
    async def segment_line_remove(self, input: SegmentLineRemoveInput) -> SegmentActionPayload:
        return action_payload(*await perform(lambda: worksheet.line_remove(input.id)))

    @strawberry.mutation(description=terms.update_mutation("segment line"))
    async def segment_line_update(self, input: SegmentLineUpdateInput) -> SegmentLinePayload:
        changes = command(SegmentLineChanges, input, skip=("id",))
        line, errors = await perform(lambda: worksheet.line_update(input.id, changes))
        return SegmentLinePayload(line=line, user_errors=errors)

    @strawberry.mutation(description="Save the segment's criteria actions under a code, to reuse them on other "
                                     "segments.")
    async def segment_save_criteria(self, input: SegmentSaveCriteriaInput) -> SavedSegmentCriteriaPayload:
        saved, errors = await perform(lambda: worksheet.save_criteria(input.segment_id, input.code, input.description))
        return SavedSegmentCriteriaPayload(saved_criteria=saved, user_errors=errors)

    @strawberry.mutation(description="Apply saved criteria actions to the segment, in order.")
    async def segment_reuse_criteria(self, input: SegmentReuseCriteriaInput) -> SegmentActionPayload:
        return action_payload(
            *await perform(
                lambda: worksheet.reuse_criteria(
                    input.segment_id, input.saved_criteria_code, bool(input.confirm_existing_criteria)
                )
            )
        )

    @strawberry.mutation(description=terms.delete_mutation("saved segment criteria"))
    async def saved_segment_criteria_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: worksheet.delete_saved_criteria(input.id), input)
