"""Fixtures for the command line: a fresh database per test (a SQLite file, or a new PostgreSQL database when
the suite runs on PostgreSQL) and a runner that starts `python -m segmentum.cli` as a separate process."""

from __future__ import annotations

import asyncio
import itertools
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests.conftest import PG_ADMIN_URL, _pg_admin, test_db_kind

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


@pytest.fixture
async def fresh_db(tmp_path: Path) -> AsyncIterator[str]:
    """The URL of an empty database, not the one the rest of the suite uses."""
    if test_db_kind() == "postgres":
        name = f"segmentum_cli_{os.getpid()}_{next(_numbers)}"
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        await _pg_admin(f'CREATE DATABASE "{name}"')
        yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite://{tmp_path}/segmentum.sqlite3"


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
