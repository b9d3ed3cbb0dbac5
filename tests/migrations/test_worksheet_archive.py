"""Migrations 0004 to 0006 carry segments built before them over without loss: line tags, restorable lines,
every event, the contacts of Adds not yet undone."""

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


def _run(script: str, url: str) -> dict:
    done = subprocess.run([sys.executable, "-m", script, url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _run_script(script: str, suffix: str) -> dict:
    """The script's answer, run on a new empty database of the kind under test."""
    if conftest.test_db_kind() == "postgres":
        name = f"{PG_TEST_DB}_{suffix}"
        await _admin(f'DROP DATABASE IF EXISTS "{name}"')
        await _admin(f'CREATE DATABASE "{name}"')
        try:
            return _run(script, f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
        finally:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with tempfile.TemporaryDirectory() as tmp:
        return _run(script, f"sqlite://{tmp}/old.sqlite3")


async def test_segments_with_history_and_events_survive_the_migration():
    out = await _run_script("tests.migrations.old_worksheet", "m2")
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


async def test_an_add_not_yet_undone_gets_its_pending_row_and_its_go_back_stays_exact():
    """Migration 0005 on a database built by 0001–0004: the contacts of every Add's current lines become its
    pending archive row; history written before stays as it was read."""
    out = await _run_script("tests.migrations.before_pending", "m5")
    assert out["pending"] == [[True, True, "action 1", ["A", "C"]]]
    assert out["moved"] == 0  # 0006: no row written before it records a move
    if conftest.test_db_kind() == "postgres":  # 0006: room on the lines' pages for re-tags in place
        assert out["line_options"] == ["fillfactor=90"]
    assert out["undone"] == [["D", "ADDED", "action 1"], ["D", "REMOVED", "go back: action 1"]]
    before = [["A", "ADDED", "action 1"], ["B", "ADDED", "action 1"], ["C", "ADDED", "action 1"],
              ["B", "REMOVED", "action 2"]]
    assert sorted(out["events_before"][:3]) == before[:3] and out["events_before"][3:] == before[3:]
    assert out["go_back"] == [[1, 0], [0, 3]]
    after = out["events_after"]
    assert sorted(after[:3]) == before[:3] and after[3:5] == [before[3], ["B", "ADDED", "go back: action 2"]]
    assert sorted(after[5:]) == [[no, "REMOVED", "go back: action 1"] for no in ("A", "B", "C")]

