"""Job progress and change notifications.

Listeners in the same process are woken directly; with Redis, every change is also published on
`segmentum:job:<id>` so that a web process sees changes made by a worker process. `watch()` re-reads the
row on each notification and also polls, so a missed message only delays an update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from models.enums import JobStatus
from models.system import Job
from workers.connection import bookkeeping_client, root_client

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "segmentum:job:"
TERMINAL = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED})
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# Watchers re-read the row this often even without a notification (SEGMENTUM_JOB_POLL_SECONDS).
POLL_SECONDS = float(os.environ.get("SEGMENTUM_JOB_POLL_SECONDS") or 1.0)

_listeners: dict[int, set[asyncio.Queue[None]]] = {}
_publisher: Any = None


def set_publisher(redis: Any) -> None:
    """A redis.asyncio client (an arq pool is one) used to publish changes; None publishes nothing."""
    global _publisher
    _publisher = redis


def publisher() -> Any:
    return _publisher


def channel(job_id: int) -> str:
    return f"{CHANNEL_PREFIX}{job_id}"


async def notify(job_id: int) -> None:
    for queue in list(_listeners.get(job_id, ())):
        queue.put_nowait(None)
    if _publisher is not None:
        try:
            await _publisher.publish(channel(job_id), "changed")
        except Exception:  # a lost notification is only a delay: watchers poll as well
            log.warning("could not publish the change of job %s", job_id, exc_info=True)


class JobCanceled(Exception):
    """The job was canceled while it ran; raised from progress reports so that the function stops early."""


async def report_progress(job: Job, progress: float) -> None:
    """Record how far a running job is (0..1) and tell whoever watches it.

    Raises JobCanceled when the job was canceled meanwhile.
    """
    value = min(1.0, max(0.0, float(progress)))
    client = bookkeeping_client()
    updated = await Job.filter(id=job.id, status=JobStatus.RUNNING).using_db(client).update(progress=value)
    if not updated:
        current = await Job.filter(id=job.id).using_db(client).only("id", "status").first()
        if current is not None and current.status == JobStatus.CANCELED:
            raise JobCanceled(f"Job {job.id} was canceled.")
        return
    job.progress = value
    await notify(job.id)


async def watch(job_id: int, *, poll_interval: float | None = None) -> AsyncIterator[Job]:
    """Yield the job now and after every status or progress change; stop once it has ended or is gone."""
    queue: asyncio.Queue[None] = asyncio.Queue()
    _listeners.setdefault(job_id, set()).add(queue)
    pubsub = None
    if _publisher is not None:
        pubsub = _publisher.pubsub()
        await pubsub.subscribe(channel(job_id))
    try:
        last: tuple[Any, Any] | None = None
        while True:
            job = await Job.filter(id=job_id).using_db(root_client()).first()
            if job is None:
                return
            state = (job.status, job.progress)
            if state != last:
                last = state
                yield job
            if job.status in TERMINAL:
                return
            await _wait(queue, pubsub, POLL_SECONDS if poll_interval is None else poll_interval)
    finally:
        listeners = _listeners.get(job_id)
        if listeners is not None:
            listeners.discard(queue)
            if not listeners:
                del _listeners[job_id]
        if pubsub is not None:
            with contextlib.suppress(Exception):
                await pubsub.unsubscribe()
                await pubsub.aclose()


async def _wait(queue: asyncio.Queue[None], pubsub: Any, seconds: float) -> None:
    if pubsub is not None:
        # Local changes are published too, so the subscription alone covers both.
        await pubsub.get_message(ignore_subscribe_messages=True, timeout=seconds)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(queue.get(), seconds)
