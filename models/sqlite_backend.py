"""Tortoise's SQLite backend, with the collation and the function that the criteria SQL names registered on every
connection, and a time budget per statement.

The database configuration names this module as the engine of SQLite connections.

SQLite has no statement_timeout: a progress handler (called every PROGRESS_STEPS virtual machine instructions)
interrupts a statement that has run longer than `statement_timeout_ms`, as PostgreSQL cancels one. The
statement's start is noted by the trace callback, which SQLite calls when a statement starts. The statement
fails with "interrupted" (models/db_errors.py: a timeout), and its transaction is rolled back.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from tortoise.backends.sqlite.client import SqliteClient

from segmentum.models.criteria import collation, numbers

# Virtual machine instructions between two looks at the clock: a few microseconds of work each.
PROGRESS_STEPS = 10_000


class StatementBudget:
    """Interrupts the connection's statement once it has run `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()

    def statement_started(self, _sql: str) -> None:
        self.started = time.monotonic()

    def over(self) -> int:
        return 1 if time.monotonic() - self.started > self.seconds else 0


def _register(connection: sqlite3.Connection, statement_timeout_ms: int) -> None:
    collation.register(connection)
    numbers.register(connection)
    if statement_timeout_ms > 0:
        budget = StatementBudget(statement_timeout_ms / 1000)
        connection.set_trace_callback(budget.statement_started)
        connection.set_progress_handler(budget.over, PROGRESS_STEPS)


class SegmentumSqliteClient(SqliteClient):
    def __init__(self, file_path: str, statement_timeout_ms: int | str = 0, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self.statement_timeout_ms = int(statement_timeout_ms or 0)

    async def _post_connect(self) -> None:
        await super()._post_connect()
        conn = self._connection
        if conn is not None:
            # sqlite3 objects belong to the thread that made them: aiosqlite's worker thread.
            timeout = self.statement_timeout_ms
            await conn._execute(lambda: _register(conn._conn, timeout))


client_class = SegmentumSqliteClient
