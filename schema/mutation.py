"""Running a mutation: one transaction; domain errors become userErrors and roll everything back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from models.errors import DomainError
from resolvers.transactions import atomically
from schema.errors import UserError, user_errors


@strawberry.input
class DeleteInput:
    id: strawberry.ID


@strawberry.type
class DeletePayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


async def perform(work: Callable[[], Awaitable[Any]]) -> tuple[Any, list[UserError]]:
    """Run `work` in one transaction; on a DomainError nothing is kept and the errors are returned. A transaction
    that lost a race with another request runs again, so that the rule checks answer (resolvers/transactions.py).

    The result is what the resolver returned (a model object stands for its GraphQL type in the payload)."""
    try:
        return await atomically(work), []
    except DomainError as exc:
        return None, user_errors(exc)


async def perform_delete(work: Callable[[], Awaitable[Any]]) -> DeletePayload:
    """perform() for a delete whose resolver returns the deleted record's global ID."""
    deleted, errors = await perform(work)
    return DeletePayload(deleted_id=deleted, user_errors=errors)
