"""Job mutations: start a segment's re-evaluation, cancel a job. Each one transaction."""

from __future__ import annotations

import strawberry

from segmentum.resolvers import jobs
from segmentum.schema.jobs.types import JobPayload, JobRefInput
from segmentum.schema.mutation import perform
from segmentum.schema.segments.inputs import SegmentRefInput


@strawberry.type
class JobMutations:
    @strawberry.mutation(description="Re-evaluate a segment in the background (SPEC §2.4): replay its actions "
                         "against current data and reconcile its lines. A run already queued or running for "
                         "the segment is returned instead of a second one.")
    async def segment_reevaluate(self, input: SegmentRefInput) -> JobPayload:
        job, errors = await perform(lambda: jobs.reevaluate_segment(input.segment_id))
        return JobPayload(job=job, user_errors=errors)

    @strawberry.mutation(description="Cancel a QUEUED or RUNNING job; a running re-evaluation changes nothing.")
    async def job_cancel(self, input: JobRefInput) -> JobPayload:
        job, errors = await perform(lambda: jobs.cancel_job(input.job_id))
        return JobPayload(job=job, user_errors=errors)
