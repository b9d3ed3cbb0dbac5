"""SQLite's time budget per statement (models/sqlite_backend.py): a progress handler interrupts a statement
that runs longer than the statement timeout, as PostgreSQL's statement_timeout cancels one, and the connection
goes on serving. Runs whatever SEGMENTUM_TEST_DB says: it opens its own SQLite file."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from segmentum.config.database import connection_config
from segmentum.models.db_errors import is_timeout
from segmentum.models.sqlite_backend import SegmentumSqliteClient

# A statement that runs for minutes: a billion rows counted.
ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
           "SELECT COUNT(*) FROM c")


async def _client(path: Path, timeout_ms: int) -> SegmentumSqliteClient:
    config = connection_config(f"sqlite://{path}", timeout_ms)
    assert isinstance(config, dict)
    client = SegmentumSqliteClient(connection_name="budget", **config["credentials"])
    await client.create_connection(with_db=True)
    return client


async def test_a_statement_over_the_budget_is_interrupted_and_the_connection_serves_on(tmp_path: Path) -> None:
    client = await _client(tmp_path / "budget.sqlite3", 1000)
    try:
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            await client.execute_query(ENDLESS)
        elapsed = time.monotonic() - started
        assert is_timeout(raised.value), repr(raised.value)
        assert 1.0 <= elapsed < 6, elapsed
        # Each statement has its own budget: the next ones run.
        for _ in range(3):
            assert await client.execute_query_dict("SELECT 1 AS one") == [{"one": 1}]
        # The budget counts from each statement's start, not the connection's: a statement of some hundred
        # thousand steps, well after the connection's first second, runs.
        await asyncio.sleep(1.2)
        assert await client.execute_query_dict(ENDLESS.replace("1000000000", "50000")) == [{"COUNT(*)": 50000}]
        # A long transaction of short statements is not a long statement.
        await client.execute_script("CREATE TABLE t (x INTEGER)")
        for i in range(5):
            await client.execute_query("INSERT INTO t VALUES (?)", [i])
            await asyncio.sleep(0.3)
        assert await client.execute_query_dict("SELECT COUNT(*) AS n FROM t") == [{"n": 5}]
    finally:
        await client.close()


async def test_without_a_timeout_nothing_is_interrupted(tmp_path: Path) -> None:
    client = await _client(tmp_path / "free.sqlite3", 0)
    try:
        assert await client.execute_query_dict(ENDLESS.replace("1000000000", "300000")) == [{"COUNT(*)": 300000}]
    finally:
        await client.close()
