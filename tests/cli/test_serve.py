"""`segmentum serve` as a real process, and API keys made by the CLI used against the app."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from config.settings import Settings
from segmentum.app import create_app
from tests.cli.conftest import cli_env, free_port, run_cli, scalar, serving

VIEWER = {"query": "{ viewer { name scopes } }"}


async def test_serve_starts_with_a_dev_key_and_demo_data(fresh_db: str, tmp_path: Path) -> None:
    async with serving(fresh_db, tmp_path, "--demo", "--demo-contacts", "150") as (base, printed):
        assert f"GraphQL API and GraphiQL: {base}/graphql" in printed
        assert "Demo data loaded: 150 contacts." in printed
        assert "Jobs: in-process (no REDIS_URL)" in printed
        secret = next(line for line in printed if line.startswith("sgm_"))
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{base}/graphql", json=VIEWER, headers={"Authorization": f"Bearer {secret}"})
            assert answer.status_code == 200, answer.text
            assert answer.json()["data"]["viewer"] == {"name": "dev", "scopes": ["admin", "read", "write"]}
            anonymous = await client.post(f"{base}/graphql", json=VIEWER)
            assert anonymous.status_code == 401
    assert await scalar(fresh_db, "SELECT COUNT(*) FROM contact") == 150

    # A second start neither makes another key nor loads the demo data again.
    async with serving(fresh_db, tmp_path, "--demo", "--demo-contacts", "150") as (_, printed):
        assert not any(line.startswith("sgm_") for line in printed)
        assert not any("Demo data loaded" in line for line in printed)
    assert await scalar(fresh_db, "SELECT COUNT(*) FROM api_key") == 1
    assert await scalar(fresh_db, "SELECT COUNT(*) FROM contact") == 150


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
