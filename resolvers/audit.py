"""The audit trail as admins read it: events, the latest first, by key, mutation and time."""

from __future__ import annotations

from datetime import UTC, datetime

from segmentum.models.audit import AuditEvent, AuditRecord, record_events
from segmentum.models.sql import Params
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page

__all__ = ["AuditRecord", "audit_page", "record_events"]


async def audit_page(*, first: int | None, after: str | None, last: int | None, before: str | None,
                     key: str | None, mutations: list[str] | None, since: datetime | None,
                     until: datetime | None) -> Page[AuditEvent]:
    """Events of the API key named `key` (None: any), of `mutations` (None: any), at or after `since` and before
    `until`."""

    def where(p: Params) -> str:
        conds = ["1 = 1"]
        if key is not None:
            # Names are unique and keys never deleted: a revoked key's events are found by its name too.
            conds.append(f"t.key_id IN (SELECT k.id FROM api_key k WHERE k.name = {p.add(key)})")
        if mutations is not None:
            conds.append(f"t.mutation IN {p.add_list(mutations)}" if mutations else "1 = 0")
        if since is not None:
            conds.append(f"t.at >= {p.add(since.astimezone(UTC))}")
        if until is not None:
            conds.append(f"t.at < {p.add(until.astimezone(UTC))}")
        return " AND ".join(conds)

    return await keyset_page(AuditEvent, where=where, order=[OrderKey("t.id", desc=True, kind="bigint")],
                             first=first, after=after, last=last, before=before)
