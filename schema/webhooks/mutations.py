"""Webhook mutations (admin only): register, update, disable and delete endpoints; resend one delivery."""

from __future__ import annotations

import strawberry

from segmentum.models.enums import WebhookEventType
from segmentum.resolvers import webhooks
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.webhooks.types import (
    WebhookDeliveryPayload,
    WebhookEndpointCreatePayload,
    WebhookEndpointPayload,
    require_admin,
)


@strawberry.input(description="A new webhook endpoint.")
class WebhookEndpointCreateInput:
    url: str = strawberry.field(description="http(s) URL the events are POSTed to; private, loopback and "
                                "link-local addresses only when SEGMENTUM_WEBHOOK_ALLOWED_NETWORKS names them.")
    event_types: list[WebhookEventType] = strawberry.field(
        description="The event types the endpoint receives (at least one).")
    description: str | None = strawberry.field(default=None, description=terms.DESCRIPTION)


@strawberry.input(description="Changes to a webhook endpoint: only the fields given change.")
class WebhookEndpointUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    url: str | None = strawberry.field(default=None, description="A new URL (checked as at creation).")
    event_types: list[WebhookEventType] | None = strawberry.field(
        default=None, description="The event types the endpoint receives from now on.")
    description: str | None = strawberry.field(default=None, description=terms.DESCRIPTION)
    enabled: bool | None = strawberry.field(default=None, description="false disables the endpoint (its pending "
                                            "deliveries end FAILED); true enables it again and clears its failures.")


@strawberry.input(description="A webhook endpoint, by its ID.")
class WebhookEndpointRefInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)


@strawberry.input(description="The webhook delivery to send again.")
class WebhookDeliveryResendInput:
    delivery_id: strawberry.ID = strawberry.field(description="The WebhookDelivery's global ID.")


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Register a webhook endpoint (admin). The payload's secret is shown once.")
    async def webhook_endpoint_create(self, info: strawberry.Info,
                                      input: WebhookEndpointCreateInput) -> WebhookEndpointCreatePayload:
        require_admin(info)
        endpoint, errors = await perform(lambda: webhooks.create_endpoint(input.url, input.event_types,
                                                                          input.description))
        return WebhookEndpointCreatePayload(endpoint=endpoint, secret=endpoint.secret if endpoint else None,
                                            user_errors=errors)

    @strawberry.mutation(description="Change an endpoint's URL, event types, description, or enable/disable it.")
    async def webhook_endpoint_update(self, info: strawberry.Info,
                                      input: WebhookEndpointUpdateInput) -> WebhookEndpointPayload:
        require_admin(info)
        changes = {k: getattr(input, k) for k in ("url", "event_types", "description", "enabled")
                   if getattr(input, k) is not None}
        endpoint, errors = await perform(lambda: webhooks.update_endpoint(input.id, changes))
        return WebhookEndpointPayload(endpoint=endpoint, user_errors=errors)

    @strawberry.mutation(description="Disable an endpoint: nothing more is sent to it until it is enabled again.")
    async def webhook_endpoint_disable(self, info: strawberry.Info,
                                       input: WebhookEndpointRefInput) -> WebhookEndpointPayload:
        require_admin(info)
        endpoint, errors = await perform(lambda: webhooks.update_endpoint(input.id, {"enabled": False}))
        return WebhookEndpointPayload(endpoint=endpoint, user_errors=errors)

    @strawberry.mutation(description="Delete an endpoint with its deliveries and their attempts.")
    async def webhook_endpoint_delete(self, info: strawberry.Info, input: DeleteInput) -> DeletePayload:
        require_admin(info)
        return await perform_delete(lambda: webhooks.delete_endpoint(input.id), input)

    @strawberry.mutation(description="Send one delivery again (a new round of attempts), whatever its status.")
    async def webhook_delivery_resend(self, info: strawberry.Info,
                                      input: WebhookDeliveryResendInput) -> WebhookDeliveryPayload:
        require_admin(info)
        delivery, errors = await perform(lambda: webhooks.resend(input.delivery_id))
        return WebhookDeliveryPayload(delivery=delivery, user_errors=errors)


__all__ = ["UserError", "WebhookMutations"]
