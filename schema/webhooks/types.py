"""WebhookEndpoint, WebhookDelivery and WebhookAttempt; the admin check every webhook field makes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from segmentum.models.enums import WebhookDeliveryStatus, WebhookEventType
from segmentum.models.webhooks import tables
from segmentum.resolvers import webhooks
from segmentum.schema import terms
from segmentum.schema.enums import expose
from segmentum.schema.errors import FORBIDDEN, UserError, coded_error
from segmentum.schema.relay import ModelNode

expose(WebhookEventType, "What a webhook reports; the delivered body's `type` is the value "
       "(segment.membership_changed, segment.logged, job.finished, contact.created, contact.updated, "
       "contact.deleted).",
       SEGMENT_MEMBERSHIP_CHANGED="A segment's lines changed: counts, and the action or job.",
       SEGMENT_LOGGED="A segment was logged (interactions created).",
       JOB_FINISHED="A job ended SUCCEEDED or FAILED (a webhook delivery job excepted).",
       CONTACT_CREATED="A contact was created.",
       CONTACT_UPDATED="A contact was changed.",
       CONTACT_DELETED="A contact (and the persons deleted with it) was deleted.")
expose(WebhookDeliveryStatus, "Where a webhook delivery stands.",
       PENDING="Not delivered yet: queued, or waiting for its next attempt.",
       SUCCEEDED="The endpoint answered 2xx.",
       FAILED="Given up: the retry window ran out, or the endpoint is disabled.")


def require_admin(info: strawberry.Info) -> None:
    viewer = getattr(info.context, "viewer", None)
    if viewer is None or "admin" not in viewer.scopes:
        name = viewer.name if viewer is not None else None
        raise coded_error(f"Webhooks are for API keys with the 'admin' scope; {name!r} has not.", FORBIDDEN)


@strawberry.type(description="A URL that receives signed webhook events (Standard Webhooks 1.0) of the chosen types.")
class WebhookEndpoint(ModelNode):
    model: ClassVar = tables.WebhookEndpoint
    id: relay.NodeID[int]
    url: str = strawberry.field(description="Where the events are POSTed.")
    description: str = strawberry.field(description=terms.DESCRIPTION)
    enabled: bool = strawberry.field(description="false: nothing is sent (an administrator disabled it, or too many "
                                                 "attempts failed).")
    disabled_reason: str | None = strawberry.field(
        description="Why the endpoint is disabled: too many failed attempts in a row, or an administrator.")
    consecutive_failures: int = strawberry.field(description="Failed attempts since the last success.")
    created_at: datetime = strawberry.field(description=terms.CREATED_AT)

    @strawberry.field(description="The event types the endpoint receives.")
    def event_types(self) -> list[WebhookEventType]:
        return [WebhookEventType(t) for t in self.event_types]  # type: ignore[attr-defined]

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Any, required: bool = False) -> list[Any]:
        require_admin(info)
        return await super().resolve_nodes(info=info, node_ids=node_ids, required=required)


@strawberry.type(description="One HTTP attempt of a webhook delivery.")
class WebhookAttempt:
    at: datetime = strawberry.field(description=terms.AT)
    status_code: int | None = strawberry.field(description="The receiver's HTTP status; null when none came.")
    latency_ms: int = strawberry.field(description="Milliseconds from the start of the attempt to its answer (or "
                                                   "failure).")
    error: str | None = strawberry.field(description="Why the job failed; null otherwise.")


@strawberry.type(description="One event sent to one endpoint: its status and every attempt.")
class WebhookDelivery(ModelNode):
    model: ClassVar = tables.WebhookDelivery
    id: relay.NodeID[int]
    status: WebhookDeliveryStatus = strawberry.field(description=terms.STATUS)
    created_at: datetime = strawberry.field(description=terms.CREATED_AT)
    finished_at: datetime | None = strawberry.field(description=terms.FINISHED_AT)
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next attempt is due (PENDING after a failed attempt).")

    @strawberry.field(description="Attempts in the current round (webhookDeliveryResend starts a new one).")
    def attempt_count(self) -> int:
        return self.attempts  # type: ignore[attr-defined,no-any-return]

    @strawberry.field(description="The webhook-id header: the event's id, the same on every attempt.")
    async def message_id(self) -> str:
        return (await tables.WebhookEvent.get(id=self.event_id)).message_id  # type: ignore[attr-defined]

    @strawberry.field(description="The type of the event delivered.")
    async def event_type(self) -> WebhookEventType:
        return WebhookEventType((await tables.WebhookEvent.get(id=self.event_id)).type)  # type: ignore[attr-defined]

    @strawberry.field(description="The event's data, as the body's `data` carries it.")
    async def data(self) -> JSON:
        return (await tables.WebhookEvent.get(id=self.event_id)).data  # type: ignore[attr-defined,return-value]

    @strawberry.field(description="The endpoint the event is delivered to.")
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


@strawberry.type(description=terms.payload("webhook endpoint"))
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = strawberry.field(description=terms.payload_record("webhook endpoint"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("webhook endpoint create"))
class WebhookEndpointCreatePayload:
    endpoint: WebhookEndpoint | None = strawberry.field(description=terms.payload_record("webhook endpoint"))
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_...), shown this once: the receiver verifies the webhook-signature "
                    "header with it.")
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("webhook delivery"))
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = strawberry.field(description=terms.payload_record("webhook delivery"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)
