"""Reconciliation: Job rows the queue has forgotten go back to it.

A QUEUED or RUNNING row whose lease has run out (workers/lease.py) and whose arq entry is gone (no job key and
no in-progress key: Redis restarted without persistence, a failover, a process that died between committing
the row and sending it) is queued again, counted as an attempt (Job.tries), so that a job that keeps being
lost ends FAILED after MAX_TRIES like one that keeps dying. The change is conditional on the lease still
being expired: a job whose worker renews its lease is never taken from it, and of several reconcilers
(one per worker) exactly one requeues a given job.

Workers run it at startup and every `job_reconcile_seconds` (SEGMENTUM_JOB_RECONCILE_SECONDS).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix
from tortoise.expressions import F

from segmentum.config.settings import Settings
from segmentum.models.enums import JobStatus
from segmentum.models.system import Job
from segmentum.workers.connection import root_client
from segmentum.workers.events import ACTIVE, notify
from segmentum.workers.lease import lease_until
from segmentum.workers.queue import arq_job_id, send_to_arq

log = logging.getLogger(__name__)

# Rows looked at per pass: a backlog is worked off over several passes, each bounded.
BATCH = 200


async def _in_queue(pool: ArqRedis, job: Job) -> bool:
    arq_id = arq_job_id(job, pool.default_queue_name)
    ids = (arq_id, f"{arq_id}:{job.id}")  # the second: see queue._send_to_arq
    keys = [prefix + i for i in ids for prefix in (job_key_prefix, in_progress_key_prefix)]
    return bool(await pool.exists(*keys))


async def reconcile(pool: ArqRedis, settings: Settings) -> list[int]:
    """Requeue the active jobs whose lease expired and whose queue entry is gone; returns their ids."""
    now = datetime.now(UTC)
    client = root_client()
    expired = await (Job.filter(status__in=ACTIVE, lease_expires_at__lt=now).using_db(client)
                     .order_by("lease_expires_at").limit(BATCH))
    requeued = []
    for job in expired:
        if await _in_queue(pool, job):
            continue
        # Conditional: a lease renewed meanwhile (a worker has it after all), or another reconciler that was
        # quicker, leaves the row alone.
        taken = await Job.filter(id=job.id, status__in=ACTIVE, lease_expires_at__lt=now).using_db(client).update(
            status=JobStatus.QUEUED, tries=F("tries") + 1, lease_expires_at=lease_until(settings),
            error="Lost by the queue; queued again.")
        if not taken:
            continue
        log.warning("job %s (%s) was lost by the queue (status %s, lease expired %s); queued again",
                    job.id, job.kind, job.status, job.lease_expires_at)
        await send_to_arq(pool, job)
        await notify(job.id)
        requeued.append(job.id)
    return requeued


async def reconcile_forever(pool: ArqRedis, settings: Settings) -> None:
    """Reconcile now and then every job_reconcile_seconds, until canceled; errors wait for the next turn."""
    while True:
        try:
            await reconcile(pool, settings)
        except Exception:
            log.warning("job reconciliation failed; tried again at the next turn", exc_info=True)
        await asyncio.sleep(max(0.1, settings.job_reconcile_seconds))


def start(ctx: dict[str, Any]) -> None:
    ctx["reconciler"] = asyncio.get_running_loop().create_task(reconcile_forever(ctx["redis"], ctx["settings"]),
                                                                name="segmentum-job-reconciler")


async def stop(ctx: dict[str, Any]) -> None:
    task = ctx.pop("reconciler", None)
    if task is not None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
