"""WebhookEndpoint, WebhookDelivery and WebhookAttempt; the admin check every webhook field makes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.enums import WebhookDeliveryStatus, WebhookEventType
from models.webhooks import tables
from resolvers import webhooks
from schema.errors import FORBIDDEN, UserError, coded_error
from schema.relay import ModelNode

strawberry.enum(WebhookEventType, description="What a webhook reports; the delivered body's `type` is the value "
                "(segment.membership_changed, segment.logged, job.finished, contact.created, contact.updated, "
                "contact.deleted).")
strawberry.enum(WebhookDeliveryStatus)


def require_admin(info: strawberry.Info) -> None:
    viewer = getattr(info.context, "viewer", None)
    if viewer is None or "admin" not in viewer.scopes:
        name = viewer.name if viewer is not None else None
        raise coded_error(f"Webhooks are for API keys with the 'admin' scope; {name!r} has not.", FORBIDDEN)


@strawberry.type
class WebhookEndpoint(ModelNode):
    model: ClassVar = tables.WebhookEndpoint
    id: relay.NodeID[int]
    url: str
    description: str
    enabled: bool
    disabled_reason: str | None = strawberry.field(
        description="Why the endpoint is disabled: too many failed attempts in a row, or an administrator.")
    consecutive_failures: int = strawberry.field(description="Failed attempts since the last success.")
    created_at: datetime

    @strawberry.field(description="The event types the endpoint receives.")
    def event_types(self) -> list[WebhookEventType]:
        return [WebhookEventType(t) for t in self.event_types]  # type: ignore[attr-defined]

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Any, required: bool = False) -> list[Any]:
        require_admin(info)
        return await super().resolve_nodes(info=info, node_ids=node_ids, required=required)


@strawberry.type
class WebhookAttempt:
    at: datetime
    status_code: int | None = strawberry.field(description="The receiver's HTTP status; null when none came.")
    latency_ms: int
    error: str | None


@strawberry.type
class WebhookDelivery(ModelNode):
    model: ClassVar = tables.WebhookDelivery
    id: relay.NodeID[int]
    status: WebhookDeliveryStatus
    created_at: datetime
    finished_at: datetime | None
    next_attempt_at: datetime | None

    @strawberry.field(description="Attempts in the current round (webhookDeliveryResend starts a new one).")
    def attempt_count(self) -> int:
        return self.attempts  # type: ignore[attr-defined,no-any-return]

    @strawberry.field(description="The webhook-id header: the event's id, the same on every attempt.")
    async def message_id(self) -> str:
        return (await tables.WebhookEvent.get(id=self.event_id)).message_id  # type: ignore[attr-defined]

    @strawberry.field
    async def event_type(self) -> WebhookEventType:
        return WebhookEventType((await tables.WebhookEvent.get(id=self.event_id)).type)  # type: ignore[attr-defined]

    @strawberry.field(description="The event's data, as the body's `data` carries it.")
    async def data(self) -> JSON:
        return (await tables.WebhookEvent.get(id=self.event_id)).data  # type: ignore[attr-defined,return-value]

    @strawberry.field
    async def endpoint(self) -> WebhookEndpoint:
        return await tables.WebhookEndpoint.get(id=self.endpoint_id)  # type: ignore[attr-defined,return-value]

    @strawberry.field(description="Every attempt, the first first: HTTP status, latency and error.")
    async def attempts(self) -> list[WebhookAttempt]:
        rows = await webhooks.attempts_of(self.id)
        return [WebhookAttempt(at=r.at, status_code=r.status_code, latency_ms=r.latency_ms, error=r.error)
                for r in rows]

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Any, required: bool = False) -> list[Any]:
        require_admin(info)
        return await super().resolve_nodes(info=info, node_ids=node_ids, required=required)


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None
    user_errors: list[UserError]


@strawberry.type
class WebhookEndpointCreatePayload:
    endpoint: WebhookEndpoint | None
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_...), shown this once: the receiver verifies the webhook-signature "
                    "header with it.")
    user_errors: list[UserError]


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None
    user_errors: list[UserError]
