"""The audit trail over HTTP with real keys: the key found by its secret is the one recorded; a key over its rate
leaves one event per minute, not one per refused request."""

from __future__ import annotations

from segmentum.models.audit import AuditEvent
from segmentum.models.system import ApiKey
from tests.http.conftest import ClientFor, MakeKey, client_for, make_key, post  # noqa: F401 - fixtures

EVENTS = "{ auditEvents(first: 10) { nodes { mutation key { name } outcome codes touchedIds } } }"


async def test_http_mutations_name_their_key(client_for: ClientFor,  # noqa: F811
                                             make_key: MakeKey) -> None:  # noqa: F811
    writer = await make_key("read", "write", name="partner")
    reader = await make_key("read", name="reader")
    admin = await make_key("admin", name="ops")
    async with client_for() as client:
        made = await post(client, writer, "mutation { segmentCreate(input: {description: \"Via HTTP\"}) { "
                                          "segment { id criteria { position } } userErrors { code } } }")
        assert made.status_code == 200
        segment_id = made.json()["data"]["segmentCreate"]["segment"]["id"]
        # The key found by its secret is the one its records name.
        added = await post(client, writer, "mutation($id: ID!) { segmentAddContacts(input: {segmentId: $id, "
                                           "allowNoFilter: true}) { segment { criteria { createdBy { name } } } "
                                           "userErrors { code } } }", {"id": segment_id})
        assert added.json()["data"]["segmentAddContacts"]["segment"]["criteria"] == [
            {"createdBy": {"name": "partner"}}]
        refused = await post(client, reader, "mutation { segmentCreate(input: {description: \"No\"}) { "
                                             "segment { id } } }")
        assert refused.status_code == 403
        listed = await post(client, admin, EVENTS)
        denied = await post(client, writer, EVENTS)
    assert listed.json()["data"]["auditEvents"]["nodes"] == [
        {"mutation": "segmentCreate", "key": {"name": "reader"}, "outcome": "FORBIDDEN", "codes": ["FORBIDDEN"],
         "touchedIds": []},
        {"mutation": "segmentAddContacts", "key": {"name": "partner"}, "outcome": "OK", "codes": [],
         "touchedIds": [segment_id]},
        {"mutation": "segmentCreate", "key": {"name": "partner"}, "outcome": "OK", "codes": [],
         "touchedIds": [segment_id]},
    ]
    assert denied.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_key_over_its_rate_is_recorded_once_a_minute(client_for: ClientFor,  # noqa: F811
                                                             make_key: MakeKey) -> None:  # noqa: F811
    flood = await make_key("read", "write", name="flood")
    async with client_for(rate_limit_per_minute=2) as client:
        statuses = [(await post(client, flood, "mutation { segmentCreate(input: {description: \"x\"}) "
                                               "{ userErrors { code } } }")).status_code for _ in range(5)]
    if statuses != [200, 200, 429, 429, 429]:  # the minute turned meanwhile: a new window, counted again
        assert statuses.count(429) >= 1
    key = await ApiKey.get(name="flood")
    limited = await AuditEvent.filter(key_id=key.id, outcome="LIMITED")
    windows = 1 if statuses == [200, 200, 429, 429, 429] else 2
    assert 1 <= len(limited) <= windows
    assert {(e.mutation, tuple(e.codes)) for e in limited} == {("*", ("RATE_LIMITED",))}
    assert await AuditEvent.filter(key_id=key.id, outcome="OK").count() == statuses.count(200)
