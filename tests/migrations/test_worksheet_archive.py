"""Migration 0004 carries segments built before it over without loss: line tags, restorable lines, every event."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import asyncpg

from tests import conftest
from tests.conftest import PG_ADMIN_URL, PG_TEST_DB

ROOT = Path(__file__).resolve().parents[2]


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _run(url: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.migrations.old_worksheet", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


async def test_segments_with_history_and_events_survive_the_migration():
    if conftest.test_db_kind() == "postgres":
        name = f"{PG_TEST_DB}_m2"
        await _admin(f'DROP DATABASE IF EXISTS "{name}"')
        await _admin(f'CREATE DATABASE "{name}"')
        try:
            out = _run(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
        finally:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = _run(f"sqlite://{tmp}/old.sqlite3")
    add, reduce = out["ids"]["add"], out["ids"]["reduce"]
    a, b, c = (out["contacts"][no] for no in "ABC")
    assert sorted(out["tags"]) == [[10000, add], [30000, add]]
    assert out["restorable"] == [[20000, reduce, add, "Personal"]]
    assert out["events"] == [
        [a, "ADDED", "2026-03-01 09:00", "action 1"],
        [b, "ADDED", "2026-03-01 09:00", "action 1"],
        [c, "ADDED", "2026-03-01 09:00", "action 1"],
        [b, "REMOVED", "2026-03-02 09:00", "action 2"],
    ]
    # Go Back of the Reduce brings B back exactly; Go Back of the Add then takes every line by its tag.
    assert out["go_back"][0] == [1, 0, [[10000, a, None], [20000, b, "Personal"], [30000, c, None]]]
    assert out["go_back"][1] == [0, 3, []]
