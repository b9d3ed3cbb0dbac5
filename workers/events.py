"""Job progress and change notifications.

Listeners in the same process are woken directly; with Redis, every change is also published on
`segmentum:job:<id>` so that a web process sees changes made by a worker process. One pub/sub connection per
process (`_Listener`, subscribed to every job's channel) wakes the watchers of this process: a thousand
subscriptions hold one Redis connection, not a thousand. `watch()` re-reads the row on each notification; it
polls only while that connection is down (or without Redis), and every watcher re-reads once when it is back,
so a message missed meanwhile only delays an update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from segmentum.config.settings import Settings
from segmentum.models.enums import JobStatus
from segmentum.models.system import Job
from segmentum.workers.connection import bookkeeping_client, root_client

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "segmentum:job:"
TERMINAL = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED})
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)

# Seconds between attempts to reconnect the pub/sub listener after Redis went away.
RECONNECT_SECONDS = 1.0

_listeners: dict[int, set[asyncio.Queue[None]]] = {}
_publisher: Any = None
# Watchers re-read the row this often while the pub/sub connection is down (Settings.job_poll_seconds, set by
# the queue's configure).
_poll_seconds: float = Settings.job_poll_seconds


class _Listener:
    """The process's one pub/sub connection: every job's channel, fanned out to the local watchers."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis
        self.connected = False
        self.task: asyncio.Task[None] | None = None

    def ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            self.connected = False
            self.task = loop.create_task(self._run(), name="segmentum-job-listener")

    async def stop(self) -> None:
        task, self.task = self.task, None
        self.connected = False
        if task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _run(self) -> None:
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                self.connected = True
                _wake_all()  # what changed while the connection was down is read once now
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        _wake(_job_id(message.get("channel")))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("the job pub/sub connection was lost; watchers poll until it is back", exc_info=True)
            finally:
                self.connected = False
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            _wake_all()  # from now on they poll
            await asyncio.sleep(RECONNECT_SECONDS)


_listener: _Listener | None = None


def _job_id(channel: Any) -> int | None:
    if isinstance(channel, bytes):
        channel = channel.decode("ascii", "replace")
    if isinstance(channel, str) and channel.startswith(CHANNEL_PREFIX):
        with contextlib.suppress(ValueError):
            return int(channel[len(CHANNEL_PREFIX):])
    return None


def _wake(job_id: int | None) -> None:
    for queue in list(_listeners.get(job_id, ())) if job_id is not None else ():
        queue.put_nowait(None)


def _wake_all() -> None:
    for job_id in list(_listeners):
        _wake(job_id)


def set_publisher(redis: Any, poll_seconds: float | None = None) -> None:
    """A redis.asyncio client (an arq pool is one) used to publish changes; None publishes nothing. Watchers poll
    every `poll_seconds` while no pub/sub connection is up."""
    global _publisher, _listener, _poll_seconds
    _publisher = redis
    if poll_seconds is not None:
        _poll_seconds = poll_seconds
    if _listener is not None and _listener.redis is not redis:
        old, _listener = _listener, None
        if old.task is not None and not old.task.done():
            old.task.cancel()


def listener_connected() -> bool:
    """Whether this process's pub/sub connection is up (its watchers then do not poll)."""
    return _listener is not None and _listener.connected


def publisher() -> Any:
    return _publisher


def channel(job_id: int) -> str:
    return f"{CHANNEL_PREFIX}{job_id}"


async def notify(job_id: int) -> None:
    if _publisher is not None:
        try:
            await _publisher.publish(channel(job_id), "changed")
            if listener_connected():
                return  # this process's listener wakes its own watchers
        except Exception:  # a lost notification is only a delay: watchers poll meanwhile
            log.warning("could not publish the change of job %s", job_id, exc_info=True)
    _wake(job_id)


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
    global _listener
    queue: asyncio.Queue[None] = asyncio.Queue()
    _listeners.setdefault(job_id, set()).add(queue)
    if _publisher is not None:
        if _listener is None:
            _listener = _Listener(_publisher)
        _listener.ensure_running()
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
            await _wait(queue, _poll_seconds if poll_interval is None else poll_interval)
    finally:
        listeners = _listeners.get(job_id)
        if listeners is not None:
            listeners.discard(queue)
            if not listeners:
                del _listeners[job_id]


async def _wait(queue: asyncio.Queue[None], seconds: float) -> None:
    if listener_connected():
        # Every change is published and the listener wakes this queue: no polling. If the connection drops,
        # the listener wakes every watcher, and they poll until it is back.
        await queue.get()
    else:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(queue.get(), seconds)
    while not queue.empty():  # several wake-ups, one read
        queue.get_nowait()
