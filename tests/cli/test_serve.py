"""`segmentum serve` as a real process, and API keys made by the CLI used against the app."""

from __future__ import annotations

import asyncio
import re
import shlex
import signal
import socket
import sys
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from segmentum.app import create_app
from segmentum.config.settings import Settings
from tests.cli.conftest import cli_env, free_port, run_cli, scalar, serving, tables
from tests.readme import readme_example

VIEWER = {"query": "{ viewer { name scopes } }"}


async def test_serve_starts_with_a_dev_key_and_demo_data(fresh_db: str, tmp_path: Path) -> None:
    async with serving(fresh_db, tmp_path, "--demo", "--demo-contacts", "150") as (base, printed):
        assert f"GraphQL API and GraphiQL: {base}/graphql" in printed
        assert "Demo data loaded: 150 contacts." in printed
        assert "Jobs: in-process (no REDIS_URL)" in printed
        assert any(line.startswith("Dev API key with the scopes read, write, admin") for line in printed)
        secret = next(line for line in printed if line.startswith("sgm_"))
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{base}/graphql", json=VIEWER, headers={"Authorization": f"Bearer {secret}"})
            assert answer.status_code == 200, answer.text
            assert answer.json()["data"]["viewer"] == {"name": "dev", "scopes": ["admin", "read", "write"]}
            anonymous = await client.post(f"{base}/graphql", json=VIEWER)
            assert anonymous.status_code == 401
    assert await scalar(fresh_db, "SELECT COUNT(*) FROM contact") == 150

    # A second start neither makes another key nor loads the demo data again, and says so.
    async with serving(fresh_db, tmp_path, "--demo", "--demo-contacts", "150") as (base, printed):
        assert not any(line.startswith("sgm_") for line in printed)
        assert not any("Demo data loaded" in line for line in printed)
        assert ("Demo data skipped: the database has 150 contacts already "
                "(--demo loads demo data only into a database without contacts).") in printed
        assert await scalar(fresh_db, "SELECT COUNT(*) FROM api_key") == 1

        # Its key hint makes a key that runs the README's mutations.
        hint = next(line for line in printed if line.startswith("API keys exist already"))
        command = re.search(r"`(segmentum api-key create [^`]+)`", hint)
        assert command, hint
        created = await run_cli(fresh_db, *["readme" if arg == "NAME" else arg for arg in shlex.split(command[1])[1:]])
        assert created.code == 0, created.err
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{base}/graphql", json={"query": readme_example("Create a contact")},
                                       headers={"Authorization": f"Bearer {created.lines[-1]}"})
        assert answer.status_code == 200, answer.text
        payload = answer.json()["data"]["contactCreate"]
        assert payload["userErrors"] == []
        assert payload["contact"]["name"] == "Brouwerij De Klok"
    assert await scalar(fresh_db, "SELECT COUNT(*) FROM contact") == 151


async def test_a_second_serve_on_the_same_port_says_so_before_anything_else(migrated_db: str, tmp_path: Path) -> None:
    async with serving(migrated_db, tmp_path) as (base, _):
        port = base.rsplit(":", 1)[1]
        second = await run_cli(migrated_db, "serve", "--port", port, cwd=tmp_path, timeout_s=60)
        assert second.code == 1
        assert second.out == ""  # neither the URL nor a key hint
        assert f"Segmentum is already serving on {base} (GraphiQL: {base}/graphql)." in second.err
        suggested = re.search(r"segmentum serve --port (\d+)", second.err)
        assert suggested and suggested[1] != port
        async with httpx.AsyncClient() as client:  # the first one serves on
            assert (await client.get(f"{base}/healthz")).status_code == 200
    assert await scalar(migrated_db, "SELECT COUNT(*) FROM api_key") == 1


async def test_a_port_held_by_another_program_is_named_so_and_nothing_is_done(fresh_db: str, tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        refused = await run_cli(fresh_db, "serve", "--port", str(port), cwd=tmp_path, timeout_s=60)
    assert refused.code == 1
    assert refused.out == ""
    assert f"Port {port} on 127.0.0.1 is in use by another program. Stop it, or start this one" in refused.err
    assert await tables(fresh_db) == set()  # not even migrated


async def test_serve_defaults_to_a_sqlite_file_in_the_current_directory(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in cli_env("unused").items() if k != "DATABASE_URL"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "segmentum.cli", "serve", "--port", str(port),
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    assert proc.stdout is not None
    try:
        async with asyncio.timeout(120):
            while b"Uvicorn running on" not in (line := await proc.stdout.readline()):
                assert line, "serve exited early"
    finally:
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await proc.communicate()
    assert (tmp_path / "segmentum.sqlite3").is_file()


async def test_a_key_made_with_the_cli_opens_the_api_until_it_is_revoked(db: str) -> None:
    created = await run_cli(db, "api-key", "create", "mobile-app", "--scope", "read")
    assert created.code == 0, created.err
    secret = created.lines[-1]

    app = create_app(Settings(database_url=db), manage_database=False)
    async with LifespanManager(app) as manager, httpx.AsyncClient(
        transport=httpx.ASGITransport(app=manager.app), base_url="http://test"
    ) as client:
        headers = {"Authorization": f"Bearer {secret}"}
        answer = await client.post("/graphql", json=VIEWER, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["viewer"] == {"name": "mobile-app", "scopes": ["read"]}

        assert (await run_cli(db, "api-key", "revoke", "mobile-app")).code == 0
        refused = await client.post("/graphql", json=VIEWER, headers=headers)
        assert refused.status_code == 401
