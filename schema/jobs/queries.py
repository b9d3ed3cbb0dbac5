"""Job queries: the jobs, by kind, status and the API key that started them."""

from __future__ import annotations

from typing import Annotated

import strawberry

from segmentum.resolvers import jobs
from segmentum.schema.enums import JobKind, JobStatus
from segmentum.schema.jobs.types import Job
from segmentum.schema.relay import After, Before, Connection, First, Last


@strawberry.type
class JobQueries:
    @strawberry.field(description="Jobs, the latest first: every job, or those of the given kinds and statuses "
                      "and those one API key started (`startedBy` with `viewer.name`: your own).")
    async def jobs(
        self,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        kind: Annotated[list[JobKind] | None, strawberry.argument(
            description="Only jobs of these kinds (null or empty: every kind).")] = None,
        status: Annotated[list[JobStatus] | None, strawberry.argument(
            description="Only jobs in these statuses (null or empty: every status).")] = None,
        started_by: Annotated[str | None, strawberry.argument(
            description="Only jobs started by requests with the API key of this name.")] = None,
    ) -> Connection[Job]:
        page = await jobs.jobs_page(first=first, after=after, last=last, before=before,
                                    kinds=[k.value for k in kind] if kind else None,
                                    statuses=[s.value for s in status] if status else None, started_by=started_by)
        return Connection.from_page(page)
