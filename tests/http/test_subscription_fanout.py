"""jobUpdated at scale, against a real uvicorn and a private redis-server: one pub/sub connection per process
whatever the number of subscriptions, no database polling while it is connected, caps per socket and per key."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis

from segmentum.config.settings import Settings
from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.system import Job
from segmentum.workers import events, jobs
from tests.conftest import test_db_kind as db_kind
from tests.http.conftest import MakeKey, free_port, live_server
from tests.http.test_job_updates import next_state, subscribe
from tests.http.test_websocket import opened
from tests.workers.test_reconcile import _volatile_redis

pytestmark = pytest.mark.skipif(db_kind() != "postgres", reason="a Redis-backed web process runs on PostgreSQL")


@pytest.fixture
async def small_redis() -> AsyncIterator[str]:
    """A private Redis that accepts at most 40 clients."""
    port = free_port()
    async with _volatile_redis(port):
        url = f"redis://127.0.0.1:{port}/0"
        redis = Redis.from_url(url)
        await redis.config_set("maxclients", 40)
        events.set_publisher(redis)
        yield url
        events.set_publisher(None)
        await redis.aclose()


async def _transactions(database_url: str) -> int:
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("SELECT pg_stat_clear_snapshot()")
        return int(await conn.fetchval("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"))
    finally:
        await conn.close()


async def _error(ws: Any) -> dict[str, Any]:
    async with asyncio.timeout(15):
        message = json.loads(await ws.recv(decode=True))
    assert message["type"] in ("error", "next"), message
    if message["type"] == "error":
        return message["payload"][0]  # type: ignore[no-any-return]
    async with asyncio.timeout(15):  # a refused subscription ends
        assert json.loads(await ws.recv(decode=True)) == {"id": message["id"], "type": "complete"}
    return message["payload"]["errors"][0]  # type: ignore[no-any-return]


async def test_45_subscriptions_share_one_redis_connection_and_do_not_poll(
    database_url: str, make_key: MakeKey, small_redis: str
) -> None:
    secret = await make_key("read")
    job = await Job.create(kind=JobKind.CONTACTS_SEED, status=JobStatus.QUEUED)
    # Polling every 50 ms would show as hundreds of transactions a second.
    env = {"REDIS_URL": small_redis, "SEGMENTUM_QUEUE": f"segmentum-test:{free_port()}",
           "SEGMENTUM_JOB_POLL_SECONDS": "0.05"}
    async with live_server(database_url, **env) as base:
        url = base.replace("http://", "ws://") + "/graphql"
        sockets = [await opened(url, secret) for _ in range(3)]
        try:
            for n, ws in enumerate(sockets):
                for i in range(15):
                    await subscribe(ws, f"s{n}-{i}", job.id)
            for ws in sockets:
                assert [await next_state(ws) for _ in range(15)] == ["QUEUED None"] * 15
            redis = Redis.from_url(small_redis)
            try:
                clients = len(await redis.client_list())
            finally:
                await redis.aclose()
            assert clients <= 6, clients  # the server's pool and its one listener, and this test's two
            async with httpx.AsyncClient() as client:
                health = await client.get(f"{base}/healthz")
            assert health.status_code == 200, health.text

            before = await _transactions(database_url)
            await asyncio.sleep(3)
            idle = await _transactions(database_url) - before
            assert idle < 30, f"{idle} transactions in 3 s with nothing changing: the watchers poll"

            assert await jobs._claim(job, Settings())  # a worker's step, published
            for ws in sockets:
                assert [await next_state(ws) for _ in range(15)] == ["RUNNING None"] * 15
        finally:
            for ws in sockets:
                await ws.close()


async def test_subscriptions_are_capped_per_socket_and_per_key(
    database_url: str, make_key: MakeKey, small_redis: str
) -> None:
    secret = await make_key("read")
    job = await Job.create(kind=JobKind.CONTACTS_SEED, status=JobStatus.QUEUED)
    env = {"REDIS_URL": small_redis, "SEGMENTUM_QUEUE": f"segmentum-test:{free_port()}",
           "SEGMENTUM_MAX_SUBSCRIPTIONS_PER_SOCKET": "3", "SEGMENTUM_MAX_SUBSCRIPTIONS_PER_KEY": "5"}
    async with live_server(database_url, **env) as base:
        url = base.replace("http://", "ws://") + "/graphql"
        first, second = await opened(url, secret), await opened(url, secret)
        try:
            for i in range(3):
                await subscribe(first, f"a{i}", job.id)
                assert await next_state(first) == "QUEUED None"
            await subscribe(first, "a3", job.id)
            refused = await _error(first)
            assert refused["extensions"]["code"] == "RATE_LIMITED" and "at once on one socket" in refused["message"]

            for i in range(2):
                await subscribe(second, f"b{i}", job.id)
                assert await next_state(second) == "QUEUED None"
            await subscribe(second, "b2", job.id)  # the key's sixth
            refused = await _error(second)
            assert refused["extensions"]["code"] == "RATE_LIMITED" and "subscriptions already" in refused["message"]

            # Ending one frees its place.
            await first.send(json.dumps({"id": "a0", "type": "complete"}))
            await asyncio.sleep(0.3)
            await subscribe(second, "b3", job.id)
            assert await next_state(second) == "QUEUED None"
        finally:
            await first.close()
            await second.close()
