"""The interaction log: logged segments and entries, canceling, evaluating, recording one interaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

import segmentum.schema.enums  # noqa: F401 - registers the model enums with Strawberry
from segmentum.models.enums import CorrespondenceType, Evaluation
from segmentum.resolvers import interactions
from segmentum.resolvers.commands import InteractionFields
from segmentum.schema import terms
from segmentum.schema.criteria.inputs import InteractionFilter
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import command, plain
from segmentum.schema.interactions.types import CampaignEntry, InteractionLogEntry, LoggedSegment
from segmentum.schema.mutation import perform
from segmentum.schema.relay import After, Connection, First


@strawberry.input(description="The record and whether it is canceled.")
class SetCanceledInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    canceled: bool = strawberry.field(description=terms.CANCELED)


@strawberry.input(description="Which canceled logged segments to delete.")
class DeleteCanceledInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Omitted: every canceled logged segment."
    )


@strawberry.input(description="The evaluation to record on an interaction log entry.")
class InteractionEvaluateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    evaluation: Evaluation = strawberry.field(description=terms.EVALUATION)


@strawberry.input(description="One interaction to record with a contact, from a template.")
class InteractionCreateInput:
    contact_id: strawberry.ID = strawberry.field(description=terms.CONTACT_ID)
    template_code: str = strawberry.field(description=terms.TEMPLATE_CODE)
    date: datetime.date | None = strawberry.field(default=None, description=terms.DATE)
    description: str | None = strawberry.field(default=None, description=terms.DESCRIPTION)
    subject: str | None = strawberry.field(default=None, description=terms.SUBJECT)
    salesperson_code: str | None = strawberry.field(default=None, description=terms.looked_up("salesperson"))
    cost_lcy: Decimal | None = strawberry.field(default=None, description=terms.COST_LCY)
    duration_min: int | None = strawberry.field(default=None, description=terms.DURATION_MIN)
    campaign_no: str | None = strawberry.field(default=None, description=terms.CAMPAIGN_NO)
    evaluation: Evaluation | None = strawberry.field(default=None, description=terms.EVALUATION)
    attempt_failed: bool | None = strawberry.field(default=None, description=terms.ATTEMPT_FAILED)
    correspondence_type: CorrespondenceType | None = strawberry.field(
        default=None, description=terms.CORRESPONDENCE_TYPE)


@strawberry.type(description=terms.payload("logged segment"))
class LoggedSegmentPayload:
    logged_segment: LoggedSegment | None = strawberry.field(description=terms.payload_record("logged segment"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("interaction log entry"))
class InteractionLogEntryPayload:
    interaction_log_entry: InteractionLogEntry | None = strawberry.field(
        description=terms.payload_record("interaction log entry"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("delete count"))
class DeleteCountPayload:
    deleted_count: int = strawberry.field(description="How many records were deleted.")
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)
    deleted_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="The IDs of the records deleted, for a client to evict them from its cache.")


@strawberry.type
class InteractionLogQueries:
    @strawberry.field(description="Logged segments, in the order they were logged.")
    async def logged_segments(self, first: First = None, after: After = None) -> Connection[LoggedSegment]:
        return Connection.from_page(await interactions.logged_segments_page(first, after))

    @strawberry.field(description="The logged segment of this segment number, or null.")
    async def logged_segment(
        self,
        info: strawberry.Info,
        segment_no: Annotated[str, strawberry.argument(description="The number of the segment that was logged.")],
    ) -> LoggedSegment | None:
        return await interactions.logged_segment_by_no(info.context.loaders, segment_no)  # type: ignore[return-value]

    @strawberry.field(description="Interactions in entry order; the filter holds for the entry itself.")
    async def interaction_log_entries(
        self,
        first: First = None,
        after: After = None,
        filter: Annotated[
            InteractionFilter | None,
            strawberry.argument(description="Conditions the entries must match; omitted: all."),
        ] = None,
    ) -> Connection[InteractionLogEntry]:
        conditions = plain(filter) if filter is not None else None
        return Connection.from_page(await interactions.entries_page(first, after, conditions))

    @strawberry.field(description="The interaction log entry with this entry number, or null.")
    async def interaction_log_entry(
        self, info: strawberry.Info, entry_no: Annotated[int, strawberry.argument(description="The entry number.")]
    ) -> InteractionLogEntry | None:
        return await interactions.entry_by_no(info.context.loaders, entry_no)  # type: ignore[return-value]

    @strawberry.field(description="The campaign entry with this entry number, or null.")
    async def campaign_entry(
        self,
        info: strawberry.Info,
        entry_no: Annotated[int, strawberry.argument(description="The campaign entry's entry number.")],
    ) -> CampaignEntry | None:
        return await interactions.campaign_entry_by_no(info.context.loaders, entry_no)  # type: ignore[return-value]


@strawberry.type
class InteractionLogMutations:
    @strawberry.mutation(description="Cancel a logged segment (or undo the cancellation), with all its interaction log "
                                     "entries.")
    async def logged_segment_set_canceled(self, input: SetCanceledInput) -> LoggedSegmentPayload:
        obj, errors = await perform(lambda: interactions.set_logged_segment_canceled(input.id, input.canceled))
        return LoggedSegmentPayload(logged_segment=obj, user_errors=errors)

    @strawberry.mutation(description="Delete canceled logged segments (all, or those of `ids`); their entries stay, "
                                     "unlinked. Returns the IDs deleted.")
    async def logged_segments_delete_canceled(self, input: DeleteCanceledInput) -> DeleteCountPayload:
        ids, errors = await perform(lambda: interactions.delete_canceled_logged_segments(input.ids))
        return DeleteCountPayload(deleted_count=len(ids or []), user_errors=errors,
                                  deleted_ids=[relay.GlobalID("LoggedSegment", str(pk)) for pk in ids or []])

    @strawberry.mutation(description="Cancel an interaction log entry (or undo the cancellation).")
    async def interaction_log_entry_set_canceled(self, input: SetCanceledInput) -> InteractionLogEntryPayload:
        obj, errors = await perform(lambda: interactions.set_entry_canceled(input.id, input.canceled))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

    @strawberry.mutation(description="Record how an interaction went.")
    async def interaction_log_entry_evaluate(self, input: InteractionEvaluateInput) -> InteractionLogEntryPayload:
        obj, errors = await perform(lambda: interactions.evaluate_entry(input.id, input.evaluation))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

    @strawberry.mutation(description=terms.create_mutation("interaction"))
    async def interaction_create(self, input: InteractionCreateInput) -> InteractionLogEntryPayload:
        new = command(InteractionFields, input, nulls=False)
        obj, errors = await perform(lambda: interactions.create_interaction(new))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)
