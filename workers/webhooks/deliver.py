"""WEBHOOK_DELIVERY: one event to one endpoint, signed, retried with exponential backoff over a window.

Each attempt is recorded (status, latency, error). A failed attempt is tried again after
SEGMENTUM_WEBHOOK_RETRY_SECONDS, doubled each time, while the next attempt falls within
SEGMENTUM_WEBHOOK_RETRY_WINDOW_SECONDS of the first; after that the delivery is FAILED (webhookDeliveryResend
starts a new round). An endpoint whose attempts fail SEGMENTUM_WEBHOOK_DISABLE_AFTER times in a row is disabled.
Run twice, the job sends nothing more once the delivery has ended.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import F

from segmentum.config.settings import Settings
from segmentum.models.enums import JobKind, WebhookDeliveryStatus
from segmentum.models.system import Job
from segmentum.models.webhooks import signing
from segmentum.models.webhooks.addresses import networks
from segmentum.models.webhooks.tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from segmentum.workers import queue
from segmentum.workers.connection import root_client
from segmentum.workers.jobs import MAX_TRIES
from segmentum.workers.registry import JobContext, RetryableJobError
from segmentum.workers.webhooks import http

KIND = JobKind.WEBHOOK_DELIVERY
PENDING = WebhookDeliveryStatus.PENDING


def job_key(delivery_id: int) -> str:
    return f"webhook:{delivery_id}"


async def start(delivery_id: int) -> Job:
    """The delivery's job: the one queued or running, else a new one."""
    return await queue.enqueue(KIND, {"delivery_id": delivery_id}, key=job_key(delivery_id))


def body_of(event_type: str, created_at: datetime, data: dict[str, Any]) -> bytes:
    return json.dumps({"type": event_type, "timestamp": created_at.isoformat(), "data": data},
                      separators=(",", ":")).encode()


async def deliver_webhook(ctx: JobContext, job: Job, delivery_id: int) -> dict[str, Any]:
    settings: Settings = ctx["settings"]
    db = root_client()
    delivery = await WebhookDelivery.filter(id=delivery_id).using_db(db).select_related("event", "endpoint").first()
    if delivery is None or delivery.status != PENDING:
        return {"deliveryId": delivery_id, "status": str(delivery.status) if delivery else "gone"}
    endpoint, event = delivery.endpoint, delivery.event
    now = datetime.now(UTC)
    if not endpoint.enabled:
        await _end(delivery.id, WebhookDeliveryStatus.FAILED)
        await WebhookAttempt.create(delivery_id=delivery.id, at=now, latency_ms=0, using_db=db,
                                    error=f"Not sent: the endpoint is disabled ({endpoint.disabled_reason}).")
        return {"deliveryId": delivery_id, "status": "FAILED"}
    round_started = delivery.round_started_at or now
    body = body_of(event.type, event.created_at, event.data)
    headers = signing.headers(endpoint.secret, event.message_id, int(now.timestamp()), body)
    outcome = await http.post(endpoint.url, body, headers, networks(settings.webhook_allowed_networks),
                              settings.webhook_timeout_seconds)
    await WebhookAttempt.create(delivery_id=delivery.id, at=now, status_code=outcome.status_code,
                                latency_ms=outcome.latency_ms, error=outcome.error, using_db=db)
    attempts = delivery.attempts + 1
    await WebhookDelivery.filter(id=delivery.id).using_db(db).update(attempts=attempts,
                                                                     round_started_at=round_started)
    if outcome.ok:
        await _end(delivery.id, WebhookDeliveryStatus.SUCCEEDED)
        await WebhookEndpoint.filter(id=endpoint.id).using_db(db).update(consecutive_failures=0)
        return {"deliveryId": delivery_id, "status": "SUCCEEDED", "attempts": attempts}
    disabled = await _count_failure(endpoint.id, settings.webhook_disable_after)
    defer = settings.webhook_retry_seconds * 2 ** (attempts - 1)
    next_at = datetime.now(UTC) + timedelta(seconds=defer)
    if disabled or next_at > round_started + timedelta(seconds=settings.webhook_retry_window_seconds):
        await _end(delivery.id, WebhookDeliveryStatus.FAILED)
        return {"deliveryId": delivery_id, "status": "FAILED", "attempts": attempts}
    await WebhookDelivery.filter(id=delivery.id).using_db(db).update(next_attempt_at=next_at)
    if job.tries < MAX_TRIES:
        raise RetryableJobError(f"Webhook delivery {delivery_id}: {outcome.error}", defer=defer)
    # The job's own tries are spent but the window is not: the dispatcher queues a new job when it is due.
    return {"deliveryId": delivery_id, "status": "PENDING", "attempts": attempts}


async def _end(delivery_id: int, status: WebhookDeliveryStatus) -> None:
    await WebhookDelivery.filter(id=delivery_id, status=PENDING).using_db(root_client()).update(
        status=status, finished_at=datetime.now(UTC), next_attempt_at=None)


async def _count_failure(endpoint_id: int, disable_after: int) -> bool:
    """One more failure in a row; True when that disabled the endpoint (or it already was)."""
    db = root_client()
    await WebhookEndpoint.filter(id=endpoint_id).using_db(db).update(consecutive_failures=F("consecutive_failures") + 1)
    if disable_after <= 0:
        return False
    disabled = await WebhookEndpoint.filter(id=endpoint_id, consecutive_failures__gte=disable_after).using_db(
        db).update(enabled=False, disabled_reason=f"{disable_after} delivery attempts in a row failed.")
    return bool(disabled) or not await WebhookEndpoint.filter(id=endpoint_id, enabled=True).using_db(db).exists()
