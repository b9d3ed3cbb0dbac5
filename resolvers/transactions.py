"""Every mutation is one transaction; one that lost a race is run again.

Two requests that both pass a rule check (the number is free, the contact has no lines) and then both write
meet a unique or foreign-key violation in the database. The loser's transaction is rolled back and its work
runs again from the start: the rule check now sees the winner's row and answers as it always does
(ALREADY_EXISTS, IN_USE, ...). When the work keeps losing, the answer is CONFLICT. Nothing of a lost
attempt is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise.transactions import in_transaction

from segmentum.models.db_errors import is_race
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError

T = TypeVar("T")

ATTEMPTS = 3


async def atomically(work: Callable[[], Awaitable[T]]) -> T:
    """`work()` in one transaction, run again (up to ATTEMPTS times) when it lost a race."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with in_transaction():
                return await work()
        except DomainError:
            raise
        except Exception as exc:
            if not is_race(exc):
                raise
            if attempt == ATTEMPTS:
                raise DomainError(ErrorCode.CONFLICT, "Other requests changed the same records at the same time; "
                                  "nothing was changed, try again.") from exc
    raise AssertionError("unreachable")  # pragma: no cover
