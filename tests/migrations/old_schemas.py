"""Databases built by the migrations up to the targets the scripts of tests/migrations start from, built once per
session and copied for each script.

Each script applies the migrations up to its target to an empty database, writes rows as they were stored then,
and migrates to the latest. Applying migrations costs seconds of CPU each time (Tortoise rebuilds its model state
for every migration), so the databases at the targets are built once, each from a copy of the one at the target
before it (0003, then 0004 from it, then 0010, ...), and a script gets a copy of the one at its target: its own
`init_migrated_to` then finds nothing to apply, and what it writes and migrates is as before. A script whose
target is not found in its source (written differently) gets an empty database, as before."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests import conftest
from tests.conftest import PG_TEST_DB, _pg_admin, _pg_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGET = re.compile(r'init_migrated_to\(\s*url\s*,\s*"(models\.\d{4}_\w+)"\s*\)')

_built: dict[str, str] = {}  # target -> the PostgreSQL database name or SQLite file of the database built to it


def target_of(script: str) -> str | None:
    """The one target the script (a module name under tests.migrations) migrates to first, if its source says."""
    found = set(TARGET.findall((HERE / f"{script.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8")))
    return found.pop() if len(found) == 1 else None


def _targets() -> list[str]:
    found: set[str] = set()
    for path in HERE.glob("*.py"):
        found.update(TARGET.findall(path.read_text(encoding="utf-8")))
    return sorted(found)  # the migration names start with their number: this is the order they apply in


def _migrate_to(url: str, target: str) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.migrations.migrated_to", url, target], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


async def build(scratch: Path) -> None:
    """Build the database at every target, each from a copy of the one at the target before it."""
    previous: str | None = None
    for number, target in enumerate(_targets()):
        if conftest.test_db_kind() == "postgres":
            name = f"{PG_TEST_DB}_old_{number}"
            await _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
            await _pg_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{previous}"' if previous else ""))
            url = _pg_url(name)
        else:
            name = str(scratch / f"old_{number}.sqlite3")
            if previous:
                shutil.copyfile(previous, name)
            url = f"sqlite://{name}"
        _migrate_to(url, target)
        _built[target] = previous = name


async def drop() -> None:
    for name in _built.values():
        if conftest.test_db_kind() == "postgres":
            await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _built.clear()


@asynccontextmanager
async def database_for(script: str, suffix: str, scratch: Path) -> AsyncIterator[str]:
    """The URL of a new database for the script: a copy of the one built to its target, else empty."""
    template = _built.get(target_of(script) or "")
    if conftest.test_db_kind() == "postgres":
        name = f"{PG_TEST_DB}_{suffix}"
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        await _pg_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            yield _pg_url(name)
        finally:
            await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = scratch / f"{suffix}.sqlite3"
        if template:
            shutil.copyfile(template, path)
        yield f"sqlite://{path}"
