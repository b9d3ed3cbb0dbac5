"""`run_job`: the one arq function. It runs a Job record through its kind in the job table.

The table (`ctx["jobs"]`, a JobTable) and the settings (`ctx["settings"]`) come in the context: arq's `startup`
puts them there in a worker, the queue in a process that runs jobs itself. This module imports no kind.

arq may run a job more than once (a worker killed mid-run, a retry), so every step is conditional on
the row's status: a finished or canceled job is never run again, and a job canceled while running keeps
its CANCELED status whatever the function does afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

from arq.worker import Retry
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from segmentum.config.settings import Settings
from segmentum.models.enums import JobStatus, WebhookEventType
from segmentum.models.system import ApiKey, Job, acting_key_id
from segmentum.models.webhooks.outbox import global_id, record_event
from segmentum.workers.connection import bookkeeping_client, detach_from_transaction, root_client
from segmentum.workers.events import ACTIVE, TERMINAL, JobCanceled, notify
from segmentum.workers.lease import lease_until, renewed_lease
from segmentum.workers.registry import JobContext, JobTable, RetryableJobError, UnknownJobKind, describe

log = logging.getLogger(__name__)

# Attempts of a job function, counted in Job.tries.
MAX_TRIES = 5
# Deliveries of one job: one more than MAX_TRIES, so that run_job gets the last word on a job that keeps dying.
DELIVERIES = MAX_TRIES + 1
# A job enqueued inside a transaction may reach a worker before that transaction commits: the worker waits
# a little, then asks for a later delivery (after MISSING_ROW_DEFER_S times the delivery number).
VISIBILITY_WAIT_S = 10.0
MISSING_ROW_DEFER_S = 5.0


def arq_job_timeout(settings: Settings) -> float:
    """arq's job_timeout: a margin above our own limit (Settings.job_timeout_seconds), so that a job that runs too
    long is recorded as FAILED by run_job. arq delivers the job of a worker that was killed outright again once
    this and ten seconds have passed."""
    return settings.job_timeout_seconds + min(60.0, settings.job_timeout_seconds)


def now() -> datetime:
    return datetime.now(UTC)


async def run_job(ctx: JobContext, job_id: int) -> dict[str, Any] | None:
    detach_from_transaction()
    table: JobTable = ctx["jobs"]
    settings: Settings = ctx["settings"]
    job = await _load_when_visible(job_id)
    if job is None:
        delivery = int(ctx.get("job_try") or 1)
        if delivery < DELIVERIES:
            raise Retry(defer=MISSING_ROW_DEFER_S * delivery)
        log.warning("job %s does not exist (its transaction was rolled back?)", job_id)
        return None
    if job.status in TERMINAL:
        log.info("%s is already %s; not run again", describe(job), job.status)
        return {"status": str(job.status)}
    if job.tries >= MAX_TRIES:
        await _finish(job, JobStatus.FAILED, table,
                      error=f"Gave up after {job.tries} tries that did not finish.")
        return {"status": str(JobStatus.FAILED)}

    try:
        fn = table.function(job.kind)
    except UnknownJobKind as exc:
        await _finish(job, JobStatus.FAILED, table, error=str(exc))
        return {"status": str(JobStatus.FAILED)}

    if not await _claim(job, settings):
        return {"status": "not claimed"}

    limit = asyncio.timeout(settings.job_timeout_seconds)
    # Under arq the lease is renewed while the job runs, so that reconciliation never takes it from this worker
    # (in-process jobs are resumed by their process instead: workers.queue.resume_in_process).
    lease = contextlib.nullcontext() if ctx.get("in_process") else renewed_lease(job.id, settings)
    # What the job writes records the key whose request started it (created_by_id), as the request would have.
    key_id = await _key_id(job.started_by)
    try:
        async with limit, lease:
            token = acting_key_id.set(key_id)
            try:
                result = await fn(ctx, job, **(job.payload or {}))
            finally:
                acting_key_id.reset(token)
    except JobCanceled:
        log.info("%s was canceled while running", describe(job))
        return {"status": str(JobStatus.CANCELED)}
    except RetryableJobError as exc:
        if job.tries >= MAX_TRIES:
            await _finish(job, JobStatus.FAILED, table, error=f"{exc} (gave up after {job.tries} tries)")
            return {"status": str(JobStatus.FAILED)}
        await _requeue(job, str(exc), exc.defer, settings)
        raise Retry(defer=exc.defer) from exc
    except TimeoutError as exc:
        limit_s = settings.job_timeout_seconds
        error = f"Timed out after {limit_s:g} seconds." if limit.expired() else f"TimeoutError: {exc}"
        await _finish(job, JobStatus.FAILED, table, error=error)
        return {"status": str(JobStatus.FAILED)}
    except Exception as exc:
        log.exception("%s failed", describe(job))
        await _finish(job, JobStatus.FAILED, table, error=f"{type(exc).__name__}: {exc}")
        return {"status": str(JobStatus.FAILED)}
    await _finish(job, JobStatus.SUCCEEDED, table, result=_jsonable(result))
    return {"status": str(JobStatus.SUCCEEDED)}


async def _key_id(name: str | None) -> int | None:
    """The id of the API key of this name (names are unique, keys never deleted), or None."""
    if name is None:
        return None
    key = await ApiKey.filter(name=name).using_db(root_client()).only("id").first()
    return key.id if key is not None else None


async def _load_when_visible(job_id: int) -> Job | None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + VISIBILITY_WAIT_S
    delay = 0.02
    while True:
        job = await Job.filter(id=job_id).using_db(root_client()).first()
        if job is not None or loop.time() >= deadline:
            return job
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.5)


async def _claim(job: Job, settings: Settings) -> bool:
    """QUEUED (or RUNNING left behind by a dead worker) -> RUNNING; False when someone else ended it."""
    started = now()
    claimed = await (
        Job.filter(id=job.id, status__in=ACTIVE)
        .using_db(root_client())
        .update(status=JobStatus.RUNNING, tries=F("tries") + 1, started_at=started, error=None,
                lease_expires_at=lease_until(settings))
    )
    if not claimed:
        return False
    job.status, job.tries, job.started_at = JobStatus.RUNNING, job.tries + 1, started
    await notify(job.id)
    return True


async def _requeue(job: Job, error: str, defer: float, settings: Settings) -> None:
    await Job.filter(id=job.id, status=JobStatus.RUNNING).using_db(root_client()).update(
        status=JobStatus.QUEUED, error=error, lease_expires_at=lease_until(settings, defer)
    )
    await notify(job.id)


async def _finish(job: Job, status: JobStatus, table: JobTable, *, result: Any = None,
                  error: str | None = None) -> None:
    values: dict[str, Any] = {"status": status, "finished_at": now(), "error": error, "lease_expires_at": None}
    if status == JobStatus.SUCCEEDED:
        values.update(result=result, progress=1.0)
    # Conditional: a job canceled meanwhile stays CANCELED. Its job.finished event commits with its end.
    async with in_transaction() as tx:
        ended = await Job.filter(id=job.id, status__in=ACTIVE).using_db(tx).update(**values)
        if ended and job.kind not in table.quiet:
            await record_event(WebhookEventType.JOB_FINISHED, {
                "jobId": global_id("Job", job.id), "kind": job.kind, "status": str(status), "error": error,
                "result": _small(values.get("result")),
            }, using_db=tx)
    await notify(job.id)
    if ended:
        await table.after_commit()


def _small(result: Any) -> Any:
    """A job's result as its job.finished event carries it: in full up to 10,000 bytes of JSON, else left out."""
    return result if len(json.dumps(result)) <= 10_000 else None


def _jsonable(value: Any) -> Any:
    """Results are stored as a JSON object or array; dates, decimals and the like as text."""
    value = json.loads(json.dumps(value, default=str))
    # The JSON field would take a bare string for JSON text, so scalars are wrapped.
    return value if value is None or isinstance(value, dict | list) else {"value": value}


async def mark_canceled(job_id: int) -> bool:
    """QUEUED/RUNNING -> CANCELED; False when the job had already ended."""
    # Inside a mutation's transaction on SQLite, the transaction's own connection (the file has one writer).
    changed = await Job.filter(id=job_id, status__in=ACTIVE).using_db(bookkeeping_client()).update(
        status=JobStatus.CANCELED, finished_at=now(), lease_expires_at=None
    )
    if changed:
        await notify(job_id)
    return bool(changed)
