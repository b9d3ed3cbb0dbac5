"""A document longer than any query needs (a short query and a long comment) is refused before it is parsed:
parsing runs on the event loop, and a megabyte of comment under the token limit would hold it."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from tests.http.conftest import ClientFor, MakeKey, codes, live_server, post

LIMIT = 100_000


def padded(length: int) -> str:
    query = "{ viewer { name } }\n#"
    return query + "x" * (length - len(query))


async def test_a_document_over_the_limit_is_refused_before_parsing(client_for: ClientFor, key: str) -> None:
    async with client_for() as client:
        over = await post(client, key, padded(LIMIT + 1))
        assert over.status_code == 413 and codes(over) == ["DOCUMENT_TOO_LARGE"], over.text[:300]
        assert "100,001 characters" in over.json()["errors"][0]["message"]
        at = await post(client, key, padded(LIMIT))
        assert at.status_code == 200 and at.json()["data"]["viewer"]["name"], at.text[:300]
    async with client_for(max_document_chars=50) as client:
        assert codes(await post(client, key, padded(51))) == ["DOCUMENT_TOO_LARGE"]


@pytest.mark.parametrize("length,closed", [(LIMIT + 1, True), (LIMIT, False)])
async def test_a_subscription_document_over_the_limit_closes_the_socket(
        database_url: str, make_key: MakeKey, length: int, closed: bool) -> None:
    secret = await make_key("read", name="long-documents")
    async with live_server(database_url) as base:
        async with connect(base.replace("http://", "ws://") + "/graphql",
                           subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": padded(length)}}))
            if closed:
                async with asyncio.timeout(10):
                    await ws.wait_closed()
                assert ws.close_code == 4400 and "SEGMENTUM_MAX_DOCUMENT_CHARS" in (ws.close_reason or "")
            else:
                async with asyncio.timeout(10):
                    answer = json.loads(await ws.recv())
                assert answer["type"] == "next" and answer["payload"]["data"]["viewer"]["name"], answer
