"""Test fixtures: a real database (PostgreSQL or SQLite, chosen by SEGMENTUM_TEST_DB), a copy of a template
migrated once per session, emptied after every test; a GraphQL executor with a full-scope API key; factories."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from tortoise import Tortoise

from segmentum.config.database import migrate, tortoise_config
from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.models.sql import execute
from segmentum.resolvers.loaders import Loaders
from segmentum.schema.context import Context, Viewer
from segmentum.schema.root import build_schema
from segmentum.workers import queue

PG_ADMIN_URL = os.environ.get("SEGMENTUM_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")
PG_TEST_DB = f"segmentum_test_{os.getpid()}"


def test_db_kind() -> str:
    kind = os.environ.get("SEGMENTUM_TEST_DB", "postgres").lower()
    if kind not in ("postgres", "sqlite"):
        raise RuntimeError(f"SEGMENTUM_TEST_DB must be 'postgres' or 'sqlite', got {kind!r}")
    return kind


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


PG_TEMPLATE_DB = f"segmentum_template_{os.getpid()}"


def _pg_url(name: str) -> str:
    return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"


@pytest.fixture(scope="session")
async def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A database migrated once per session, which nothing connects to afterwards; every migrated database the
    suite needs (its own, the command line's, the served GraphiQL's) is a copy of it.

    Applying the migrations to an empty database costs seconds of CPU (Tortoise rebuilds its model state once
    per migration), while a copy costs a fraction of a second: CREATE DATABASE ... TEMPLATE on PostgreSQL, a file
    copy on SQLite. The tests that are about migrating (the `migrate` command, `serve` on an empty database,
    tests/migrations) still start from an empty database."""
    if test_db_kind() == "postgres":
        await _pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE_DB}"')
        await _pg_admin(f'CREATE DATABASE "{PG_TEMPLATE_DB}"')
        await migrate(_pg_url(PG_TEMPLATE_DB))  # closes its connections: the template can be copied
        yield _pg_url(PG_TEMPLATE_DB)
        await _pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE_DB}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "segmentum-template.sqlite3"
        await migrate(f"sqlite://{path}")
        yield f"sqlite://{path}"


async def copy_of(template_url: str, target: str) -> str:
    """A copy of the migrated template: `target` is a PostgreSQL database name (made anew) or a SQLite file path;
    the copy's URL."""
    if template_url.startswith("sqlite://"):
        shutil.copyfile(template_url[len("sqlite://"):], target)  # migrate() closed it: no journal left beside it
        return f"sqlite://{target}"
    await _pg_admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    await _pg_admin(f'CREATE DATABASE "{target}" TEMPLATE "{template_url.rsplit("/", 1)[1]}"')
    return _pg_url(target)


@pytest.fixture(scope="session")
async def database_url(migrated_template: str) -> AsyncIterator[str]:
    """The suite's database: a copy of the migrated template."""
    if test_db_kind() == "postgres":
        url = await copy_of(migrated_template, PG_TEST_DB)
        yield url
        await Tortoise.close_connections()
        await _pg_admin(f'DROP DATABASE IF EXISTS "{PG_TEST_DB}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield await copy_of(migrated_template, f"{tmp}/segmentum-test.sqlite3")
            await Tortoise.close_connections()


@pytest.fixture(scope="session", autouse=True)
async def db(database_url: str) -> AsyncIterator[str]:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    yield database_url
    await Tortoise.close_connections()


def _tables() -> list[str]:
    return [m._meta.db_table for m in Tortoise.apps.get_models_iterable()]  # type: ignore[attr-defined]


async def empty_tables(db_url: str) -> None:
    """Empty every table and restart the identities.

    On PostgreSQL a TRUNCATE of every table costs 0.1-0.6 s (it replaces each table's files), which over the
    suite's ~900 tests was most of its time. Most tests write a handful of rows to a few tables, so one server-side
    block deletes rows (foreign-key triggers off for this transaction only), truncates only the tables that hold
    many rows, and restarts only the sequences that were used."""
    tables = _tables()
    if "postgres" in db_url:
        await execute(_PG_EMPTY.replace("__TABLES__", ", ".join(f"'{t}'" for t in tables)))
    else:
        await execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            await execute(f"DELETE FROM {table}")
        await execute("DELETE FROM sqlite_sequence")
        await execute("PRAGMA foreign_keys = ON")


_PG_EMPTY = """
DO $$
DECLARE
  t text;
  big text[] := '{}';
  many boolean;
  r record;
BEGIN
  PERFORM set_config('session_replication_role', 'replica', true);
  FOREACH t IN ARRAY ARRAY[__TABLES__]::text[] LOOP
    EXECUTE format('SELECT count(*) > 5000 FROM (SELECT 1 FROM %I LIMIT 5001) s', t) INTO many;
    IF many THEN
      big := big || t;
    ELSE
      EXECUTE format('DELETE FROM %I', t);
    END IF;
  END LOOP;
  IF cardinality(big) > 0 THEN
    EXECUTE 'TRUNCATE ' || (SELECT string_agg(format('%I', b), ', ') FROM unnest(big) b) || ' CASCADE';
  END IF;
  FOR r IN SELECT schemaname, sequencename FROM pg_sequences WHERE last_value IS NOT NULL LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I RESTART', r.schemaname, r.sequencename);
  END LOOP;
END $$
"""


@pytest.fixture(autouse=True)
async def _clean(db: str) -> AsyncIterator[None]:
    yield
    await empty_tables(db)


async def use_queue(redis_url: str | None = None) -> Settings:
    """Configure the job queue as a process does at its start: the settings as the environment says now (a test
    changes it with monkeypatch.setenv first), on Redis at `redis_url`, else in-process."""
    settings = dataclasses.replace(Settings.from_env(), redis_url=redis_url)
    await queue.configure(settings, JOBS)
    return settings


def job_context() -> dict[str, Any]:
    """What run_job finds in its context under arq (see segmentum/worker.py), for a test that calls it itself."""
    return {"settings": Settings.from_env(), "jobs": JOBS}


@pytest.fixture(autouse=True)
async def _queue() -> None:
    """Every test starts with jobs run in-process, with the settings of the environment."""
    await use_queue()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def schema(settings: Settings) -> Any:
    return build_schema(settings)


Gql = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def gql(schema: Any, settings: Settings) -> Gql:
    """Execute a document with a full-scope key; fails the test on top-level errors unless expect_errors."""

    async def run(query: str, variables: dict[str, Any] | None = None, *, expect_errors: bool = False,
                  scopes: tuple[str, ...] = ("read", "write", "admin")) -> dict[str, Any]:
        ctx = Context(settings=settings, viewer=Viewer("test", frozenset(scopes)), loaders=Loaders())
        result = await schema.execute(query, variable_values=variables, context_value=ctx)
        if expect_errors:
            return {"data": result.data, "errors": result.errors or []}
        assert not result.errors, result.errors
        return result.data or {}

    return run


@pytest.fixture
async def in_process() -> AsyncIterator[None]:
    """Jobs run as tasks of this event loop, whatever REDIS_URL says."""
    await use_queue()
    yield
    async with asyncio.timeout(60):
        await queue.drain()
    await queue.shutdown()
