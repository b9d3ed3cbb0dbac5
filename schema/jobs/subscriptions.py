"""Subscriptions over graphql-transport-ws (schema/websocket.py authenticates them in connection_init)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import jobs
from schema.jobs.types import Job


@strawberry.type
class Subscription:
    @strawberry.subscription(description="The job now, then on every status or progress change; completes "
                             "when the job has ended. Any number of clients may watch one job.")
    async def job_updated(self, id: strawberry.ID) -> AsyncGenerator[Job, None]:
        async for job in jobs.watch_job(id):
            yield job  # type: ignore[misc]
