"""Enqueueing jobs: the one module resolvers use to start background work.

With Redis (REDIS_URL, or a pool passed in) a job goes to arq; without it, the same `run_job` runs as an
asyncio task in this process, so the embedded default needs no server. Either way the Job row is the
record clients see, and at most one QUEUED or RUNNING job exists per (kind, key).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from typing import Any

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.worker import Retry
from tortoise.transactions import in_transaction

from models.enums import JobKind, JobStatus
from models.sql import connection, dialect
from models.system import Job, acting_key
from workers.connection import detach_from_transaction
from workers.events import report_progress, set_publisher, watch
from workers.jobs import ACTIVE, DELIVERIES, mark_canceled, run_job
from workers.lease import lease_until
from workers.schedule import segment_key

log = logging.getLogger(__name__)

DEFAULT_QUEUE_NAME = "segmentum:queue"

__all__ = ["cancel", "dispatch_webhooks", "enqueue", "enqueue_segment_reevaluation", "report_progress", "watch"]

_pool: ArqRedis | None = None
_configured = False
_tasks: set[asyncio.Task[Any]] = set()
_running: dict[int, asyncio.Task[Any]] = {}


def queue_name() -> str:
    """The arq queue; SEGMENTUM_QUEUE overrides it (e.g. one queue per test run)."""
    return os.environ.get("SEGMENTUM_QUEUE") or DEFAULT_QUEUE_NAME


def redis_settings(redis_url: str) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url)


async def configure(redis_url: str | None) -> None:
    """Use arq on this Redis for every later enqueue; None runs jobs in-process."""
    global _pool, _configured
    set_publisher(None)
    await _close_pool()
    if redis_url:
        _pool = await create_pool(redis_settings(redis_url), default_queue_name=queue_name())
    set_publisher(_pool)
    _configured = True


async def shutdown(*, grace_seconds: float = 30.0) -> None:
    """Wait (a while) for in-process jobs, then drop the Redis pool (the app's lifespan calls this)."""
    global _configured
    try:
        async with asyncio.timeout(grace_seconds):
            await drain()
    except TimeoutError:
        log.warning("in-process jobs still running at shutdown: %s", sorted(_running))
    set_publisher(None)
    await _close_pool()
    _configured = False


async def _close_pool() -> None:
    global _pool
    if _pool is not None:
        pool, _pool = _pool, None
        await pool.aclose()


async def current_pool() -> ArqRedis | None:
    if not _configured:
        await configure(os.environ.get("REDIS_URL") or None)
    return _pool


async def enqueue(kind: str, payload: dict[str, Any], *, key: str | None = None, queue: ArqRedis | None = None) -> Job:
    """Create the Job row and start it; an active job with the same kind and key is returned instead."""
    from workers.kinds import get_kind  # the table imports every job module, and those use the queue

    get_kind(kind)  # an unknown kind is refused before a row exists
    payload = json.loads(json.dumps(payload))
    async with in_transaction():
        if key is not None:
            await _lock_key(kind, key)
            existing = await Job.filter(kind=kind, key=key, status__in=ACTIVE).order_by("id").first()
            if existing is not None:
                return existing
        job = await Job.create(kind=kind, key=key, payload=payload, status=JobStatus.QUEUED,
                               started_by=acting_key.get(), lease_expires_at=lease_until())
    pool = queue if queue is not None else await current_pool()
    if pool is None:
        _start_in_process(job.id)
    else:
        try:
            await send_to_arq(pool, job)
        except Exception:
            # Redis did not take it: the request fails as a whole (SERVICE_UNAVAILABLE, try again), so the row
            # it would have answered goes too, rather than wait QUEUED for a queue entry that never came.
            await Job.filter(id=job.id, status=JobStatus.QUEUED).delete()
            raise
    return job


async def enqueue_segment_reevaluation(segment_id: int) -> Job:
    """The segment's re-evaluation: the one queued or running, else a new one (one at a time per segment)."""
    return await enqueue(JobKind.SEGMENT_REEVALUATE, {"segment_id": segment_id}, key=segment_key(segment_id))


async def dispatch_webhooks() -> int:
    """After a transaction that recorded webhook events committed: queue their deliveries. A failure here loses
    nothing (the deliveries stay PENDING and the schedule's sweep queues them), so it is logged, not raised."""
    from workers.webhooks.dispatch import dispatch_if_recorded  # the dispatcher uses this module

    try:
        return await dispatch_if_recorded()
    except Exception:
        log.exception("webhook deliveries were not queued now; the next schedule tick queues them")
        return 0


async def _lock_key(kind: str, key: str) -> None:
    # Two transactions enqueueing the same key are serialized until the first commits, so the second
    # sees the first's row. On SQLite, Tortoise runs one transaction at a time on its single connection,
    # and the embedded mode is a single process.
    if dialect() == "postgres":
        await connection().execute_query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [f"segmentum.job:{kind}:{key}"]
        )


