"""Running a mutation: one transaction; domain errors become userErrors and roll everything back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from tortoise.transactions import in_transaction

from models.errors import DomainError
from schema.errors import UserError, user_errors

T = TypeVar("T")


@strawberry.input
class DeleteInput:
    id: strawberry.ID


@strawberry.type
class DeletePayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


async def perform(work: Callable[[], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """Run `work` in one transaction; on a DomainError nothing is kept and the errors are returned."""
    try:
        async with in_transaction():
            return await work(), []
    except DomainError as exc:
        return None, user_errors(exc)
