"""The SEGMENT_LOG job: a large segment (more lines than SEGMENTUM_LOG_JOB_THRESHOLD) logged in the background.

The log itself is one transaction, as in the mutation; the job reports progress between its steps, then
queues the delivery when asked. A rule that fails now (the segment changed since the mutation checked it)
fails the job with the reason, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from segmentum.models.enums import DeliveryStatus, JobKind
from segmentum.models.interactions import InteractionLogEntry, LoggedSegment
from segmentum.models.log.segment_log import log_segment
from segmentum.models.segments import Segment
from segmentum.models.system import Job
from segmentum.models.worksheet.recording import lock_segment
from segmentum.workers import delivery, queue
from segmentum.workers.connection import bookkeeping_client
from segmentum.workers.events import report_progress
from segmentum.workers.registry import JobContext

KIND = JobKind.SEGMENT_LOG


async def start(segment: Segment, *, deliver: bool, create_follow_up: bool) -> Job:
    """The segment's log as a job (one at a time per segment). The segment's number names its logged segment: a
    job run again after its log committed finds it."""
    return await queue.enqueue(KIND, {"segment_id": segment.id, "segment_no": segment.no, "deliver": deliver,
                                      "create_follow_up": create_follow_up}, key=str(segment.id))


async def log_segment_job(ctx: JobContext, job: Job, segment_id: int, deliver: bool = False,
                          create_follow_up: bool = False, segment_no: str | None = None) -> dict[str, Any]:
    if segment_no is not None:
        # Run again after its log committed (a worker that died before recording the job's end, then a queue
        # that lost it): the segment is logged already and is not logged twice.
        logged = await LoggedSegment.filter(segment_no=segment_no).using_db(bookkeeping_client()).first()
        if logged is not None and not await Segment.filter(id=segment_id).using_db(bookkeeping_client()).exists():
            return await _already_logged(logged, deliver)
    await report_progress(job, 0.05)

    async def progress(value: float) -> None:
        await report_progress(job, value)

    async with in_transaction():
        segment = await lock_segment(segment_id)
        outcome = await log_segment(segment, deliver=deliver, create_follow_up=create_follow_up, progress=progress)
    if outcome.to_deliver:
        await delivery.start(logged_segment_id=outcome.logged.id)
    return {
        "loggedSegmentId": outcome.logged.id,
        "segmentNo": outcome.logged.segment_no,
        "interactionsCreated": outcome.interactions_created,
        "followUpSegmentId": outcome.follow_up.id if outcome.follow_up else None,
    }


async def _already_logged(logged: LoggedSegment, deliver: bool) -> dict[str, Any]:
    client = bookkeeping_client()
    entries = InteractionLogEntry.filter(logged_segment_id=logged.id).using_db(client)
    if deliver and await entries.filter(delivery_status=DeliveryStatus.PENDING).exists():
        # The delivery may not have been queued before the worker died; queued twice it is one job (its key).
        await delivery.start(logged_segment_id=logged.id)
    return {
        "loggedSegmentId": logged.id,
        "segmentNo": logged.segment_no,
        "interactionsCreated": await entries.count(),
        "followUpSegmentId": None,
        "alreadyLogged": True,
    }
