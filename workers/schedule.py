"""The schedule of DYNAMIC segments: which are due, and in which order their re-evaluations start.

`enqueue_due()` runs every minute: as an arq cron job on one worker (unique per tick) with Redis, as a task
of the web process without it (`run_in_process`). A segment is due when it was never evaluated or its
refresh interval has passed. A due segment that reads (through the SEGMENT source, directly or through a
chain) a segment that is due or being re-evaluated waits for it: the run that finishes that segment calls
`enqueue_due()` again, so readers follow at once, in topological order. A segment already queued or
running is never queued again (one active job per segment key).

A re-evaluation is started here, by `start_reevaluation` (its payload and key), by the API as by the schedule.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q

from segmentum.models.bulk_files import delete_expired
from segmentum.models.enums import JobKind, SegmentKind
from segmentum.models.segments import Segment
from segmentum.models.system import Job
from segmentum.models.worksheet.dependencies import ancestors, dependents, segment_reads, topological
from segmentum.workers import queue
from segmentum.workers.events import ACTIVE
from segmentum.workers.webhooks.dispatch import dispatch

log = logging.getLogger(__name__)

KIND = JobKind.SEGMENT_REEVALUATE


def segment_key(segment_id: int) -> str:
    return f"segment:{segment_id}"


async def start_reevaluation(segment_id: int) -> Job:
    """The segment's re-evaluation: the one queued or running, else a new one (one at a time per segment)."""
    return await queue.enqueue(KIND, {"segment_id": segment_id}, key=segment_key(segment_id))


async def mark_readers_due(segment_id: int, when: datetime) -> None:
    """DYNAMIC segments that read `segment_id` (directly or through a chain) are due at `when`."""
    dynamic = [s.id for s in await Segment.filter(kind=SegmentKind.DYNAMIC).only("id")]
    readers = await dependents({segment_id}, await segment_reads(dynamic))
    if readers:
        await Segment.filter(id__in=readers, kind=SegmentKind.DYNAMIC).update(next_evaluation_at=when)


async def due_segments(now: datetime | None = None, *, finished_segment: int | None = None) -> list[int]:
    """The DYNAMIC segments to enqueue now, in topological order (see the module's docstring)."""
    now = now or datetime.now(UTC)
    due = [
        s.id
        for s in await Segment.filter(kind=SegmentKind.DYNAMIC)
        .filter(Q(next_evaluation_at__isnull=True) | Q(next_evaluation_at__lte=now))
        .only("id")
    ]
    if not due:
        return []
    keys = [j.key or "" for j in await Job.filter(kind=KIND, status__in=ACTIVE).only("key")]
    active = {int(k.split(":", 1)[1]) for k in keys if k.startswith("segment:")} - {finished_segment}
    reads = await segment_reads()
    blockers = set(due) | active
    ready = []
    for segment_id in topological(due, reads):
        if segment_id in active:
            continue
        above = await ancestors(segment_id, reads)
        # In a cycle (possible only through STATIC segments) nobody would go first: it runs anyway.
        if segment_id not in above and above & blockers:
            continue
        ready.append(segment_id)
    return ready


async def enqueue_due(now: datetime | None = None, *, finished_segment: int | None = None) -> list[Job]:
    return [await start_reevaluation(segment_id)
            for segment_id in await due_segments(now, finished_segment=finished_segment)]


async def schedule_tick(ctx: dict[str, Any]) -> int:
    """The arq cron job; it also queues webhook deliveries left unqueued (a process died after its commit) and
    deletes the expired files of bulk queries."""
    due = len(await enqueue_due())
    await dispatch()
    await delete_expired()
    return due


async def run_in_process(interval: float) -> None:
    """Without Redis: the same schedule as a task of this process, every `interval` seconds (Settings.
    schedule_seconds), until canceled."""
    while True:
        try:
            await enqueue_due()
            await dispatch()
            await delete_expired()
        except Exception:  # the next tick tries again
            log.exception("could not enqueue the due segments")
        await asyncio.sleep(interval)
