"""bulkQueryRun: any read query, as a job, to a JSONL file."""

from __future__ import annotations

from typing import Annotated

import strawberry

from segmentum.resolvers import bulk_queries
from segmentum.schema.bulk.document import check
from segmentum.schema.bulk.job import limits
from segmentum.schema.jobs.types import JobPayload
from segmentum.schema.mutation import perform


@strawberry.type
class BulkQueryMutations:
    @strawberry.mutation(description="Run a read query in the background and write its whole answer to a JSONL file "
                         "(`Job.bulkQuery.url` once the job succeeded): one root connection, every page of it, and "
                         "the connections of its nodes (one level) as lines with `__parentId`. Checked first "
                         "(NOT_A_QUERY, UNSUPPORTED_QUERY, INVALID, TOO_LARGE); the same query by the same key while "
                         "its job runs answers that job.")
    async def bulk_query_run(self, info: strawberry.Info, query: Annotated[str, strawberry.argument(
            description="The query document: one query operation, without variables or paging arguments.")],
                             ) -> JobPayload:
        settings, viewer = info.context.settings, info.context.viewer

        async def work() -> object:
            check(query, info.schema._schema, limits(settings), settings.max_tokens, settings.max_document_chars)
            return await bulk_queries.start(query, viewer.name, sorted(viewer.scopes))

        job, errors = await perform(work)
        return JobPayload(job=job, user_errors=errors)
