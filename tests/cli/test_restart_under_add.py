"""PostgreSQL restarted under a running Add (a cluster of the test's own, really stopped and started): the
request answers SERVICE_UNAVAILABLE (HTTP 503, Retry-After), nothing of it is written, no traceback is logged as a
bug, and the next request is served."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import asyncpg
import httpx

from tests.cli.conftest import free_port, run_cli
from tests.cli.private_postgres import PrivatePostgres, _bin, private_postgres
from tests.cli.test_errors import _uvicorn

CREATE = 'mutation { segmentCreate(input: {description: "Restarted"}) { segment { id } userErrors { code } } }'
ADD = ("mutation($id: ID!) { segmentAddContacts(input: {segmentId: $id, criteria: {contact: {type: PERSON}}}) "
       "{ linesAdded userErrors { code } } }")


def restart(server: PrivatePostgres) -> None:
    """`pg_ctl restart` as an operator runs it (fast mode: sessions are told the server is shutting down)."""
    server._run(_bin("pg_ctl"), "-D", str(server.folder / "data"), "-m", "fast", "-w", "stop")
    server.start()


async def test_a_restart_under_a_running_add_writes_nothing_and_the_next_request_is_served(
        tmp_path: Path, migrated_pg_dump: Path) -> None:
    with private_postgres() as server:
        url = server.load(migrated_pg_dump)
        assert (await run_cli(url, "seed", "--contacts", "200", cwd=tmp_path)).code == 0
        key = (await run_cli(url, "api-key", "create", "k", "--scope", "read", "--scope", "write",
                             cwd=tmp_path)).lines[-1]
        port = free_port()
        proc = await _uvicorn(url, port)
        log: list[str] = []
        started = asyncio.Event()

        async def read() -> None:
            assert proc.stdout is not None
            while line := (await proc.stdout.readline()).decode():
                log.append(line.rstrip())
                if "Uvicorn running on" in line:
                    started.set()

        reader = asyncio.create_task(read())
        base = f"http://127.0.0.1:{port}/graphql"
        headers = {"Authorization": f"Bearer {key}"}
        try:
            async with httpx.AsyncClient(timeout=60) as client:
                async with asyncio.timeout(60):
                    await started.wait()
                created = (await client.post(base, json={"query": CREATE}, headers=headers)).json()
                segment_id = created["data"]["segmentCreate"]["segment"]["id"]

                # The Add waits on a lock inside its transaction while the server goes down and comes back.
                blocker = await asyncpg.connect(url)
                blocking = blocker.transaction()
                await blocking.start()
                await blocker.execute("LOCK TABLE segment_line IN ACCESS EXCLUSIVE MODE")
                add = asyncio.create_task(client.post(base, json={"query": ADD, "variables": {"id": segment_id}},
                                                      headers=headers))
                async with asyncio.timeout(30):
                    waiting = 0
                    while not waiting:
                        await asyncio.sleep(0.05)
                        waiting = await blocker.fetchval(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                await asyncio.to_thread(restart, server)
                answer = await add
                blocker.terminate()

                assert not any("Traceback" in line or "Internal error" in line for line in log), "\n".join(log)
                assert [e["extensions"]["code"] for e in answer.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
                assert answer.status_code == 503, answer.text
                assert answer.headers["retry-after"] == "5"

                for _ in range(300):  # as a client would: try again until it answers
                    viewer = await client.post(base, json={"query": "{ viewer { name } }"}, headers=headers)
                    if viewer.status_code == 200:
                        break
                    await asyncio.sleep(0.2)
                assert viewer.json() == {"data": {"viewer": {"name": "k"}}}
                check = await asyncpg.connect(url)
                try:
                    assert await check.fetchval("SELECT count(*) FROM segment_line") == 0  # nothing written
                finally:
                    await check.close()
                again = await client.post(base, json={"query": ADD, "variables": {"id": segment_id}}, headers=headers)
                assert again.json()["data"]["segmentAddContacts"]["linesAdded"] > 0, again.text
        finally:
            proc.send_signal(signal.SIGTERM)
            async with asyncio.timeout(30):
                await proc.wait()
                await reader
