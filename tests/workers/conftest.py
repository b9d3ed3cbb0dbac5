"""Fixtures for the job infrastructure: an in-process queue, test-only job kinds and real arq queues."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import health_check_key_suffix
from arq.worker import Worker, get_kwargs

from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.worker import WorkerSettings, worker_options
from segmentum.workers.registry import JobFunction

REDIS_URL = os.environ.get("SEGMENTUM_TEST_REDIS", "redis://127.0.0.1:6379")


@pytest.fixture
def job_kinds() -> Iterator[Callable[[str, JobFunction], str]]:
    """Job kinds for one test, in the process's job table; the kind name gets a unique suffix."""
    added: list[str] = []

    def add(name: str, fn: JobFunction) -> str:
        kind = f"test.{name}.{uuid.uuid4().hex[:8]}"
        JOBS.functions[kind] = fn
        added.append(kind)
        return kind

    yield add
    for kind in added:
        del JOBS.functions[kind]


@pytest.fixture
def unique() -> str:
    """A suffix for arq job ids and keys: arq job ids are global to the Redis server, not per queue."""
    return uuid.uuid4().hex[:12]


@pytest.fixture
async def arq_queue(unique: str) -> AsyncIterator[tuple[str, ArqRedis]]:
    """A dedicated arq queue name (parallel test runs do not collide) and a pool that enqueues into it."""
    name = f"segmentum-test:{unique}"
    pool = await create_pool(RedisSettings.from_dsn(REDIS_URL), default_queue_name=name)
    yield name, pool
    keys = [k async for k in pool.scan_iter(match=f"*{unique}*")]
    if keys:
        await pool.delete(*keys)
    await pool.delete(name, name + health_check_key_suffix)
    await pool.aclose()


async def run_worker_burst(queue_name: str, **overrides: Any) -> Worker:
    """A real arq Worker built from WorkerSettings and the settings of the environment, run until its queue is
    empty."""
    kwargs = {
        **get_kwargs(WorkerSettings),
        **worker_options(Settings.from_env()),
        "queue_name": queue_name,
        "redis_settings": RedisSettings.from_dsn(REDIS_URL),
        "burst": True,
        "handle_signals": False,
        "poll_delay": 0.05,
        # The schedule's cron tick would count as a job when a test runs across a minute boundary.
        "cron_jobs": [],
        **overrides,
    }
    worker = Worker(**kwargs)
    try:
        async with asyncio.timeout(120):
            await worker.async_run()
    finally:
        await worker.close()
    return worker
