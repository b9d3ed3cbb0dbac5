"""Jobs through arq on the real Redis: enqueue with a pool, run a real Worker (burst), read the Job row."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from arq.connections import ArqRedis

from segmentum.models.contacts import Contact
from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.system import Job
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.workers.conftest import REDIS_URL, run_worker_burst

ROOT = Path(__file__).resolve().parents[2]

# arq closes its pool with a call redis-py deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")


async def test_seed_job_through_arq_succeeds_and_running_it_again_is_harmless(
    arq_queue: tuple[str, ArqRedis], unique: str
) -> None:
    name, pool = arq_queue
    job = await queue.enqueue(JobKind.CONTACTS_SEED, {"contacts": 150}, key=f"demo-{unique}", queue=pool)
    assert job.status == JobStatus.QUEUED
    assert await pool.zcard(name) == 1

    worker = await run_worker_burst(name)
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    done = await Job.get(id=job.id)
    assert done.status == JobStatus.SUCCEEDED
    assert done.progress == 1.0 and done.tries == 1
    assert done.result["contacts"] == 150
    assert await Contact.all().count() == 150

    # arq may deliver a job twice; the second delivery leaves the finished job and the data alone.
    await pool.enqueue_job("run_job", job.id, _job_id=f"{name}:again")
    await run_worker_burst(name)
    again = await Job.get(id=job.id)
    assert (again.status, again.tries, again.finished_at) == (JobStatus.SUCCEEDED, 1, done.finished_at)
    assert await Contact.all().count() == 150


async def test_same_key_is_one_arq_job_and_the_key_is_free_after_it_ran(
    arq_queue: tuple[str, ArqRedis], unique: str, job_kinds: Any
) -> None:
    async def noop(ctx: dict[str, Any], job: Job) -> dict[str, Any]:
        return {"arq_job_id": ctx["job_id"]}

    name, pool = arq_queue
    kind = job_kinds("noop", noop)
    key = f"segment-{unique}"
    first = await queue.enqueue(kind, {}, key=key, queue=pool)
    second = await queue.enqueue(kind, {}, key=key, queue=pool)
    assert second.id == first.id
    assert await pool.zcard(name) == 1

    await run_worker_burst(name)
    done = await Job.get(id=first.id)
    assert done.status == JobStatus.SUCCEEDED
    assert done.result == {"arq_job_id": f"{name}:{kind}:{key}"}

    # keep_result=0: the finished arq job does not block the next run with the same job id.
    next_run = await queue.enqueue(kind, {}, key=key, queue=pool)
    assert next_run.id != first.id
    await run_worker_burst(name)
    assert (await Job.get(id=next_run.id)).status == JobStatus.SUCCEEDED


async def test_failing_job_through_arq_is_failed_with_its_error(
    arq_queue: tuple[str, ArqRedis], job_kinds: Any
) -> None:
    async def broken(ctx: dict[str, Any], job: Job) -> None:
        raise LookupError("segment SEG00042 has no lines")

    name, pool = arq_queue
    job = await queue.enqueue(job_kinds("broken", broken), {}, queue=pool)
    await run_worker_burst(name)
    failed = await Job.get(id=job.id)
    assert failed.status == JobStatus.FAILED
    assert failed.error == "LookupError: segment SEG00042 has no lines"
    assert failed.tries == 1


async def test_a_worker_process_initialises_the_database_itself(db: str, arq_queue: tuple[str, ArqRedis]) -> None:
    """`segmentum worker` in a fresh process: its settings from the environment, on_startup opens Tortoise, jobs
    see it."""
    name, pool = arq_queue
    job = await queue.enqueue(JobKind.CONTACTS_SEED, {"contacts": 80}, queue=pool)
    env = {**os.environ, "DATABASE_URL": db, "REDIS_URL": REDIS_URL, "SEGMENTUM_QUEUE": name}
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "segmentum"), "worker", "--burst",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(180):
        output, _ = await proc.communicate()
    log = output.decode()
    assert proc.returncode == 0, log
    done = await Job.get(id=job.id)
    assert done.status == JobStatus.SUCCEEDED, (done.error, log)
    assert done.result["contacts"] == 80
    assert await Contact.all().count() == 80


async def test_watchers_hear_a_worker_through_redis(
    arq_queue: tuple[str, ArqRedis], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With REDIS_URL configured, enqueue goes to arq and changes reach watchers by Redis publish."""
    from segmentum.workers.events import watch

    name, _ = arq_queue
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    await use_queue(REDIS_URL)
    try:
        job = await queue.enqueue(JobKind.CONTACTS_SEED, {"contacts": 12000})

        async def follow() -> list[tuple[JobStatus, float | None]]:
            # A poll interval far beyond the timeout: only published changes can wake the watcher.
            return [(j.status, j.progress) async for j in watch(job.id, poll_interval=600)]

        watcher = asyncio.create_task(follow())
        async with asyncio.timeout(120):
            await run_worker_burst(name)
            seen = await watcher
    finally:
        await queue.shutdown()
    assert seen[-1] == (JobStatus.SUCCEEDED, 1.0)
    assert any(status == JobStatus.RUNNING for status, _ in seen)
