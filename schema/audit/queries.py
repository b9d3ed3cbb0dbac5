"""The audit trail (admin only): events, the latest first, by key, mutation and time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from segmentum.resolvers import audit
from segmentum.schema.audit.types import AuditEvent, require_admin
from segmentum.schema.relay import After, Before, Connection, First, Last


@strawberry.type
class AuditQueries:
    @strawberry.field(description="Mutations run or refused, the latest first (admin): every one, or those of one "
                      "API key, of some mutations, in a time range.")
    async def audit_events(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        key: Annotated[str | None, strawberry.argument(
            description="Only the events of the API key of this name (revoked keys too).")] = None,
        mutation: Annotated[list[str] | None, strawberry.argument(
            description="Only the events of these mutation fields (`segmentLog`); null: every one.")] = None,
        since: Annotated[datetime | None, strawberry.argument(
            description="Only events at or after this time.")] = None,
        until: Annotated[datetime | None, strawberry.argument(
            description="Only events before this time.")] = None,
    ) -> Connection[AuditEvent]:
        require_admin(info)
        page = await audit.audit_page(first=first, after=after, last=last, before=before, key=key,
                                      mutations=mutation, since=since, until=until)
        return Connection.from_page(page)
