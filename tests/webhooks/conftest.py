"""A webhook receiver on 127.0.0.1 (a small HTTP/1.1 server whose answers a test scripts), verifying every request
with the reference Standard Webhooks library, and endpoint helpers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from segmentum.workers import queue
from tests.conftest import use_queue

# What the receiver does with the n-th request (1-based): an HTTP status, or "hang" (never answers).
Behaviour = Callable[[int], int | str]


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    port: int
    behaviour: Behaviour = lambda n: 200  # noqa: E731
    requests: list[Received] = field(default_factory=list)
    answered: list[int | str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def verified(self, secret: str) -> list[Any]:
        """Every request's payload, verified by the reference library (raises on a bad signature)."""
        hook = Webhook(secret)
        return [hook.verify(r.body, r.headers) for r in self.requests]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(Received(headers, body))
            answer = self.behaviour(len(self.requests))
            self.answered.append(answer)
            if answer == "hang":
                await asyncio.sleep(3600)
            extra = "location: http://127.0.0.1:1/elsewhere\r\n" if answer in (301, 302, 307, 308) else ""
            writer.write(f"HTTP/1.1 {answer} X\r\ncontent-length: 0\r\n{extra}connection: close\r\n\r\n".encode())
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()


@pytest.fixture
async def receiver(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Receiver]:
    """A receiver on 127.0.0.1, which the allow-list names (as a deployment names a private network)."""
    monkeypatch.setenv("SEGMENTUM_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1/32")
    monkeypatch.setenv("SEGMENTUM_WEBHOOK_RETRY_SECONDS", "0.05")
    await use_queue()  # the jobs run with the settings as changed
    rec = Receiver(port=0)
    tasks: set[asyncio.Task[Any]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        await rec.handle(reader, writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    rec.port = server.sockets[0].getsockname()[1]
    yield rec
    for task in tasks:
        task.cancel()
    server.close()


ENDPOINT_FIELDS = "endpoint { id url enabled eventTypes consecutiveFailures disabledReason } secret " \
                  "userErrors { code message field }"
DELIVERIES = """query($e: ID) { webhookDeliveries(endpointId: $e, first: 50) { nodes {
  id status attemptCount messageId eventType data attempts { statusCode latencyMs error } } } }"""


@pytest.fixture
def endpoint(gql: Any) -> Callable[..., Any]:
    async def create(url: str, *types: str) -> dict[str, Any]:
        res = await gql(f"mutation($i: WebhookEndpointCreateInput!) {{ webhookEndpointCreate(input: $i) "
                        f"{{ {ENDPOINT_FIELDS} }} }}",
                        {"i": {"url": url, "eventTypes": list(types) or ["CONTACT_CREATED"]}})
        return res["webhookEndpointCreate"]

    return create


@pytest.fixture
def deliveries(gql: Any) -> Callable[..., Any]:
    async def read(endpoint_id: str | None = None) -> list[dict[str, Any]]:
        return (await gql(DELIVERIES, {"e": endpoint_id}))["webhookDeliveries"]["nodes"]

    return read


async def settle() -> None:
    """Wait for the in-process jobs (deliveries and their retries)."""
    async with asyncio.timeout(60):
        await queue.drain()


CONTACT_CREATE = """mutation($no: String!) { contactCreate(input: {no: $no, type: COMPANY, name: "Acme"}) {
  contact { id no } userErrors { code } } }"""
