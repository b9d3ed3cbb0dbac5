"""Webhook endpoints (admin only), their deliveries and attempts, and queueing deliveries after a commit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from segmentum.config.settings import Settings
from segmentum.models.enums import ErrorCode, WebhookDeliveryStatus, WebhookEventType
from segmentum.models.errors import DomainError, shown
from segmentum.models.sql import Params
from segmentum.models.webhooks import addresses, signing
from segmentum.models.webhooks.outbox import recorded
from segmentum.models.webhooks.tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page
from segmentum.workers import queue

MAX_URL = 2000
MAX_DESCRIPTION = 200


def check_url(url: str) -> str:
    """A syntactically acceptable endpoint URL (its address is checked by `check_address`)."""
    if len(url) > MAX_URL:
        raise DomainError(ErrorCode.TOO_LARGE, f"The URL has {len(url)} characters; at most {MAX_URL}.",
                          ["input", "url"])
    if "\x00" in url or any(ch.isspace() for ch in url):
        raise DomainError(ErrorCode.INVALID, f"The URL {shown(url)} contains a NUL or white space.", ["input", "url"])
    try:
        addresses.target(url)
    except ValueError as exc:
        raise DomainError(ErrorCode.INVALID, str(exc), ["input", "url"]) from exc
    return url


async def check_address(url: str) -> None:
    """Refused when the URL's host is (or resolves to) a private, loopback or link-local address that the
    allow-list does not name. Every delivery checks again, on the address it connects to."""
    try:
        settings = Settings.from_env()
        await addresses.resolve(url, addresses.networks(settings.webhook_allowed_networks),
                                settings.webhook_timeout_seconds)
    except ValueError as exc:
        raise DomainError(ErrorCode.INVALID, str(exc), ["input", "url"]) from exc


def check_event_types(types: list[WebhookEventType]) -> list[str]:
    if not types:
        raise DomainError(ErrorCode.REQUIRED, "Name at least one event type.", ["input", "eventTypes"])
    return sorted({t.value for t in types})


def check_description(description: str | None) -> str:
    text = description or ""
    if len(text) > MAX_DESCRIPTION or "\x00" in text:
        raise DomainError(ErrorCode.INVALID, f"The description has {len(text)} characters or a NUL; at most "
                          f"{MAX_DESCRIPTION} characters.", ["input", "description"])
    return text


async def create_endpoint(url: str, event_types: list[WebhookEventType], description: str | None) -> WebhookEndpoint:
    url = check_url(url)
    types = check_event_types(event_types)
    text = check_description(description)
    await check_address(url)
    return await WebhookEndpoint.create(url=url, event_types=types, description=text,
                                        secret=signing.new_secret())


async def locked_endpoint(global_id: Any) -> WebhookEndpoint:
    pk = decode_id(global_id, "WebhookEndpoint")
    endpoint = await WebhookEndpoint.filter(id=pk).select_for_update().first()
    if endpoint is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Webhook endpoint {shown(global_id)} does not exist.", ["input", "id"])
    return endpoint


async def update_endpoint(global_id: Any, changes: dict[str, Any]) -> WebhookEndpoint:
    """Changes the URL, event types, description or enabled; enabling again clears the failure count."""
    endpoint = await locked_endpoint(global_id)
    if changes.get("url") is not None:
        endpoint.url = check_url(changes["url"])
        await check_address(endpoint.url)
    if changes.get("event_types") is not None:
        endpoint.event_types = check_event_types(changes["event_types"])
    if "description" in changes:
        endpoint.description = check_description(changes["description"])
    if changes.get("enabled") is not None:
        endpoint.enabled = bool(changes["enabled"])
        endpoint.disabled_reason = None if endpoint.enabled else "Disabled by an administrator."
        if endpoint.enabled:
            endpoint.consecutive_failures = 0
    await endpoint.save()
    return endpoint


async def delete_endpoint(global_id: Any) -> Any:
    endpoint = await locked_endpoint(global_id)
    await endpoint.delete()
    return global_id


async def endpoints_page(first: int | None, after: str | None) -> Page[WebhookEndpoint]:
    return await keyset_page(WebhookEndpoint, order=[OrderKey("t.id", kind="int")], first=first, after=after)


async def deliveries_page(endpoint_id: int | None, statuses: list[str] | None, first: int | None,
                          after: str | None) -> Page[WebhookDelivery]:
    """Deliveries, the latest first, of one endpoint (None: every one) in `statuses` (None: any)."""

    def where(p: Params) -> str:
        conds = ["1 = 1"]
        if endpoint_id is not None:
            conds.append(f"t.endpoint_id = {p.add(endpoint_id)}")
        if statuses is not None:
            conds.append(f"t.status IN {p.add_list(statuses)}" if statuses else "1 = 0")
        return " AND ".join(conds)

    return await keyset_page(WebhookDelivery, where=where, order=[OrderKey("t.id", desc=True, kind="bigint")],
                             first=first, after=after)


async def attempts_of(delivery_id: int) -> list[WebhookAttempt]:
    # A delivery has at most a few dozen attempts (the retry window bounds them; a resend adds a round).
    return await WebhookAttempt.filter(delivery_id=delivery_id).order_by("id").limit(1000)


async def resend(global_id: Any) -> WebhookDelivery:
    """A new round for one delivery: PENDING again and queued after the commit, whatever its status was."""
    pk = decode_id(global_id, "WebhookDelivery", "deliveryId")
    delivery = await WebhookDelivery.filter(id=pk).select_for_update().first()
    if delivery is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Webhook delivery {shown(global_id)} does not exist.",
                          ["input", "deliveryId"])
    endpoint = await WebhookEndpoint.get(id=delivery.endpoint_id)
    if not endpoint.enabled:
        raise DomainError(ErrorCode.BLOCKED, f"The endpoint of delivery {shown(global_id)} is disabled; enable it "
                          "first (webhookEndpointUpdate).", ["input", "deliveryId"])
    delivery.status = WebhookDeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.round_started_at = None
    delivery.next_attempt_at = datetime.now(UTC)
    delivery.finished_at = None
    await delivery.save()
    recorded.set(True)
    return delivery


async def after_commit() -> None:
    """Queue the deliveries of the events this request's transaction recorded."""
    await queue.after_commit()
