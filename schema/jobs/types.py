"""Job: one run of a background job (a segment re-evaluation, a large log, a delivery, the demo data)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import strawberry
from strawberry import relay

from segmentum.models import system as sys_models
from segmentum.resolvers import bulk_queries
from segmentum.schema import terms
from segmentum.schema.audit.created_by import ApiKeyRef
from segmentum.schema.bulk.types import BulkQueryResult, result_of
from segmentum.schema.enums import JobKind, JobStatus
from segmentum.schema.errors import UserError
from segmentum.schema.jobs.segment_action import SegmentActionResult, action_result_of
from segmentum.schema.relay import ModelNode


@strawberry.type(description="One run of a background job (a segment re-evaluation, a large log, a delivery, the demo "
                             "data).")
class Job(ModelNode):
    model: ClassVar = sys_models.Job
    id: relay.NodeID[int]
    kind: JobKind = strawberry.field(description="What the job does.")
    status: JobStatus = strawberry.field(description=terms.STATUS)
    progress: float | None = strawberry.field(description="How far the job is, 0 to 1; null when it does not say.")
    enqueued_at: datetime = strawberry.field(description="When the job was queued (UTC).")
    started_at: datetime | None = strawberry.field(description=terms.STARTED_AT)
    finished_at: datetime | None = strawberry.field(description=terms.FINISHED_AT)
    error: str | None = strawberry.field(description="Why the job failed (FAILED), or why its last try did.")
    started_by: str | None = strawberry.field(
        description="The name of the API key whose request started the job; null for jobs the schedule (DYNAMIC "
                    "segments), the command line or another job started.")

    @strawberry.field(description="The API key whose request started the job, by name (as `startedBy`); null for "
                                  "jobs the schedule, the command line or another job started.")
    def created_by(self) -> ApiKeyRef | None:
        name = self.started_by
        return ApiKeyRef(name=name) if name is not None else None

    @strawberry.field(description="How many times the job has been started (a retry after a failure counts).")
    def attempts(self) -> int:
        return self.tries  # type: ignore[attr-defined,no-any-return]

    @strawberry.field(description="A BULK_QUERY job's file, once the job succeeded; null for other jobs.")
    async def bulk_query(self, info: strawberry.Info) -> BulkQueryResult | None:
        if self.kind != JobKind.BULK_QUERY:
            return None
        file = await bulk_queries.file_of(self.id)
        request = info.context.request
        return result_of(file, str(request.base_url) if request is not None else "") if file else None


    @strawberry.field(description="A SEGMENT_ACTION job's outcome (counts, warnings, userErrors), once it ended; null "
                                  "for other jobs and while it runs.")
    def segment_action(self) -> SegmentActionResult | None:
        if self.kind != JobKind.SEGMENT_ACTION or self.status != JobStatus.SUCCEEDED:
            return None
        return action_result_of(self.result)  # type: ignore[attr-defined]


@strawberry.type(description=terms.payload("job"))
class JobPayload:
    job: Job | None = strawberry.field(description=terms.payload_record("job"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.input(description="A job, by its ID.")
class JobRefInput:
    job_id: strawberry.ID = strawberry.field(description="The Job's global ID.")
