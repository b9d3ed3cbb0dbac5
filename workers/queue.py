"""Enqueueing jobs: the engine's entry, below every job kind (each kind's start function calls `enqueue`).

With Redis (Settings.redis_url, or a pool passed in) a job goes to arq; without it, the same `run_job` runs as an
asyncio task in this process, so the embedded default needs no server. Either way the Job row is the
record clients see, and at most one QUEUED or RUNNING job exists per (kind, key).

The composition root calls `configure(settings, jobs)` once per process: the settings, and the table of kinds
(segmentum/jobs.py), which this module never imports.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.worker import Retry
from tortoise.transactions import in_transaction

from segmentum.config.settings import Settings
from segmentum.models.enums import JobStatus
from segmentum.models.sql import connection, dialect
from segmentum.models.system import Job, acting_key
from segmentum.workers.connection import detach_from_transaction
from segmentum.workers.events import report_progress, set_publisher, watch
from segmentum.workers.jobs import ACTIVE, DELIVERIES, mark_canceled, run_job
from segmentum.workers.lease import lease_until
from segmentum.workers.registry import JobTable

log = logging.getLogger(__name__)

__all__ = ["cancel", "enqueue", "report_progress", "watch"]

_pool: ArqRedis | None = None
_settings: Settings | None = None
_jobs: JobTable | None = None
_tasks: set[asyncio.Task[Any]] = set()
_running: dict[int, asyncio.Task[Any]] = {}


def redis_settings(redis_url: str | None) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url) if redis_url else RedisSettings()


async def configure(settings: Settings, jobs: JobTable) -> None:
    """Use arq on settings.redis_url for every later enqueue (None: run jobs in-process), with this job table."""
    global _pool, _settings, _jobs
    set_publisher(None)
    await _close_pool()
    if settings.redis_url:
        _pool = await create_pool(redis_settings(settings.redis_url), default_queue_name=settings.queue_name)
    set_publisher(_pool, settings.job_poll_seconds)
    _settings, _jobs = settings, jobs


def configured() -> bool:
    return _settings is not None


async def shutdown(*, grace_seconds: float = 30.0) -> None:
    """Wait (a while) for in-process jobs, then drop the Redis pool (the app's lifespan calls this). The settings and
    the job table stay: a job started afterwards (a test's next step) runs in this process."""
    try:
        async with asyncio.timeout(grace_seconds):
            await drain()
    except TimeoutError:
        log.warning("in-process jobs still running at shutdown: %s", sorted(_running))
    set_publisher(None)
    await _close_pool()


async def _close_pool() -> None:
    global _pool
    if _pool is not None:
        pool, _pool = _pool, None
        await pool.aclose()


def _configuration() -> tuple[Settings, JobTable]:
    if _settings is None or _jobs is None:
        raise RuntimeError("The job queue is not configured: the process calls workers.queue.configure first.")
    return _settings, _jobs


async def current_pool() -> ArqRedis | None:
    _configuration()
    return _pool


async def enqueue(kind: str, payload: dict[str, Any], *, key: str | None = None, queue: ArqRedis | None = None) -> Job:
    """Create the Job row and start it; an active job with the same kind and key is returned instead.

    Callers are the kinds' start functions, which own their payload and key."""
    settings, jobs = _configuration()
    jobs.function(kind)  # an unknown kind is refused before a row exists
    payload = json.loads(json.dumps(payload))
    async with in_transaction():
        if key is not None:
            await _lock_key(kind, key)
            existing = await Job.filter(kind=kind, key=key, status__in=ACTIVE).order_by("id").first()
            if existing is not None:
                return existing
        job = await Job.create(kind=kind, key=key, payload=payload, status=JobStatus.QUEUED,
                               started_by=acting_key.get(), lease_expires_at=lease_until(settings))
    pool = queue if queue is not None else _pool
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


async def after_commit() -> None:
    """After a transaction that recorded events committed: what the job table runs then (queueing their webhook
    deliveries). A failure here loses nothing (the deliveries stay PENDING and the schedule's sweep queues them),
    so it is logged, not raised."""
    _, jobs = _configuration()
    try:
        await jobs.after_commit()
    except Exception:
        log.exception("webhook deliveries were not queued now; the next schedule tick queues them")


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
    settings, jobs = _configuration()
    ctx = {"in_process": True, "settings": settings, "jobs": jobs}
    task = asyncio.get_running_loop().create_task(_run_in_process(job_id, ctx), name=f"segmentum-job-{job_id}")
    _tasks.add(task)
    _running[job_id] = task
    task.add_done_callback(lambda t: _forget(job_id, t))


def _forget(job_id: int, task: asyncio.Task[Any]) -> None:
    _tasks.discard(task)
    if _running.get(job_id) is task:
        del _running[job_id]


async def _run_in_process(job_id: int, ctx: dict[str, Any]) -> None:
    # Delivered like arq would: again after a Retry, at most DELIVERIES times.
    detach_from_transaction()
    for delivery in range(1, DELIVERIES + 1):
        try:
            await run_job({**ctx, "job_try": delivery}, job_id)
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