def arq_job_id(job: Job, queue: str) -> str:
    # arq job ids are global to the Redis server; the queue name keeps deployments sharing one apart.
    return f"{queue}:{job.kind}:{job.key}" if job.key is not None else f"{queue}:job:{job.id}"


async def send_to_arq(pool: ArqRedis, job: Job) -> None:
    arq_id = arq_job_id(job, pool.default_queue_name)
    if await pool.enqueue_job("run_job", job.id, _job_id=arq_id) is None:
        # The previous run with this id has ended in the database but arq has not yet dropped it.
        await pool.enqueue_job("run_job", job.id, _job_id=f"{arq_id}:{job.id}")


def _start_in_process(job_id: int) -> None:
    task = asyncio.get_running_loop().create_task(_run_in_process(job_id), name=f"segmentum-job-{job_id}")
    _tasks.add(task)
    _running[job_id] = task
    task.add_done_callback(lambda t: _forget(job_id, t))


def _forget(job_id: int, task: asyncio.Task[Any]) -> None:
    _tasks.discard(task)
    if _running.get(job_id) is task:
        del _running[job_id]


async def _run_in_process(job_id: int) -> None:
    # Delivered like arq would: again after a Retry, at most DELIVERIES times.
    detach_from_transaction()
    for delivery in range(1, DELIVERIES + 1):
        try:
            await run_job({"job_try": delivery, "in_process": True}, job_id)
            return
        except Retry as retry:
            await asyncio.sleep((retry.defer_score or 0) / 1000)
        except Exception:
            log.exception("in-process job %s crashed", job_id)
            return
    log.warning("in-process job %s was not finished after %s deliveries", job_id, DELIVERIES)


async def resume_in_process() -> list[int]:
    """Start the QUEUED and RUNNING jobs a previous run of this process left behind (no Redis only).

    Call once at startup of the one process that runs jobs in-process; returns the ids started.
    """
    jobs = await Job.filter(status__in=ACTIVE).order_by("id").only("id")
    ids = [job.id for job in jobs if job.id not in _running]
    for job_id in ids:
        _start_in_process(job_id)
    return ids


async def drain() -> None:
    """Wait until every in-process job of this event loop (and the jobs they start) has ended.

    Bound the wait with `asyncio.timeout` where needed.
    """
    loop = asyncio.get_running_loop()
    while True:
        pending = [t for t in _tasks if t.get_loop() is loop and not t.done()]
        if not pending:
            return
        await asyncio.wait(pending)


async def cancel(job_id: int) -> bool:
    """Cancel a QUEUED or RUNNING job; False when it had already ended.

    An in-process job is stopped at once; an arq job stops at its next progress report.
    """
    if not await mark_canceled(job_id):
        return False
    task = _running.get(job_id)
    if task is not None and not task.done():
        task.cancel()
    return True
