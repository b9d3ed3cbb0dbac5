"""Jobs: start a segment's re-evaluation, cancel a job, watch one. Background work is started through each kind's
start function and otherwise reached through workers.queue."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.segments import Segment
from segmentum.models.sql import Params
from segmentum.models.system import Job, acting_key, acting_key_id
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page
from segmentum.workers import queue
from segmentum.workers.schedule import start_reevaluation


async def reevaluate_segment(segment_id: Any) -> Job:
    """The segment's re-evaluation job: the one already queued or running, else a new one."""
    pk = decode_id(segment_id, "Segment", "segmentId")
    if not await Segment.exists(id=pk):
        raise DomainError(ErrorCode.NOT_FOUND, f"Segment {segment_id} does not exist.", ["input", "segmentId"])
    return await start_reevaluation(pk)


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


@contextmanager
def acting_as(key_name: str | None, key_id: int | None = None) -> Iterator[None]:
    """Jobs started inside record `key_name` as the API key that started them, records written inside `key_id`
    as the key that created them."""
    token = acting_key.set(key_name)
    id_token = acting_key_id.set(key_id)
    try:
        yield
    finally:
        try:
            acting_key_id.reset(id_token)
            acting_key.reset(token)
        except ValueError:  # ended in another context (a subscription's last event): that one is left as is
            pass


async def jobs_page(*, first: int | None, after: str | None, last: int | None, before: str | None,
                    kinds: list[str] | None, statuses: list[str] | None, started_by: str | None) -> Page[Job]:
    """Jobs, the latest first, of any of `kinds` and `statuses` (None: any), started by the key `started_by`."""

    def where(p: Params) -> str:
        conds = ["1 = 1"]
        if kinds is not None:
            conds.append(f"t.kind IN {p.add_list(kinds)}" if kinds else "1 = 0")
        if statuses is not None:
            conds.append(f"t.status IN {p.add_list(statuses)}" if statuses else "1 = 0")
        if started_by is not None:
            conds.append(f"t.started_by = {p.add(started_by)}")
        return " AND ".join(conds)

    return await keyset_page(Job, where=where, order=[OrderKey("t.id", desc=True, kind="int")], first=first,
                             after=after, last=last, before=before)
