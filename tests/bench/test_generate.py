"""A generated bench database is the production schema: bench.generate drops the big tables' constraints and
indexes for its load, and must put every one of them back."""

from __future__ import annotations

import asyncio
import sys

import asyncpg
import pytest

from bench.generate import asyncpg_url
from tests.conftest import PG_ADMIN_URL, PG_TEST_DB
from tests.conftest import test_db_kind as db_kind

pytestmark = pytest.mark.skipif(db_kind() != "postgres", reason="the bench runs on PostgreSQL")

CATALOG = [
    "SELECT conrelid::regclass::text AS tbl, conname AS name, contype::text AS kind, convalidated AS valid, "
    "pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
    "SELECT tablename AS tbl, indexname AS name, 'index' AS kind, TRUE AS valid, indexdef AS def "
    "FROM pg_indexes WHERE schemaname = 'public'",
]


async def _catalog(url: str) -> set[tuple]:
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        return {tuple(row) for sql in CATALOG for row in await conn.fetch(sql)}
    finally:
        await conn.close()


async def test_generated_database_has_the_constraints_and_indexes_of_a_migrated_one(db: str) -> None:
    bench_url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{PG_TEST_DB}_bench"
    # In its own process, as the bench runs it: its migration run must not touch the test session's Tortoise.
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.generate", "--contacts", "200",
                                                "--database-url", bench_url, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    assert proc.returncode == 0, out
    try:
        generated, migrated = await _catalog(bench_url), await _catalog(db)
        assert generated - migrated == set()
        assert migrated - generated == set()
        # The ones the load drops are among them: the unique contact number and the link tables' keys.
        assert any(t == "contact" and k == "u" for t, _, k, _, _ in generated)
        assert sum(1 for t, _, k, _, _ in generated if t.startswith("contact_") and k == "f") >= 10
    finally:
        conn = await asyncpg.connect(asyncpg_url(PG_ADMIN_URL))
        await conn.execute(f'DROP DATABASE IF EXISTS "{PG_TEST_DB}_bench" WITH (FORCE)')
        await conn.close()
