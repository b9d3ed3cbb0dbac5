"""Webhook tables: an endpoint, the outbox of events, one delivery per event and endpoint, and its attempts."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import WebhookDeliveryStatus


class WebhookEndpoint(Model):
    id = fields.IntField(primary_key=True)
    url = fields.CharField(max_length=2000)
    # The event types (WebhookEventType values) the endpoint receives.
    event_types: list[str] = fields.JSONField(default=list)
    description = fields.CharField(max_length=200, default="")
    # "whsec_" + base64 of 32 random bytes; shown once, at creation (the receiver needs the key itself to verify).
    secret = fields.CharField(max_length=100)
    enabled = fields.BooleanField(default=True)
    disabled_reason = fields.CharField(max_length=500, null=True)
    # Failed attempts since the last success: at SEGMENTUM_WEBHOOK_DISABLE_AFTER the endpoint is disabled.
    consecutive_failures = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_endpoint"
        ordering = ["id"]


class WebhookEvent(Model):
    """The outbox: written in the transaction of the change it reports, so it exists exactly when the change does."""

    id = fields.BigIntField(primary_key=True)
    # Standard Webhooks' webhook-id: the same on every delivery and retry, for the receiver to de-duplicate.
    message_id = fields.CharField(max_length=40, unique=True)
    type = fields.CharField(max_length=50)
    data: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_event"
        ordering = ["id"]


class WebhookDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[WebhookEvent] = fields.ForeignKeyField(
        "models.WebhookEvent", related_name="deliveries", on_delete=fields.CASCADE
    )
    event_id: int
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    endpoint_id: int
    status = fields.CharEnumField(WebhookDeliveryStatus, max_length=10, default=WebhookDeliveryStatus.PENDING)
    # Attempts of the current round (reset by webhookDeliveryResend); the first attempt of the round started then.
    attempts = fields.IntField(default=0)
    round_started_at = fields.DatetimeField(null=True)
    # When the next attempt is due (the dispatcher queues a job for a PENDING delivery without one by then).
    next_attempt_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
        unique_together = (("event", "endpoint"),)
        ordering = ["-id"]


class WebhookAttempt(Model):
    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempt_rows", on_delete=fields.CASCADE
    )
    delivery_id: int
    at = fields.DatetimeField()
    # The receiver's HTTP status, None when none came (refused address, connection error, timeout).
    status_code = fields.IntField(null=True)
    latency_ms = fields.IntField()
    error = fields.CharField(max_length=1000, null=True)

    class Meta:
        table = "webhook_attempt"
        ordering = ["id"]
