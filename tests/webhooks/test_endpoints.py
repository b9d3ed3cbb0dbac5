"""Endpoints: admin only, hostile input refused with coded userErrors, SSRF guard at registration and at every
delivery (DNS rebinding), update / disable / delete, the list."""

from __future__ import annotations

from typing import Any

import pytest

from segmentum.models.webhooks import addresses
from segmentum.models.webhooks.tables import WebhookAttempt, WebhookEndpoint
from tests.conftest import use_queue
from tests.webhooks.conftest import CONTACT_CREATE, ENDPOINT_FIELDS, Receiver, settle

CREATE = f"mutation($i: WebhookEndpointCreateInput!) {{ webhookEndpointCreate(input: $i) {{ {ENDPOINT_FIELDS} }} }}"


async def create(gql: Any, url: str, types: list[str] | None = None) -> dict[str, Any]:
    res = await gql(CREATE, {"i": {"url": url, "eventTypes": types or ["CONTACT_CREATED"]}})
    return res["webhookEndpointCreate"]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/x", "http://localhost/x", "http://10.0.0.5/x", "http://192.168.1.1/x",
    "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/",
    "http://[fe80::1]/x", "http://100.64.0.1/x",
])
async def test_private_addresses_are_refused_without_the_allow_list(gql, url: str) -> None:
    res = await create(gql, url)
    assert res["endpoint"] is None and res["secret"] is None
    assert [(e["code"], e["field"]) for e in res["userErrors"]] == [("INVALID", ["input", "url"])]
    assert await WebhookEndpoint.all().count() == 0


@pytest.mark.parametrize(("url", "code"), [
    ("ftp://example.com/x", "INVALID"), ("http:///nohost", "INVALID"), ("http://u:p@example.com/", "INVALID"),
    ("http://example.com/\x00", "INVALID"), ("http://example.com/" + "a" * 2001, "TOO_LARGE"),
    ("http://example.com:99999/", "INVALID"),
])
async def test_bad_urls_are_refused(gql, url: str, code: str) -> None:
    res = await create(gql, url)
    assert [e["code"] for e in res["userErrors"]] == [code]


async def test_event_types_are_required(gql) -> None:
    res = await gql(CREATE, {"i": {"url": "http://93.184.215.14/x", "eventTypes": []}})
    assert [e["code"] for e in res["webhookEndpointCreate"]["userErrors"]] == ["REQUIRED"]


async def test_a_public_address_is_accepted_and_the_secret_is_shown_once(gql) -> None:
    res = await create(gql, "https://93.184.215.14/hooks", ["JOB_FINISHED", "SEGMENT_LOGGED"])
    assert res["userErrors"] == [] and res["secret"].startswith("whsec_")
    listed = await gql("{ webhookEndpoints(first: 10) { totalCount nodes { id url eventTypes enabled } } }")
    assert listed["webhookEndpoints"]["totalCount"] == 1
    assert listed["webhookEndpoints"]["nodes"][0]["eventTypes"] == ["JOB_FINISHED", "SEGMENT_LOGGED"]
    assert "secret" not in str(await gql('{ __type(name: "WebhookEndpoint") { fields { name } } }'))


async def test_webhooks_are_for_admin_keys_only(gql) -> None:
    for document in (CREATE, "{ webhookEndpoints { nodes { id } } }", "{ webhookDeliveries { nodes { id } } }"):
        res = await gql(document, {"i": {"url": "https://93.184.215.14/", "eventTypes": ["JOB_FINISHED"]}}
                        if document is CREATE else None, expect_errors=True, scopes=("read", "write"))
        assert res["errors"] and res["errors"][0].extensions["code"] == "FORBIDDEN"
    assert await WebhookEndpoint.all().count() == 0


async def test_update_disable_and_delete(gql) -> None:
    endpoint = (await create(gql, "https://93.184.215.14/a"))["endpoint"]
    res = await gql("mutation($i: WebhookEndpointUpdateInput!) { webhookEndpointUpdate(input: $i) { endpoint { "
                    "url eventTypes } userErrors { code } } }",
                    {"i": {"id": endpoint["id"], "url": "https://93.184.215.14/b", "eventTypes": ["CONTACT_DELETED"]}})
    assert res["webhookEndpointUpdate"] == {"endpoint": {"url": "https://93.184.215.14/b",
                                                         "eventTypes": ["CONTACT_DELETED"]}, "userErrors": []}
    bad = await gql("mutation($i: WebhookEndpointUpdateInput!) { webhookEndpointUpdate(input: $i) { "
                    "userErrors { code field } } }", {"i": {"id": endpoint["id"], "url": "http://10.1.1.1/"}})
    assert bad["webhookEndpointUpdate"]["userErrors"] == [{"code": "INVALID", "field": ["input", "url"]}]
    assert (await WebhookEndpoint.get()).url == "https://93.184.215.14/b"
    res = await gql("mutation($i: WebhookEndpointRefInput!) { webhookEndpointDisable(input: $i) { endpoint { "
                    "enabled disabledReason } } }", {"i": {"id": endpoint["id"]}})
    assert res["webhookEndpointDisable"]["endpoint"]["enabled"] is False
    res = await gql("mutation($i: DeleteInput!) { webhookEndpointDelete(input: $i) { deletedId userErrors { code } "
                    "} }", {"i": {"id": endpoint["id"]}})
    assert res["webhookEndpointDelete"] == {"deletedId": endpoint["id"], "userErrors": []}
    assert await WebhookEndpoint.all().count() == 0


async def test_a_name_that_rebinds_to_loopback_is_refused_at_delivery(gql, receiver: Receiver, monkeypatch,
                                                                      in_process) -> None:
    """Public when registered, 127.0.0.1 when delivered: the allow-list names only a network the receiver is
    not on, so the attempt is refused and nothing reaches the receiver."""
    monkeypatch.setenv("SEGMENTUM_WEBHOOK_ALLOWED_NETWORKS", "192.0.2.0/24")
    await use_queue()  # the jobs run with the settings as changed
    answers = iter(["93.184.215.14"])

    async def rebinding(host: str, port: int) -> list[Any]:
        return [(2, 1, 6, "", (next(answers, "127.0.0.1"), port))]

    monkeypatch.setattr(addresses, "getaddrinfo", rebinding)
    res = await create(gql, f"http://hooks.example.com:{receiver.port}/x")
    assert res["userErrors"] == []
    await gql(CONTACT_CREATE, {"no": "K1"})
    await settle()
    assert receiver.requests == []
    attempt = await WebhookAttempt.first()
    assert attempt is not None and attempt.status_code is None and "127.0.0.1" in (attempt.error or "")
    assert (attempt.error or "").startswith("Refused")


async def test_the_allow_list_admits_the_local_receiver(gql, receiver: Receiver) -> None:
    res = await create(gql, receiver.url)
    assert res["userErrors"] == []
