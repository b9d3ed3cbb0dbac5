"""AuditEvent: one mutation field as it was run or refused, by which key, with its outcome."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, ClassVar

import strawberry
from strawberry import relay

from segmentum.models import audit as audit_models
from segmentum.models.system import ApiKey
from segmentum.resolvers.loaders import load_fk
from segmentum.schema.audit.created_by import ApiKeyRef
from segmentum.schema.enums import AuditOutcome
from segmentum.schema.errors import FORBIDDEN, coded_error
from segmentum.schema.relay import ModelNode


def require_admin(info: strawberry.Info) -> None:
    viewer = getattr(info.context, "viewer", None)
    if viewer is None or "admin" not in viewer.scopes:
        name = viewer.name if viewer is not None else None
        raise coded_error(f"The audit trail is for API keys with the 'admin' scope; {name!r} has not.", FORBIDDEN)


async def _key(root: strawberry.Parent[Any], info: strawberry.Info) -> ApiKeyRef | None:
    key = await load_fk(info.context.loaders, ApiKey, root.key_id)
    return ApiKeyRef(name=key.name) if key is not None else None


@strawberry.type(description="One mutation field run or refused: which, by which API key, when, what it touched "
                             "and how it ended. Inputs are not kept (they may hold secrets and personal data).")
class AuditEvent(ModelNode):
    model: ClassVar = audit_models.AuditEvent
    id: relay.NodeID[int]
    mutation: str = strawberry.field(description="The mutation field's name (`segmentLog`), not its alias.")
    key: ApiKeyRef | None = strawberry.field(
        resolver=_key, description="The API key that asked, by name (a revoked key keeps its name here).")
    at: datetime.datetime = strawberry.field(description="When it answered (or was refused).")
    outcome: AuditOutcome = strawberry.field(description="How it ended; nothing of it was kept unless OK.")
    codes: list[str] = strawberry.field(
        description="The error codes: of its userErrors (USER_ERROR), or the top-level code (FORBIDDEN, "
                    f"RATE_LIMITED, QUERY_TOO_COMPLEX, ...); distinct, at most {audit_models.MAX_CODES}.")
    touched_ids: list[strawberry.ID] = strawberry.field(
        description="Global IDs of the records its payload named (created, changed, removed), at most "
                    f"{audit_models.MAX_TOUCHED_IDS}.")
    touched_count: int = strawberry.field(description="How many distinct IDs its payload named in all.")
    request_id: str | None = strawberry.field(description="The request's id (the X-Request-ID answered).")

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        require_admin(info)  # `node(id:)` too: the trail is for admins only
        return await super().resolve_nodes(info=info, node_ids=node_ids, required=required)
