"""Segment worksheet mutations: each one transaction, userErrors mean nothing changed."""

from __future__ import annotations

import strawberry

from models.enums import ErrorCode
from models.errors import DomainError
from models.rules import segments as header_rules
from models.segments import SavedSegmentCriteria as SavedModel
from models.worksheet import line_edit, manual
from models.worksheet.actions import ActionResult
from resolvers import segments as worksheet
from resolvers.ids import decode_id
from schema.criteria.inputs import criteria_to_dict
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform
from schema.segments.inputs import (
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


def _action_payload(result: ActionResult | None, errors: list) -> SegmentActionPayload:
    if result is None:
        return SegmentActionPayload(segment=None, user_errors=errors)
    return SegmentActionPayload(
        segment=result.segment,  # type: ignore[arg-type]
        lines_added=result.lines_added,
        lines_removed=result.lines_removed,
        skipped_excluded=result.skipped_excluded,
        skipped_existing=result.skipped_existing,
        skipped_privacy_blocked=result.skipped_privacy_blocked,
        user_errors=[],
    )


def _criteria(value: object) -> dict:
    return criteria_to_dict(value) if value is not None else {}


@strawberry.type
class SegmentMutations:
    @strawberry.mutation
    async def segment_create(self, input: SegmentCreateInput) -> SegmentPayload:
        segment, errors = await perform(lambda: header_rules.create_segment(plain(input) or {}))
        return SegmentPayload(segment=segment, user_errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Header changes go to the lines that follow the header template "
        "when applyToLines (default true); a template change re-derives them."
    )
    async def segment_update(self, input: SegmentUpdateInput) -> SegmentPayload:
        async def work():  # type: ignore[no-untyped-def]
            segment = await worksheet.locked_segment(input.id, "id")
            changes = {
                k: (v.value if hasattr(v, "value") else v)
                for k, v in provided(input, exclude=("id", "apply_to_lines")).items()
            }
            return await header_rules.update_segment(segment, changes, input.apply_to_lines is not False)

        segment, errors = await perform(work)
        return SegmentPayload(segment=segment, user_errors=errors)

    @strawberry.mutation
    async def segment_delete(self, input: DeleteInput) -> DeletePayload:
        async def work() -> strawberry.ID:
            segment = await worksheet.locked_segment(input.id, "id")
            await header_rules.delete_segment(segment)
            return input.id

        deleted, errors = await perform(work)
        return DeletePayload(deleted_id=deleted, user_errors=errors)

    @strawberry.mutation
    async def segment_add_contacts(self, input: SegmentAddContactsInput) -> SegmentActionPayload:
        return _action_payload(*await perform(lambda: worksheet.add_contacts(plain(input), _criteria(input.criteria))))

    @strawberry.mutation
    async def segment_reduce_contacts(self, input: SegmentRemoveContactsInput) -> SegmentActionPayload:
        return _action_payload(
            *await perform(lambda: worksheet.remove_contacts(plain(input), _criteria(input.criteria), refine=False))
        )

    @strawberry.mutation
    async def segment_refine_contacts(self, input: SegmentRemoveContactsInput) -> SegmentActionPayload:
        return _action_payload(
            *await perform(lambda: worksheet.remove_contacts(plain(input), _criteria(input.criteria), refine=True))
        )

    @strawberry.mutation(description="Undo the last criteria action exactly.")
    async def segment_go_back(self, input: SegmentRefInput) -> SegmentActionPayload:
        return _action_payload(*await perform(lambda: worksheet.go_back(input.segment_id)))

    @strawberry.mutation
    async def segment_line_add(self, input: SegmentLineAddInput) -> SegmentActionPayload:
        return _action_payload(*await perform(lambda: worksheet.line_add(input.segment_id, input.contact_id)))

    @strawberry.mutation
    async def segment_line_remove(self, input: SegmentLineRemoveInput) -> SegmentActionPayload:
        return _action_payload(*await perform(lambda: worksheet.line_remove(input.id)))

    @strawberry.mutation
    async def segment_line_update(self, input: SegmentLineUpdateInput) -> SegmentLinePayload:
        async def work():  # type: ignore[no-untyped-def]
            segment, line = await worksheet.line_by_id(input.id)
            changes = {k: (v.value if hasattr(v, "value") else v) for k, v in provided(input).items()}
            contact_id = changes.pop("contact_id", None)
            if "contact_id" in provided(input):
                if contact_id is None:
                    raise DomainError(ErrorCode.REQUIRED, "A segment line needs a contact.", ["input", "contactId"])
                contact = await worksheet.contact_by_id(contact_id)
                if contact.id != line.contact_id:
                    line = await manual.change_contact(segment, line, contact)
            return await line_edit.update_line(segment, line, changes)

        line, errors = await perform(work)
        return SegmentLinePayload(line=line, user_errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def segment_save_criteria(self, input: SegmentSaveCriteriaInput) -> SavedSegmentCriteriaPayload:
        saved, errors = await perform(lambda: worksheet.save_criteria(input.segment_id, input.code, input.description))
        return SavedSegmentCriteriaPayload(saved_criteria=saved, user_errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def segment_reuse_criteria(self, input: SegmentReuseCriteriaInput) -> SegmentActionPayload:
        return _action_payload(
            *await perform(
                lambda: worksheet.reuse_criteria(
                    input.segment_id, input.saved_criteria_code, bool(input.confirm_existing_criteria)
                )
            )
        )

    @strawberry.mutation
    async def saved_segment_criteria_delete(self, input: DeleteInput) -> DeletePayload:
        async def work() -> strawberry.ID:
            saved = await SavedModel.get_or_none(id=decode_id(input.id, "SavedSegmentCriteria"))
            if saved is None:
                raise DomainError(
                    ErrorCode.NOT_FOUND, f"Saved segment criteria {input.id} does not exist.", ["input", "id"]
                )
            await saved.delete()
            return input.id

        deleted, errors = await perform(work)
        return DeletePayload(deleted_id=deleted, user_errors=errors)
