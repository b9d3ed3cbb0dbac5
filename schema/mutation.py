"""Running a mutation: one transaction; domain errors become userErrors and roll everything back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.resolvers import webhooks
from segmentum.resolvers.transactions import atomically
from segmentum.schema import terms
from segmentum.schema.errors import UserError, user_errors


@strawberry.input(description="The record to delete.")
class DeleteInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the record to delete.")
    delete_persons: bool = strawberry.field(
        default=False,
        description="contactDelete of a company only: delete its persons with it, in the same transaction (as BC "
                    "does); their interactions and the company's are kept, detached from any contact. Without it a "
                    "company with persons is IN_USE. Every other delete refuses true (INVALID).",
    )


@strawberry.type(description=terms.payload("delete"))
class DeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the record deleted, for a client to evict it from its cache; null on userErrors.")
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)
    deleted_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Every record the delete removed, for a client to evict them from its cache: the record itself, "
                    "then those removed with it (a company's persons with deletePersons).",
    )


async def perform(work: Callable[[], Awaitable[Any]]) -> tuple[Any, list[UserError]]:
    """Run `work` in one transaction; on a DomainError nothing is kept and the errors are returned. A transaction
    that lost a race with another request runs again, so that the rule checks answer (resolvers/transactions.py).

    The result is what the resolver returned (a model object stands for its GraphQL type in the payload)."""
    try:
        result = await atomically(work)
    except DomainError as exc:
        return None, user_errors(exc)
    # Committed: the webhook events it recorded are delivered now (or by the next sweep, should this fail).
    await webhooks.after_commit()
    return result, []


async def perform_delete(work: Callable[[], Awaitable[Any]], input: DeleteInput | None = None, *,
                         persons: bool = False) -> DeletePayload:
    """perform() for a delete whose resolver returns the deleted record's global ID. `persons`: the delete reads
    `deletePersons` (contactDelete); any other refuses it."""
    if input is not None and input.delete_persons and not persons:
        error = DomainError(ErrorCode.INVALID, "deletePersons is for contactDelete of a company; leave it out here.",
                            ["input", "deletePersons"])
        return DeletePayload(deleted_id=None, user_errors=user_errors(error))
    deleted, errors = await perform(work)
    ids = deleted if isinstance(deleted, list) else [deleted] if deleted is not None else []
    return DeletePayload(deleted_id=ids[0] if ids else None, user_errors=errors, deleted_ids=ids)
