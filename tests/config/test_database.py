"""The database configuration: asyncpg's pool takes a connection back without the reset round trip, and
still rolls back a transaction left open on it."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import connections

from segmentum.config.database import connection_config, keep_session, tortoise_config
from segmentum.models.system import ApiKey
from tests.conftest import test_db_kind as db_kind
from tests.contacts.test_contacts_sql_count import POOL_RESET, counting


def test_postgres_connections_keep_their_session_and_others_are_left_alone():
    pg = tortoise_config("postgresql://u:p@db.example:5433/app")["connections"]["default"]
    assert pg["engine"] == "tortoise.backends.asyncpg" and pg["credentials"]["reset"] is keep_session
    assert pg["credentials"]["host"] == "db.example" and pg["credentials"]["port"] == 5433
    assert pg["credentials"]["database"] == "app" and pg["credentials"]["user"] == "u"
    assert "reset" not in connection_config("sqlite://db.sqlite3")["credentials"]  # type: ignore[index]
    assert "reset" not in connection_config("psycopg://u@db/app")["credentials"]  # type: ignore[index]
    timed = connection_config("postgres://u@db/app", statement_timeout_ms=500)["credentials"]  # type: ignore[index]
    assert timed["reset"] is keep_session and timed["server_settings"] == {"statement_timeout": "500"}


@pytest.fixture
def postgres_only() -> None:
    if db_kind() != "postgres":
        pytest.skip("asyncpg's pool is PostgreSQL's")


async def test_a_connection_goes_back_to_the_pool_without_a_reset(postgres_only: None,
                                                                 monkeypatch: pytest.MonkeyPatch):
    with counting(monkeypatch) as counter:
        for _ in range(3):
            await ApiKey.filter(name="nobody").first()
    assert len(counter.statements) == 3
    assert not any(s.lstrip().startswith(POOL_RESET) for s in counter.all)


async def test_a_transaction_left_open_is_still_rolled_back(postgres_only: None):
    client: Any = connections.get("default")
    pool = client._pool
    conn = await pool.acquire()
    try:
        await conn.execute("BEGIN")
        await conn.execute("INSERT INTO api_key (name, key_hash, prefix, scopes, created_at) "
                           "VALUES ('left-open', 'h', 'p', '[]', now())")
    finally:
        await pool.release(conn)  # no COMMIT
    assert not await ApiKey.filter(name="left-open").exists()
    async with pool.acquire() as again:
        assert not again.is_in_transaction()
