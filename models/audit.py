"""The audit trail: one row per mutation field run or refused, with the key, its outcome and what it touched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise import connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.models import Model

from segmentum.models.enums import AuditOutcome

# Global IDs kept per event, error codes per event: an event stays one small row whatever the mutation did
# (a delete of a company with its persons, a payload of many errors); `touched_count` says how many there were.
MAX_TOUCHED_IDS = 20
MAX_CODES = 10


class AuditEvent(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(db_index=True)
    # The API key that asked (ApiKey.id): keys are never deleted (models/system.py), so its name stays readable.
    key_id = fields.IntField(null=True)
    # The root mutation field (`segmentLog`), never its input: inputs may hold secrets and personal data.
    mutation = fields.CharField(max_length=100)
    outcome = fields.CharEnumField(AuditOutcome, max_length=12)
    # The userError or top-level error codes, distinct, at most MAX_CODES.
    codes: list[str] = fields.JSONField(default=list)
    # Global IDs of the records the mutation returned or removed, at most MAX_TOUCHED_IDS.
    touched_ids: list[str] = fields.JSONField(default=list)
    touched_count = fields.IntField(default=0)
    request_id = fields.CharField(max_length=32, null=True)

    class Meta:
        table = "audit_event"
        ordering = ["-id"]
        indexes = (("key_id", "id"), ("mutation", "id"))


@dataclass(frozen=True)
class AuditRecord:
    """What one mutation field did, as the request saw it."""

    mutation: str
    outcome: AuditOutcome
    key_id: int | None
    codes: Sequence[str] = ()
    touched_ids: Sequence[str] = ()
    request_id: str | None = None


def _own_connection() -> BaseDBAsyncClient:
    """The plain connection, outside any transaction of the caller: an event commits by itself, whatever becomes of
    the work it reports (a mutation refused with userErrors has rolled its work back and still leaves its event).
    Mutations end their transaction before they are recorded; on SQLite, whose one connection a transaction holds,
    an event written inside one (a caller's own) goes with it."""
    conn = connections.get("default")
    if isinstance(conn, TransactionalDBClient) and conn.capabilities.dialect == "sqlite":
        return conn
    while isinstance(conn, TransactionalDBClient):
        conn = conn._parent
    return conn


async def record_events(records: Sequence[AuditRecord]) -> None:
    """One INSERT of the events, in a transaction of its own; codes and IDs capped (MAX_CODES, MAX_TOUCHED_IDS)."""
    if not records:
        return
    now = datetime.now(UTC)
    rows = [AuditEvent(at=now, key_id=r.key_id, mutation=r.mutation[:100], outcome=r.outcome,
                       codes=list(dict.fromkeys(r.codes))[:MAX_CODES],
                       touched_ids=list(dict.fromkeys(r.touched_ids))[:MAX_TOUCHED_IDS],
                       touched_count=len(set(r.touched_ids)), request_id=(r.request_id or None) and r.request_id[:32])
            for r in records]
    if len(rows) == 1:
        await rows[0].save(using_db=_own_connection())
    else:
        await AuditEvent.bulk_create(rows, using_db=_own_connection())
