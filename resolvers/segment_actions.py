"""Where a worksheet action runs: in the request, or, above SEGMENTUM_ACTION_JOB_THRESHOLD, as a SEGMENT_ACTION job.

Every refusal is made here first, in the request (models.worksheet.requests.precheck), so a refused action is
refused at once whichever way it would have run. While an action job of the segment is queued or running, later
actions on it are queued behind it whatever their size: they keep their order, and no request waits on the
segment's lock for as long as the job holds it.
"""

from __future__ import annotations

from segmentum.config.settings import Settings
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.segments import Segment
from segmentum.models.worksheet.actions import ActionResult
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.requests import ActionRequest, active_action_jobs, estimate, precheck, run
from segmentum.workers.segment_action import start as start_action


async def act(request: ActionRequest) -> ActionResult:
    threshold = Settings.from_env().action_job_threshold
    if await active_action_jobs(request.segment_id).exists():
        # Not locked: the job holds the lock while it runs; the job behind it checks again under the lock.
        segment = await Segment.get_or_none(id=request.segment_id)
        if segment is None:
            raise DomainError(ErrorCode.NOT_FOUND, f"Segment {request.segment_id} does not exist.",
                              ["input", "segmentId"])
        await precheck(request, segment)
        return await _queued(request, segment)
    segment = await lock_segment(request.segment_id)
    await precheck(request, segment)
    # Again under the lock: a job queued by a request that held it just before is now visible.
    if await active_action_jobs(segment.id).exists() or await estimate(request, segment, threshold) > threshold:
        return await _queued(request, segment)
    return await run(request, segment)


async def _queued(request: ActionRequest, segment: Segment) -> ActionResult:
    return ActionResult(segment=segment, job=await start_action(request))
