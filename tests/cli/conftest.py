"""Fixtures for the command line: a database of its own per test (a SQLite file, or a new PostgreSQL database
when the suite runs on PostgreSQL; empty, or a migrated copy of the session's template) and a runner that starts
`python -m segmentum.cli` as a separate process."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.cli.private_postgres import _bin
from tests.conftest import PG_ADMIN_URL, _pg_admin, copy_of, test_db_kind

ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count(1)


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]


@asynccontextmanager
async def fresh_database(directory: Path, template: str | None = None) -> AsyncIterator[str]:
    """The URL of a database that is not the one the rest of the suite uses, dropped afterwards: empty, or with
    `template` (the session's migrated template) a migrated copy of it."""
    if test_db_kind() == "postgres":
        name = f"segmentum_cli_{os.getpid()}_{next(_numbers)}"
        try:
            if template:
                yield await copy_of(template, name)
            else:
                await _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
                await _pg_admin(f'CREATE DATABASE "{name}"')
                yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        finally:
            await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    elif template:
        yield await copy_of(template, str(directory / "segmentum.sqlite3"))
    else:
        yield f"sqlite://{directory}/segmentum.sqlite3"


@pytest.fixture
async def fresh_db(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: for the tests of what the commands do before or while migrating."""
    async with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
async def migrated_db(tmp_path: Path, migrated_template: str) -> AsyncIterator[str]:
    """A migrated database of its own (a copy of the session's template): for the tests of the commands that
    work on a migrated database. Migrating an empty one costs seconds of CPU that such a test does not test."""
    async with fresh_database(tmp_path, migrated_template) as url:
        yield url


@pytest.fixture(scope="session")
async def migrated_pg_dump(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pg_dump's SQL of a migrated PostgreSQL database, for the private servers (tests/cli/private_postgres.py):
    of the session's template when the suite runs on PostgreSQL, else of a database migrated once for them."""
    dump = tmp_path_factory.mktemp("pg-dump") / "migrated.sql"
    if test_db_kind() == "postgres":
        source: str = request.getfixturevalue("migrated_template")
        _pg_dump(source, dump)
        return dump
    name = f"segmentum_cli_dump_{os.getpid()}"
    await _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
    await _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        source = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        migrated = await run_cli(source, "migrate")
        assert migrated.code == 0, migrated.err
        _pg_dump(source, dump)
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return dump


def _pg_dump(url: str, target: Path) -> None:
    subprocess.run([_bin("pg_dump"), "--no-owner", "--no-privileges", "-f", str(target), "-d", url], check=True,
                   capture_output=True, timeout=120)


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update({"DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **extra})
    return env


async def run_cli(database_url: str, *args: str, cwd: Path | None = None, timeout_s: float = 300,
                  **env: str) -> CliResult:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "segmentum.cli", *args, cwd=cwd or ROOT, env=cli_env(database_url, **env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(timeout_s):
        out, err = await proc.communicate()
    return CliResult(proc.returncode or 0, out.decode(), err.decode())


async def query(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Read a database the CLI wrote, without going through this process's Tortoise setup."""
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url[len("sqlite://"):]) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        return [tuple(row) for row in await conn.fetch(sql)]
    finally:
        await conn.close()


async def scalar(database_url: str, sql: str) -> Any:
    return (await query(database_url, sql))[0][0]


async def tables(database_url: str) -> set[str]:
    if database_url.startswith("sqlite://"):
        rows = await query(database_url, "SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = await query(database_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {r[0] for r in rows}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serving(database_url: str, cwd: Path, *args: str) -> AsyncIterator[tuple[str, list[str]]]:
    """Start `segmentum serve`; yields its base URL, once /healthz answers, and the lines it printed (the list
    grows while the server runs: its output is read all along, so a full pipe never blocks it)."""
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "segmentum.cli", "serve", "--port", str(port), *args,
        cwd=cwd, env=cli_env(database_url), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    stdout = proc.stdout
    assert stdout is not None
    printed: list[str] = []
    started = asyncio.Event()

    async def read() -> None:
        while line := (await stdout.readline()).decode():
            printed.append(line.rstrip("\n"))
            if "Uvicorn running on" in line:
                started.set()

    reader = asyncio.create_task(read())
    base = f"http://127.0.0.1:{port}"
    try:
        waiter = asyncio.create_task(started.wait())
        try:
            async with asyncio.timeout(120):
                await asyncio.wait([reader, waiter], return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if not started.is_set():
            raise AssertionError("serve exited early:\n" + "\n".join(printed))
        async with httpx.AsyncClient() as client:
            health = await client.get(f"{base}/healthz")
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"
        yield base, printed
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await proc.wait()
            await reader
