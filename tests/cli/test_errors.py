"""What a newcomer meets when DATABASE_URL or REDIS_URL is not as the README assumes: one or two lines that say
what is wrong and what to do, a non-zero exit, and nothing served that cannot work."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import ROOT, CliResult, free_port, run_cli, scalar, tables
from tests.cli.private_postgres import PASSWORD, private_postgres
from tests.conftest import PG_ADMIN_URL, _pg_admin

PG_BASE = PG_ADMIN_URL.rsplit("/", 1)[0]  # postgres://postgres@127.0.0.1:5432


def refused(result: CliResult, *expected: str) -> str:
    """The command failed with one or two lines on stderr holding every expected text, and printed nothing else."""
    assert result.code == 1, (result.code, result.out, result.err)
    assert "Traceback" not in result.err + result.out
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, result.err
    for text in expected:
        assert text in result.err, result.err
    return result.err


@pytest.mark.parametrize(("url", "expected"), [
    ("foo://somewhere/x", ["has the scheme 'foo'", "postgres://user:password@host:5432/name", "sqlite://"]),
    ("nothing-like-a-url", ["has no scheme"]),
    ("psycopg://postgres@127.0.0.1:5432/test", ["needs the Python package 'psycopg', which is not installed",
                                                "pip install psycopg", "postgres://"]),
    (f"postgres://postgres:not-shown@127.0.0.1:{free_port()}/x", ["connection refused", "start PostgreSQL"]),
    ("postgres://segmentum_no_such_role@127.0.0.1:5432/test", ["refused the user 'segmentum_no_such_role'",
                                                                "createuser"]),
    ("postgres://postgres@no-such-host.invalid:5432/test", ["host 'no-such-host.invalid'", "is not known"]),
])
async def test_a_database_url_that_cannot_work_is_named_with_what_to_do(
        tmp_path: Path, url: str, expected: list[str]) -> None:
    for command in (["migrate"], ["api-key", "list"]):
        message = refused(await run_cli(url, *command, cwd=tmp_path, timeout_s=60), *expected)
        assert "not-shown" not in message  # a password is never printed


async def test_serve_refuses_a_database_it_cannot_reach_before_printing_its_url(tmp_path: Path) -> None:
    url = f"postgres://postgres@127.0.0.1:{free_port()}/x"
    result = await run_cli(url, "serve", "--port", str(free_port()), cwd=tmp_path, timeout_s=60)
    refused(result, "connection refused")
    assert result.out == ""


async def test_a_sqlite_file_in_a_missing_folder_fails_at_once(tmp_path: Path) -> None:
    for url, folder in (("sqlite:///segmentum-missing-folder/x.sqlite3", "/segmentum-missing-folder"),
                        ("sqlite://missing-folder/x.sqlite3", "missing-folder")):
        started = time.monotonic()
        result = await run_cli(url, "migrate", cwd=tmp_path, timeout_s=60)
        assert time.monotonic() - started < 20  # it used to hang for good
        refused(result, f"The folder '{folder}'", f"mkdir -p {folder}")
    assert not (tmp_path / "missing-folder").exists()


async def test_a_missing_database_is_created_by_migrate_and_named_by_the_other_commands(tmp_path: Path) -> None:
    name = f"segmentum_created_{os.getpid()}"
    url = f"{PG_BASE}/{name}"
    await _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
    try:
        refused(await run_cli(url, "api-key", "list", cwd=tmp_path),
                f"The database '{name}' does not exist", "`segmentum migrate` creates it", "createdb")
        created = await run_cli(url, "migrate", cwd=tmp_path)
        assert created.code == 0, created.err
        assert created.lines == [f"Created the database {url}.", f"Database {url} is up to date."]
        assert "api_key" in await tables(url)
        again = await run_cli(url, "migrate", cwd=tmp_path)
        assert again.lines == [f"Database {url} is up to date."]
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_a_user_who_may_not_create_the_database_is_told_to_run_createdb(tmp_path: Path) -> None:
    role, name = f"segmentum_nocreate_{os.getpid()}", f"segmentum_never_{os.getpid()}"
    await _pg_admin(f'DROP ROLE IF EXISTS "{role}"')
    await _pg_admin(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
    try:
        url = f"postgres://{role}@127.0.0.1:5432/{name}"
        refused(await run_cli(url, "migrate", cwd=tmp_path),
                f"The database '{name}' does not exist", f"the user '{role}' may not create it",
                f"createdb -h 127.0.0.1 -p 5432 -U <a user who may> -O {role} {name}")
    finally:
        await _pg_admin(f'DROP ROLE IF EXISTS "{role}"')


async def test_a_database_without_tables_says_to_migrate(fresh_db: str, tmp_path: Path) -> None:
    refused(await run_cli(fresh_db, "api-key", "list", cwd=tmp_path), "no Segmentum tables yet",
            "segmentum migrate")


async def test_a_wrong_password_is_named_and_the_right_one_works(tmp_path: Path) -> None:
    with private_postgres() as server:
        refused(await run_cli(server.url("wrong"), "migrate", cwd=tmp_path),
                f"refused the password of the user '{server.user}'", "fix the password in DATABASE_URL")
        right = await run_cli(server.url(database="segmentum"), "migrate", cwd=tmp_path)
        assert right.code == 0, right.err
        assert right.lines[0] == f"Created the database postgres://{server.user}@127.0.0.1:{server.port}/segmentum."
        assert PASSWORD not in right.out


@pytest.mark.parametrize(("redis_url", "expected"), [
    (f"redis://127.0.0.1:{free_port()}/0", ["does not answer (connection refused)", "start Redis or fix REDIS_URL"]),
    ("127.0.0.1:6379", ["is not a Redis URL", "redis://host:6379/0", "unset REDIS_URL"]),
    ("redis://127.0.0.1:6379/first", ["is not a Redis URL"]),
])
async def test_serve_and_worker_name_a_redis_they_cannot_use(fresh_db: str, tmp_path: Path, redis_url: str,
                                                            expected: list[str]) -> None:
    served = await run_cli(fresh_db, "serve", "--port", str(free_port()), cwd=tmp_path, timeout_s=60,
                           REDIS_URL=redis_url)
    refused(served, *expected)
    assert served.out == ""  # no GraphiQL URL that would not work
    started = time.monotonic()
    refused(await run_cli(fresh_db, "worker", "--burst", cwd=tmp_path, timeout_s=60, REDIS_URL=redis_url), *expected)
    assert time.monotonic() - started < 20  # no retries before the answer
    assert await tables(fresh_db) == set()  # neither touched the database


async def test_a_setting_that_is_not_a_number_is_named(fresh_db: str, tmp_path: Path) -> None:
    refused(await run_cli(fresh_db, "serve", cwd=tmp_path, SEGMENTUM_MAX_DEPTH="deep"),
            "SEGMENTUM_MAX_DEPTH must be an integer, got 'deep'")


async def _uvicorn(url: str, port: int) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update({"DATABASE_URL": url, "PYTHONUNBUFFERED": "1"})
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uvicorn", "--factory", "segmentum.app:create_app", "--host", "127.0.0.1",
        "--port", str(port), cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)


async def test_the_app_refuses_to_start_without_its_database(tmp_path: Path) -> None:
    proc = await _uvicorn(f"postgres://postgres@127.0.0.1:{free_port()}/x", free_port())
    async with asyncio.timeout(60):
        out = (await proc.communicate())[0].decode()
    assert proc.returncode != 0
    assert "Traceback" not in out and "Application startup complete" not in out
    assert "connection refused): start PostgreSQL" in out
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 2 and errors[1].endswith("Application startup failed. Exiting."), out


async def test_a_database_that_goes_away_is_one_log_line_and_503_until_it_is_back(tmp_path: Path,
                                                                                  migrated_pg_dump: Path) -> None:
    with private_postgres() as server:
        url = server.load(migrated_pg_dump)
        key = (await run_cli(url, "api-key", "create", "k", "--scope", "read", cwd=tmp_path)).lines[-1]
        port = free_port()
        proc = await _uvicorn(url, port)
        assert proc.stdout is not None
        log: list[str] = []
        started = asyncio.Event()

        async def read() -> None:
            assert proc.stdout is not None
            while line := (await proc.stdout.readline()).decode():
                log.append(line.rstrip())
                if "Uvicorn running on" in line:  # listening (startup completes before)
                    started.set()

        reader = asyncio.create_task(read())
        base = f"http://127.0.0.1:{port}"
        viewer = {"query": "{ viewer { name } }"}
        headers = {"Authorization": f"Bearer {key}"}
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                async with asyncio.timeout(60):
                    await started.wait()
                assert (await client.post(f"{base}/graphql", json=viewer, headers=headers)).status_code == 200

                await asyncio.to_thread(server.stop)
                for _ in range(10):
                    answer = await client.post(f"{base}/graphql", json=viewer, headers=headers)
                    assert answer.status_code == 503, answer.text
                    assert answer.headers["retry-after"] == "5"
                    assert [e["extensions"]["code"] for e in answer.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
                health = await client.get(f"{base}/healthz")
                assert health.status_code == 503 and health.json()["database"] == "unavailable"
                down = [line for line in log if "Database is unavailable" in line]
                assert len(down) == 1, log  # one line for the outage, not one per request
                assert not any("Traceback" in line for line in log), log

                await asyncio.to_thread(server.start)
                for _ in range(300):  # as a client would: try again until it answers
                    if (await client.post(f"{base}/graphql", json=viewer, headers=headers)).status_code == 200:
                        break
                    await asyncio.sleep(0.2)
                assert (await client.get(f"{base}/healthz")).status_code == 200
                assert any("Database is available again." in line for line in log), log
        finally:
            proc.send_signal(signal.SIGTERM)
            async with asyncio.timeout(30):
                await proc.wait()
                await reader
    assert await scalar(PG_ADMIN_URL, "SELECT 1") == 1
