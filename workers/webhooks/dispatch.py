"""The dispatcher: queues a WEBHOOK_DELIVERY job for each PENDING delivery that has none and is due.

It runs after a transaction that recorded events commits, and at every schedule tick (so deliveries of a
process that died between its commit and this step are queued then). A delivery queued twice is one job: the
job key names the delivery, and the queue keeps one active job per key.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import Q

from models.enums import WebhookDeliveryStatus
from models.webhooks.outbox import recorded
from models.webhooks.tables import WebhookDelivery
from workers.connection import root_client
from workers.webhooks.deliver import KIND, job_key

BATCH = 500


async def dispatch() -> int:
    """Queue the due deliveries; returns how many were queued."""
    from workers import queue  # the queue imports the job table, which imports this package

    recorded.set(False)
    queued = 0
    while True:
        due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=datetime.now(UTC))
        ids: list[int] = await (WebhookDelivery.filter(due, status=WebhookDeliveryStatus.PENDING, queued=False)
                     .using_db(root_client()).order_by("id").limit(BATCH).values_list("id", flat=True))  # type: ignore[assignment]
        if not ids:
            return queued
        for delivery_id in ids:
            await queue.enqueue(KIND, {"delivery_id": delivery_id}, key=job_key(delivery_id))
        await WebhookDelivery.filter(id__in=ids).using_db(root_client()).update(queued=True)
        queued += len(ids)


async def dispatch_if_recorded() -> int:
    """dispatch(), when this task recorded an event since the last dispatch (after its transaction)."""
    return await dispatch() if recorded.get() else 0
