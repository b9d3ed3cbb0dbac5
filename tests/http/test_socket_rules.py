"""What a WebSocket may hold and for how long, against a real uvicorn: a key restricted or revoked while its
socket is open stops working at the next operation and ends its running subscriptions (4403); the handshake
has a short wait, an idle socket is closed (4408), one key holds a bounded number of sockets (4429)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.rules.api_keys import restrict_api_key, revoke_api_key
from segmentum.models.system import Job
from segmentum.schema.socket_watch import RESTRICTED, REVOKED
from tests.http.conftest import MakeKey, live_server
from tests.http.test_job_updates import next_state, subscribe
from tests.http.test_websocket import PROTOCOL, opened, run

IDLE_S = 3.0
HANDSHAKE_S = 2.0
PER_KEY = 3


@pytest.fixture(scope="module")
async def ws_url(database_url: str) -> AsyncIterator[str]:
    env = {"SEGMENTUM_WS_KEY_CHECK_SECONDS": "0.5", "SEGMENTUM_WS_IDLE_SECONDS": str(IDLE_S),
           "SEGMENTUM_WS_HANDSHAKE_SECONDS": str(HANDSHAKE_S), "SEGMENTUM_WS_SOCKETS_PER_KEY": str(PER_KEY),
           "SEGMENTUM_JOB_POLL_SECONDS": "60", "SEGMENTUM_RATE_LIMIT": "0"}
    async with live_server(database_url, **env) as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def closed_with(ws: ClientConnection, within: float) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(within):
            while True:
                await ws.recv()
    assert closed.value.rcvd is not None, "the server did not close the socket"
    return closed.value.rcvd.code, closed.value.rcvd.reason


async def test_a_key_restricted_while_its_socket_is_open_runs_no_more_operations(ws_url: str,
                                                                                make_key: MakeKey) -> None:
    ws = await opened(ws_url, await make_key("read", name="later-restricted"))
    try:
        assert (await run(ws, "1", "{ viewer { name } }"))[0]["type"] == "next"
        await restrict_api_key("later-restricted", True)
        await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": {"query": "{ viewer { name } }"}}))
        assert await closed_with(ws, 5) == (4403, RESTRICTED)
    finally:
        await ws.close()


@pytest.mark.parametrize("change", ["revoke", "restrict"])
async def test_running_subscriptions_end_when_their_key_is_revoked_or_restricted(
        ws_url: str, make_key: MakeKey, change: str) -> None:
    name = f"subscriber-{change}"
    ws = await opened(ws_url, await make_key("read", name=name))
    job = await Job.create(kind=JobKind.CONTACTS_SEED, status=JobStatus.RUNNING)
    try:
        await subscribe(ws, "watch", job.id)
        assert await next_state(ws) == "RUNNING None"
        if change == "revoke":
            await revoke_api_key(name)
        else:
            await restrict_api_key(name, True)
        assert await closed_with(ws, 5) == (4403, REVOKED if change == "revoke" else RESTRICTED)
    finally:
        await ws.close()


async def test_an_idle_socket_is_closed_and_a_busy_one_is_not(ws_url: str, make_key: MakeKey) -> None:
    secret = await make_key("read")
    idle, busy = await opened(ws_url, secret), await opened(ws_url, secret)
    job = await Job.create(kind=JobKind.CONTACTS_SEED, status=JobStatus.RUNNING)
    try:
        await subscribe(busy, "watch", job.id)
        assert await next_state(busy) == "RUNNING None"
        started = time.monotonic()
        code, _ = await closed_with(idle, IDLE_S + 5)
        assert code == 4408 and time.monotonic() - started >= IDLE_S - 1
        await asyncio.sleep(1)
        assert (await run(busy, "still", "{ viewer { name } }"))[0]["type"] == "next"
    finally:
        await idle.close()
        await busy.close()


async def test_a_socket_that_never_says_who_it_is_is_closed_after_the_handshake_wait(ws_url: str) -> None:
    ws = await connect(ws_url, subprotocols=[PROTOCOL], open_timeout=30)  # type: ignore[list-item]
    try:
        started = time.monotonic()
        code, _ = await closed_with(ws, HANDSHAKE_S + 5)
        assert code == 4408 and time.monotonic() - started < HANDSHAKE_S + 2
    finally:
        await ws.close()


async def test_one_key_holds_a_bounded_number_of_sockets(ws_url: str, make_key: MakeKey) -> None:
    secret = await make_key("read")
    sockets = [await opened(ws_url, secret) for _ in range(PER_KEY)]
    extra = await connect(ws_url, subprotocols=[PROTOCOL], open_timeout=30)  # type: ignore[list-item]
    try:
        await extra.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}))
        code, reason = await closed_with(extra, 5)
        assert code == 4429 and f"at most {PER_KEY}" in reason
        other = await opened(ws_url, await make_key("read"))  # another key is not counted with it
        await other.close()
        await sockets.pop().close()
        await asyncio.sleep(0.3)
        sockets.append(await opened(ws_url, secret))  # a socket given back is free again
    finally:
        await extra.close()
        for ws in sockets:
            await ws.close()
