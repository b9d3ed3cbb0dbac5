"""Jobs: start a segment's re-evaluation, cancel a job, watch one. Background work is reached only
through workers.queue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from models.enums import ErrorCode
from models.errors import DomainError
from models.segments import Segment
from models.system import Job
from resolvers.ids import decode_id
from workers import queue


async def reevaluate_segment(segment_id: Any) -> Job:
    """The segment's re-evaluation job: the one already queued or running, else a new one."""
    pk = decode_id(segment_id, "Segment", "segmentId")
    if not await Segment.exists(id=pk):
        raise DomainError(ErrorCode.NOT_FOUND, f"Segment {segment_id} does not exist.", ["input", "segmentId"])
    return await queue.enqueue_segment_reevaluation(pk)


async def _job(job_id: Any, field: str) -> Job:
    job = await Job.get_or_none(id=decode_id(job_id, "Job", field))
    if job is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Job {job_id} does not exist.", ["input", field])
    return job


async def cancel_job(job_id: Any) -> Job:
    """QUEUED or RUNNING -> CANCELED (a running job stops at its next progress report, its changes undone)."""
    job = await _job(job_id, "jobId")
    if not await queue.cancel(job.id):
        raise DomainError(ErrorCode.CONFLICT, f"Job {job_id} has already ended ({job.status}).", ["input", "jobId"])
    await job.refresh_from_db()
    return job


async def watch_job(job_id: Any) -> AsyncIterator[Job]:
    """The job now, then after every status or progress change; ends when the job does."""
    job = await _job(job_id, "id")
    async for state in queue.watch(job.id):
        yield state
