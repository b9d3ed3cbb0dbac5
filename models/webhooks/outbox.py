"""Recording an event: in the caller's transaction, the event and one PENDING delivery per subscribed endpoint.

The event exists exactly when the change that caused it committed: a rolled-back change leaves no event, and a
process that dies after the commit leaves PENDING deliveries that the dispatcher queues at its next sweep.
"""

from __future__ import annotations

import base64
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from segmentum.models.enums import WebhookEventType
from segmentum.models.webhooks.tables import WebhookDelivery, WebhookEndpoint, WebhookEvent

# Set when this task recorded an event: after its transaction commits, the dispatcher is worth running.
recorded: ContextVar[bool] = ContextVar("segmentum_webhook_recorded", default=False)


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


async def record_event(kind: WebhookEventType, data: dict[str, Any],
                       using_db: BaseDBAsyncClient | None = None) -> WebhookEvent | None:
    """The event and its deliveries; None (nothing written) when no enabled endpoint receives `kind`."""
    # Endpoints are few (an admin registers them): their list is read, not the event types matched in SQL.
    endpoints = await WebhookEndpoint.filter(enabled=True).using_db(using_db).values_list("id", "event_types")
    targets = [pk for pk, types in endpoints if kind.value in (types or [])]
    if not targets:
        return None
    event = await WebhookEvent.create(message_id=new_message_id(), type=kind.value, data=data,
                                      created_at=datetime.now(UTC), using_db=using_db)
    await WebhookDelivery.bulk_create([WebhookDelivery(event_id=event.id, endpoint_id=pk) for pk in targets],
                                      using_db=using_db)
    recorded.set(True)
    return event


def global_id(type_name: str, pk: int) -> str:
    """A Relay global ID as the API shows it (base64 of "Type:pk"), for event data written outside the API."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()
