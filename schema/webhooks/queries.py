"""Webhook queries (admin only): the endpoints, and the deliveries with their attempts."""

from __future__ import annotations

from typing import Annotated

import strawberry

from segmentum.models.enums import WebhookDeliveryStatus
from segmentum.resolvers import webhooks
from segmentum.resolvers.ids import decode_id
from segmentum.schema.relay import After, Connection, First
from segmentum.schema.webhooks.types import WebhookDelivery, WebhookEndpoint, require_admin


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="Webhook endpoints, in the order they were registered (admin).")
    async def webhook_endpoints(self, info: strawberry.Info, first: First = None,
                                after: After = None) -> Connection[WebhookEndpoint]:
        require_admin(info)
        return Connection.from_page(await webhooks.endpoints_page(first, after))

    @strawberry.field(description="Webhook deliveries, the latest first (admin): of one endpoint, in some statuses.")
    async def webhook_deliveries(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        endpoint_id: Annotated[strawberry.ID | None, strawberry.argument(
            description="Only the deliveries to this endpoint.")] = None,
        status: Annotated[list[WebhookDeliveryStatus] | None, strawberry.argument(
            description="Only deliveries in these statuses (null: any).")] = None,
    ) -> Connection[WebhookDelivery]:
        require_admin(info)
        endpoint = decode_id(endpoint_id, "WebhookEndpoint", "endpointId") if endpoint_id is not None else None
        page = await webhooks.deliveries_page(endpoint, [s.value for s in status] if status is not None else None,
                                              first, after)
        return Connection.from_page(page)
