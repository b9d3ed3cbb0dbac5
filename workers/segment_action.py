"""SEGMENT_ACTION: a worksheet action too large for a request (SEGMENTUM_ACTION_JOB_THRESHOLD), run by a worker.

The mutation checked it (models.worksheet.requests.precheck) and queued it; the job runs the very same `run()`
in one transaction with the segment locked, as the mutation would have, so it gives the same lines. Actions of
one segment stay in the order they were asked for: a job first waits for the segment's earlier action jobs to
end (a mutation that finds one queued queues its action behind it, models.worksheet.requests). A rule that fails
by then (the segment changed meanwhile) rolls everything back and is reported as the job's userErrors.

Run twice (a worker that died after the commit, before the job's end was recorded), it does not act twice: the
transaction that changes the lines also writes the job's result, and a run that finds a result returns it.
"""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.transactions import in_transaction

from segmentum.models.db_errors import is_race
from segmentum.models.enums import JobKind
from segmentum.models.errors import DomainError
from segmentum.models.sql import dialect, execute
from segmentum.models.system import Job
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.requests import ActionRequest, active_action_jobs, job_key, result_json, run
from segmentum.workers import queue
from segmentum.workers.connection import root_client
from segmentum.workers.events import report_progress, watch
from segmentum.workers.registry import JobContext, RetryableJobError

KIND = JobKind.SEGMENT_ACTION


async def start(request: ActionRequest) -> Job:
    """Queue the action: its key names the segment and a fresh token, one job per request (never two)."""
    return await queue.enqueue(KIND, request.payload(), key=job_key(request.segment_id, uuid.uuid4().hex))


async def segment_action_job(ctx: JobContext, job: Job, **payload: Any) -> dict[str, Any]:
    if job.result is not None:
        return job.result  # its transaction committed: the action is done
    request = ActionRequest.of_payload(payload)
    await _wait_for_earlier(job, request.segment_id)
    await report_progress(job, 0.05)

    async def progress(value: float) -> None:
        await report_progress(job, 0.1 + 0.8 * value)

    try:
        async with in_transaction() as tx:
            if dialect() == "postgres":
                # A job has no statement timeout: a worker's connections have none, and a job run in the web process
                # (no Redis) is not held to the API's budget either, only to the job timeout.
                await execute("SET LOCAL statement_timeout = 0")
            segment = await lock_segment(request.segment_id)
            await report_progress(job, 0.1)
            result = result_json(await run(request, segment, progress))
            await report_progress(job, 0.9)
            # The last statement: the job row stays locked until the commit, and progress is reported before.
            await Job.filter(id=job.id).using_db(tx).update(result=result)
    except DomainError as exc:
        return {**result_json(None, exc.errors), "segmentId": request.segment_id}
    except Exception as exc:
        if is_race(exc):
            raise RetryableJobError(f"Lost a race with another transaction: {exc}") from exc
        raise
    return result


async def _wait_for_earlier(job: Job, segment_id: int) -> None:
    """Until no action job of the segment queued before this one is QUEUED or RUNNING."""
    while True:
        earlier = await active_action_jobs(segment_id, root_client()).filter(id__lt=job.id).order_by("id").first()
        if earlier is None:
            return
        async for _ in watch(earlier.id):
            pass
