"""The interaction log: logged segments and entries, canceling, evaluating, recording one interaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import strawberry

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models import interactions as m
from models.criteria.catalog import INTERACTION_FIELDS
from models.criteria.compile import field_conditions
from models.criteria.validate import validate_criteria
from models.enums import CorrespondenceType, Evaluation
from models.errors import DomainError
from models.rules import interactions as rules
from models.rules.common import get_for_update
from models.sql import Params
from resolvers.ids import decode_id
from schema.criteria.inputs import InteractionFilter, criteria_to_dict
from schema.errors import UserError, bad_user_input
from schema.inputs import plain
from schema.interactions.types import InteractionLogEntry, LoggedSegment
from schema.masters.classifications import keyset_connection, run
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


def _entry_filter(value: InteractionFilter | None) -> dict[str, Any]:
    """The filter as the criteria engine's dict (the INTERACTION source, applied to the entry itself)."""
    if value is None:
        return {}
    conditions = criteria_to_dict(value)
    try:
        validate_criteria({"interaction": conditions}, ("filter",))
    except DomainError as exc:
        raise bad_user_input(str(exc)) from exc
    return conditions


@strawberry.type
class InteractionLogQueries:
    @strawberry.field
    async def logged_segments(self, first: int | None = None, after: str | None = None) -> Connection[LoggedSegment]:
        return await keyset_connection(m.LoggedSegment, [], first, after)

    @strawberry.field
    async def logged_segment(self, info: strawberry.Info, segment_no: str) -> LoggedSegment | None:
        return await info.context.loaders.by_key(m.LoggedSegment, "segment_no").load(segment_no.strip().upper())

    @strawberry.field(description="Interactions in entry order; the filter holds for the entry itself.")
    async def interaction_log_entries(self, first: int | None = None, after: str | None = None,
                                      filter: InteractionFilter | None = None) -> Connection[InteractionLogEntry]:
        conditions = _entry_filter(filter)
        if not conditions:
            return await keyset_connection(m.InteractionLogEntry, [], first, after)

        def where(p: Params) -> str:
            return " AND ".join(field_conditions(INTERACTION_FIELDS, conditions, "t", p, None))

        return await keyset_connection(m.InteractionLogEntry, [], first, after, where=where)

    @strawberry.field
    async def interaction_log_entry(self, info: strawberry.Info, entry_no: int) -> InteractionLogEntry | None:
        return await info.context.loaders.by_id(m.InteractionLogEntry).load(entry_no)


@strawberry.type
class InteractionLogMutations:
    @strawberry.mutation
    async def logged_segment_set_canceled(self, input: SetCanceledInput) -> LoggedSegmentPayload:
        async def work() -> m.LoggedSegment:
            obj = await get_for_update(m.LoggedSegment, decode_id(input.id, "LoggedSegment"))
            return await rules.set_logged_segment_canceled(obj, input.canceled)

        obj, errors = await run(work)
        return LoggedSegmentPayload(logged_segment=obj, user_errors=errors)

    @strawberry.mutation
    async def logged_segments_delete_canceled(self, input: DeleteCanceledInput) -> DeleteCountPayload:
        async def work() -> int:
            ids = None
            if input.ids is not None:
                ids = [decode_id(gid, "LoggedSegment", "ids", str(i)) for i, gid in enumerate(input.ids)]
            return await rules.delete_canceled_logged_segments(ids)

        count, errors = await perform(work)
        return DeleteCountPayload(deleted_count=count or 0, user_errors=errors)

    @strawberry.mutation
    async def interaction_log_entry_set_canceled(self, input: SetCanceledInput) -> InteractionLogEntryPayload:
        async def work() -> m.InteractionLogEntry:
            obj = await get_for_update(m.InteractionLogEntry, decode_id(input.id, "InteractionLogEntry"))
            return await rules.set_entry_canceled(obj, input.canceled)

        obj, errors = await run(work)
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_log_entry_evaluate(self, input: InteractionEvaluateInput) -> InteractionLogEntryPayload:
        async def work() -> m.InteractionLogEntry:
            obj = await get_for_update(m.InteractionLogEntry, decode_id(input.id, "InteractionLogEntry"))
            return await rules.evaluate_entry(obj, input.evaluation)

        obj, errors = await run(work)
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_create(self, input: InteractionCreateInput) -> InteractionLogEntryPayload:
        async def work() -> m.InteractionLogEntry:
            contact_id = decode_id(input.contact_id, "Contact", "contactId")
            return await rules.create_interaction(contact_id, plain(input))

        obj, errors = await run(work)
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)
