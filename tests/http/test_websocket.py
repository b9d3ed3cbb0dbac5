"""GraphQL over WebSocket obeys the rules of HTTP (the issue's table, rows 4 and 8), against a real uvicorn
with a real WebSocket client: the key is checked for every operation, messages are at most 1 MB, every error
is coded, a document with two operations needs a name."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from segmentum.models.audit import AuditEvent
from segmentum.models.contacts import Contact
from segmentum.models.enums import AuditOutcome
from segmentum.models.rules.api_keys import restrict_api_key, revoke_api_key
from segmentum.models.system import ApiKey
from tests.http.conftest import MakeKey, live_server

PROTOCOL = "graphql-transport-ws"
CREATE = ('mutation { contactCreate(input: {type: COMPANY, name: "Written over a socket"}) '
          "{ contact { no } userErrors { code } } }")


@pytest.fixture(scope="module")
async def ws_url(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url, SEGMENTUM_RATE_LIMIT="30") as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def opened(url: str, secret: str) -> ClientConnection:
    ws = await connect(url, subprotocols=[PROTOCOL], max_size=None, open_timeout=30)  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}))
    assert json.loads(await ws.recv(decode=True)) == {"type": "connection_ack"}
    return ws


async def run(ws: ClientConnection, operation_id: str, query: str, **payload: Any) -> list[dict[str, Any]]:
    """The messages of one operation, up to its `complete` or `error`."""
    await ws.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": {"query": query, **payload}}))
    messages = []
    while True:
        message = json.loads(await ws.recv(decode=True))
        messages.append(message)
        if message["type"] in ("complete", "error"):
            return messages


async def test_a_revoked_key_stops_working_at_once(ws_url: str, make_key: MakeKey) -> None:
    secret = await make_key("read", "write", name="socket")
    ws = await opened(ws_url, secret)
    try:
        first = await run(ws, "1", "{ viewer { name } }")
        assert first[0] == {"id": "1", "type": "next", "payload": {"data": {"viewer": {"name": "socket"}}}}
        await revoke_api_key("socket")
        await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": {"query": CREATE}}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    finally:
        await ws.close()
    assert await Contact.all().count() == 0


async def test_a_key_restricted_to_registered_documents_is_refused(ws_url: str, make_key: MakeKey) -> None:
    secret = await make_key("read", name="partner-socket")
    await restrict_api_key("partner-socket", True)
    ws = await connect(ws_url, subprotocols=[PROTOCOL], open_timeout=30)  # type: ignore[list-item]
    try:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        assert closed.value.rcvd.reason == "Forbidden: this API key runs registered documents only, over HTTP"
    finally:
        await ws.close()


@pytest.mark.parametrize(("payload", "reason"), [
    ({}, 'Unauthenticated: send connectionParams {"Authorization": "Bearer <API key>"} in connection_init'),
    ({"Authorization": "Bearer sgm_not_a_key"},
     "Unauthenticated: the API key in connectionParams is not valid or has been revoked"),
])
async def test_a_connection_without_a_valid_key_is_closed_saying_how_to_authenticate(
        ws_url: str, payload: dict[str, str], reason: str) -> None:
    ws = await connect(ws_url, subprotocols=[PROTOCOL], open_timeout=30)  # type: ignore[list-item]
    try:
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4403, reason)
    finally:
        await ws.close()


async def test_a_message_over_a_megabyte_closes_the_socket(ws_url: str, make_key: MakeKey) -> None:
    ws = await opened(ws_url, await make_key("read"))
    query = "{ viewer { name } }" + " " * 1_500_000
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    with pytest.raises(ConnectionClosed) as closed:
        await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


async def test_every_error_is_coded(ws_url: str, make_key: MakeKey) -> None:
    ws = await opened(ws_url, await make_key("read"))
    try:
        cases = {
            "{ nope }": "GRAPHQL_VALIDATION_FAILED",
            "{ viewer { name }": "GRAPHQL_PARSE_FAILED",
            "query A { viewer { name } } query B { __typename }": "GRAPHQL_VALIDATION_FAILED",
            CREATE: "FORBIDDEN",
            "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }": "TOO_MANY_ALIASES",
        }
        for n, (query, code) in enumerate(cases.items()):
            [message] = await run(ws, f"e{n}", query)
            assert message["type"] == "error", message
            assert [e["extensions"]["code"] for e in message["payload"]] == [code], message
        # An argument the guard refuses: data with a coded field error, then complete.
        next_message, complete = await run(ws, "nul", 'query($n: String!) { contact(no: $n) { name } }',
                                           variables={"n": "CT\u00001"})
        assert next_message["payload"]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert complete == {"id": "nul", "type": "complete"}
        # The socket is still open and the key still works.
        assert (await run(ws, "ok", "{ viewer { name } }"))[0]["type"] == "next"
    finally:
        await ws.close()
    assert await Contact.all().count() == 0


async def test_operations_count_against_the_rate(ws_url: str, make_key: MakeKey) -> None:
    # Counted per key name, in the server's own process (no Redis): a name no other test uses.
    name = f"rate-{uuid.uuid4().hex}"
    ws = await opened(ws_url, await make_key("read", name=name))
    try:
        answers = [(await run(ws, f"r{n}", "{ __typename }"))[0] for n in range(31)]
        assert all(a["type"] == "next" for a in answers[:30])
        assert answers[30]["type"] == "error"
        assert answers[30]["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert answers[30]["payload"][0]["extensions"]["retryAfter"] >= 1
    finally:
        await ws.close()
    # The audit trail has the refusal (the first of its minute).
    key = await ApiKey.get(name=name)
    assert [(e.mutation, e.outcome, e.codes) for e in await AuditEvent.filter(key_id=key.id)] == [
        ("*", AuditOutcome.LIMITED, ["RATE_LIMITED"])]


MALFORMED = ['{"type": "subscribe", "id": "1", "payload": "query"}',
             '{"type": "subscribe", "id": 7, "payload": {"query": "{ __typename }"}}',
             '["not", "an", "object"]', '{"type": 5}', '{"id": "' + "[" * 100_000 + '"}', '{"type": "ping", "x": NaN}']


async def test_a_malformed_message_closes_the_socket_with_4400(ws_url: str, make_key: MakeKey) -> None:
    secret = await make_key("read")
    for message in MALFORMED:
        ws = await opened(ws_url, secret)
        await ws.send(message)
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400, message[:40]
