"""What a database error means for the request that met it, read from the error and its causes.

asyncpg errors carry their SQLSTATE; Tortoise wraps them (keeping them as the cause); SQLite says it in the
message of sqlite3.IntegrityError / OperationalError.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator

UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
QUERY_CANCELED = "57014"  # statement_timeout (or a cancel request)

# Left by a concurrent request: running the same work again meets the rule check instead.
RACE_STATES = frozenset({UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION, SERIALIZATION_FAILURE, DEADLOCK_DETECTED})
_SQLITE_RACES = ("UNIQUE constraint failed", "FOREIGN KEY constraint failed", "database is locked")


def causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and the exceptions it was raised from, nearest first (bounded: chains may loop)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 20:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def sqlstates(exc: BaseException) -> set[str]:
    return {state for e in causes(exc) if isinstance(state := getattr(e, "sqlstate", None), str)}


def is_race(exc: BaseException) -> bool:
    """A unique or foreign-key violation, a serialization failure or a deadlock: another transaction got there
    first."""
    if sqlstates(exc) & RACE_STATES:
        return True
    return any(isinstance(e, sqlite3.IntegrityError | sqlite3.OperationalError)
               and any(text in str(e) for text in _SQLITE_RACES) for e in causes(exc))


def is_timeout(exc: BaseException) -> bool:
    """The statement ran longer than statement_timeout and was canceled (on SQLite: interrupted by the budget
    of models/sqlite_backend.py)."""
    if QUERY_CANCELED in sqlstates(exc):
        return True
    return any(isinstance(e, sqlite3.OperationalError) and str(e) == "interrupted" for e in causes(exc))


UNDEFINED_TABLE = "42P01"


def is_missing_table(exc: BaseException) -> bool:
    """A table is not there: the database was never migrated."""
    if UNDEFINED_TABLE in sqlstates(exc):
        return True
    return any("no such table" in str(e) for e in causes(exc) if isinstance(e, sqlite3.OperationalError)
               or type(e).__name__ == "OperationalError")


# Connection-level failures: the server is gone, refuses connections, or dropped this one.
_UNAVAILABLE_STATES = frozenset({"08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03"})


def is_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached (refused, reset, shut down): not the request's fault."""
    for e in causes(exc):
        if isinstance(e, ConnectionError | socket.gaierror):
            return True
        if getattr(e, "sqlstate", None) in _UNAVAILABLE_STATES:
            return True
        if type(e).__name__ in ("ConnectionDoesNotExistError", "InterfaceError", "DBConnectionError"):
            return True
    return False
