"""The process's one pub/sub listener (workers/events.py) against a private redis-server that goes away and
comes back: watchers poll only while it is down, and read once when it is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.system import Job
from segmentum.workers import events
from tests.http.conftest import free_port
from tests.workers.test_reconcile import _volatile_redis


@pytest.fixture
async def restartable() -> AsyncIterator[tuple[int, Redis]]:
    port = free_port()
    redis = Redis.from_url(f"redis://127.0.0.1:{port}/0")
    events.set_publisher(redis)
    yield port, redis
    events.set_publisher(None)
    await redis.aclose()


async def _until(condition: object) -> None:
    async with asyncio.timeout(10):
        while not condition():  # type: ignore[operator]  # noqa: ASYNC110 - a flag of another task
            await asyncio.sleep(0.02)


async def test_one_listener_wakes_every_watcher_and_catches_up_after_redis_came_back(
    restartable: tuple[int, Redis]
) -> None:
    port, redis = restartable
    job = await Job.create(kind=JobKind.CONTACTS_SEED, status=JobStatus.QUEUED)
    async with _volatile_redis(port) as server:
        # A minute between polls: only the listener can deliver in time.
        watchers = [events.watch(job.id, poll_interval=60) for _ in range(20)]
        assert {(await anext(w)).status for w in watchers} == {JobStatus.QUEUED}
        await _until(events.listener_connected)
        assert len(await redis.client_list()) <= 2  # the listener and the publisher's own connection
        pending = [asyncio.ensure_future(anext(w)) for w in watchers]
        await Job.filter(id=job.id).update(status=JobStatus.RUNNING)
        await events.notify(job.id)
        async with asyncio.timeout(5):
            assert {(await p).status for p in pending} == {JobStatus.RUNNING}

        pending = [asyncio.ensure_future(anext(w)) for w in watchers]
        server.kill()
        await server.wait()
        await _until(lambda: not events.listener_connected())
    # Changed while Redis was away, by a process whose message was lost.
    await Job.filter(id=job.id).update(progress=0.5)
    async with _volatile_redis(port):
        async with asyncio.timeout(5):
            assert {(await p).progress for p in pending} == {0.5}
        for w in watchers:
            await w.aclose()
