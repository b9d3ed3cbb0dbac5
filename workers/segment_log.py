"""The SEGMENT_LOG job: a large segment (more lines than SEGMENTUM_LOG_JOB_THRESHOLD) logged in the background.

The log itself is one transaction, as in the mutation; the job reports progress between its steps, then
queues the delivery when asked. A rule that fails now (the segment changed since the mutation checked it)
fails the job with the reason, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from models.enums import JobKind
from models.log.segment_log import log_segment
from models.system import Job
from models.worksheet.recording import lock_segment
from workers import delivery, queue
from workers.events import report_progress
from workers.registry import JobContext

KIND = JobKind.SEGMENT_LOG


async def log_segment_job(ctx: JobContext, job: Job, segment_id: int, deliver: bool = False,
                          create_follow_up: bool = False) -> dict[str, Any]:
    await report_progress(job, 0.05)

    async def progress(value: float) -> None:
        await report_progress(job, value)

    async with in_transaction():
        segment = await lock_segment(segment_id)
        outcome = await log_segment(segment, deliver=deliver, create_follow_up=create_follow_up, progress=progress)
    if outcome.to_deliver:
        await queue.enqueue(delivery.KIND, {"logged_segment_id": outcome.logged.id},
                      key=delivery.job_key(logged_segment_id=outcome.logged.id))
    return {
        "loggedSegmentId": outcome.logged.id,
        "segmentNo": outcome.logged.segment_no,
        "interactionsCreated": outcome.interactions_created,
        "followUpSegmentId": outcome.follow_up.id if outcome.follow_up else None,
    }
