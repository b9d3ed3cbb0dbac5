"""The interaction log: logged segments and entries, canceling, evaluating, recording one interaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry
from strawberry import relay

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models.enums import CorrespondenceType, Evaluation
from resolvers import interactions
from schema.criteria.inputs import InteractionFilter
from schema.errors import UserError
from schema.inputs import plain
from schema.interactions.types import CampaignEntry, InteractionLogEntry, LoggedSegment
from schema.mutation import perform
from schema.relay import Connection


@strawberry.input
class SetCanceledInput:
    id: strawberry.ID
    canceled: bool


@strawberry.input
class DeleteCanceledInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Omitted: every canceled logged segment."
    )


@strawberry.input
class InteractionEvaluateInput:
    id: strawberry.ID
    evaluation: Evaluation


@strawberry.input
class InteractionCreateInput:
    contact_id: strawberry.ID
    template_code: str
    date: datetime.date | None = None
    description: str | None = None
    subject: str | None = None
    salesperson_code: str | None = None
    cost_lcy: Decimal | None = None
    duration_min: int | None = None
    campaign_no: str | None = None
    evaluation: Evaluation | None = None
    attempt_failed: bool | None = None
    correspondence_type: CorrespondenceType | None = None


@strawberry.type
class LoggedSegmentPayload:
    logged_segment: LoggedSegment | None
    user_errors: list[UserError]


@strawberry.type
class InteractionLogEntryPayload:
    interaction_log_entry: InteractionLogEntry | None
    user_errors: list[UserError]


@strawberry.type
class DeleteCountPayload:
    deleted_count: int
    user_errors: list[UserError]
    deleted_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="The IDs of the records deleted, for a client to evict them from its cache.")


@strawberry.type
class InteractionLogQueries:
    @strawberry.field
    async def logged_segments(self, first: int | None = None, after: str | None = None) -> Connection[LoggedSegment]:
        return Connection.from_page(await interactions.logged_segments_page(first, after))

    @strawberry.field
    async def logged_segment(self, info: strawberry.Info, segment_no: str) -> LoggedSegment | None:
        return await interactions.logged_segment_by_no(info.context.loaders, segment_no)  # type: ignore[return-value]

    @strawberry.field(description="Interactions in entry order; the filter holds for the entry itself.")
    async def interaction_log_entries(self, first: int | None = None, after: str | None = None,
                                      filter: InteractionFilter | None = None) -> Connection[InteractionLogEntry]:
        conditions = plain(filter) if filter is not None else None
        return Connection.from_page(await interactions.entries_page(first, after, conditions))

    @strawberry.field
    async def interaction_log_entry(self, info: strawberry.Info, entry_no: int) -> InteractionLogEntry | None:
        return await interactions.entry_by_no(info.context.loaders, entry_no)  # type: ignore[return-value]

    @strawberry.field(description="The campaign entry with this entry number, or null.")
    async def campaign_entry(self, info: strawberry.Info, entry_no: int) -> CampaignEntry | None:
        return await interactions.campaign_entry_by_no(info.context.loaders, entry_no)  # type: ignore[return-value]


@strawberry.type
class InteractionLogMutations:
    @strawberry.mutation
    async def logged_segment_set_canceled(self, input: SetCanceledInput) -> LoggedSegmentPayload:
        obj, errors = await perform(lambda: interactions.set_logged_segment_canceled(input.id, input.canceled))
        return LoggedSegmentPayload(logged_segment=obj, user_errors=errors)

    @strawberry.mutation
    async def logged_segments_delete_canceled(self, input: DeleteCanceledInput) -> DeleteCountPayload:
        ids, errors = await perform(lambda: interactions.delete_canceled_logged_segments(input.ids))
        return DeleteCountPayload(deleted_count=len(ids or []), user_errors=errors,
                                  deleted_ids=[relay.GlobalID("LoggedSegment", str(pk)) for pk in ids or []])

    @strawberry.mutation
    async def interaction_log_entry_set_canceled(self, input: SetCanceledInput) -> InteractionLogEntryPayload:
        obj, errors = await perform(lambda: interactions.set_entry_canceled(input.id, input.canceled))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_log_entry_evaluate(self, input: InteractionEvaluateInput) -> InteractionLogEntryPayload:
        obj, errors = await perform(lambda: interactions.evaluate_entry(input.id, input.evaluation))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_create(self, input: InteractionCreateInput) -> InteractionLogEntryPayload:
        obj, errors = await perform(lambda: interactions.create_interaction(input.contact_id, plain(input)))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)
