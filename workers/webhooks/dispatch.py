"""The dispatcher: queues a WEBHOOK_DELIVERY job for each due PENDING delivery that has no active job.

It runs after a transaction that recorded events commits, when a worker starts and at every schedule tick (so
the deliveries of a process that died between its commit and this step are queued then). Whether a delivery
has a job is read from the job table itself (its key names the delivery), never from a flag that a crash
could leave wrong; a delivery queued twice is one job, as the queue keeps one active job per key.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import Q

from segmentum.models.enums import WebhookDeliveryStatus
from segmentum.models.system import Job
from segmentum.models.webhooks.outbox import recorded
from segmentum.models.webhooks.tables import WebhookDelivery
from segmentum.workers.connection import root_client
from segmentum.workers.events import ACTIVE
from segmentum.workers.webhooks.deliver import KIND, job_key, start

BATCH = 500


async def dispatch() -> int:
    """Queue the due deliveries without an active job; returns how many were queued."""
    recorded.set(False)
    queued = after = 0
    while True:
        due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=datetime.now(UTC))
        ids: list[int] = await (  # type: ignore[assignment]
            WebhookDelivery.filter(due, status=WebhookDeliveryStatus.PENDING, id__gt=after)
            .using_db(root_client()).order_by("id").limit(BATCH).values_list("id", flat=True))
        if not ids:
            return queued
        after = ids[-1]
        keys = [job_key(pk) for pk in ids]
        busy = set(await Job.filter(kind=KIND, key__in=keys, status__in=ACTIVE).using_db(root_client())
                   .values_list("key", flat=True))
        for pk, key in zip(ids, keys, strict=True):
            if key not in busy:
                await start(pk)
                queued += 1


async def dispatch_if_recorded() -> int:
    """dispatch(), when this task recorded an event since the last dispatch (after its transaction)."""
    return await dispatch() if recorded.get() else 0
