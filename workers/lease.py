"""A job's lease: how long a QUEUED or RUNNING job is taken to be in hand without further word.

The queue (Redis) may forget a job: a restart without persistence, a failover. The Job row then stays QUEUED
or RUNNING, and the job's key (one re-evaluation per segment, one log per segment) answers that dead job for
ever. So each active row carries a lease: set when the job is queued, renewed while a worker runs it. Once a
lease has run out, the reconciler (workers/reconcile.py) looks for the job's queue entry and, if it is gone,
puts the job back. A worker that is alive renews its job's lease, so a running job is never taken from it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from segmentum.config.settings import Settings
from segmentum.models.enums import JobStatus
from segmentum.models.system import Job
from segmentum.workers.connection import root_client

log = logging.getLogger(__name__)


def lease_seconds(settings: Settings) -> float:
    return max(1.0, settings.job_lease_seconds)


def renew_seconds(settings: Settings) -> float:
    # Renewed well within the lease, whatever the settings say.
    return max(0.05, min(settings.job_lease_renew_seconds, lease_seconds(settings) / 2))


def lease_until(settings: Settings, extra_seconds: float = 0.0) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=lease_seconds(settings) + extra_seconds)


async def renew(job_id: int, settings: Settings) -> bool:
    """Extends a RUNNING job's lease; False when the job is no longer running."""
    renewed = await Job.filter(id=job_id, status=JobStatus.RUNNING).using_db(root_client()).update(
        lease_expires_at=lease_until(settings))
    return bool(renewed)


@contextlib.asynccontextmanager
async def renewed_lease(job_id: int, settings: Settings) -> AsyncIterator[None]:
    """Renew the job's lease every renew_seconds() while the block runs."""
    task = asyncio.get_running_loop().create_task(_renew_forever(job_id, settings), name=f"segmentum-lease-{job_id}")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _renew_forever(job_id: int, settings: Settings) -> None:
    interval = renew_seconds(settings)
    while True:
        await asyncio.sleep(interval)
        try:
            if not await renew(job_id, settings):
                return
        except Exception:  # the database is away: try again at the next turn, the lease has slack for it
            log.warning("could not renew the lease of job %s", job_id, exc_info=True)
