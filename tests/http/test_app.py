"""The application around the GraphQL view: health check, CORS, the arq pool from the lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

import segmentum.schema.http as http_view
from tests.http.conftest import ORIGIN, ClientFor, bearer

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


@asynccontextmanager
async def tcp_proxy(host: str, port: int) -> AsyncIterator[tuple[int, Any]]:
    """A local port forwarding to host:port; `cut()` drops it and every open connection, as an outage would."""
    writers: list[asyncio.StreamWriter] = []

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(host, port)
        writers.extend([writer, up_writer])
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)

    async def cut() -> None:
        server.close()
        for w in writers:
            w.close()
        await server.wait_closed()

    try:
        yield server.sockets[0].getsockname()[1], cut
    finally:
        await cut()


async def test_healthz_without_redis(client_for: ClientFor) -> None:
    async with client_for() as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


async def test_healthz_with_redis_and_when_redis_goes_away(client_for: ClientFor) -> None:
    async with tcp_proxy(REDIS_HOST, REDIS_PORT) as (port, cut):
        async with client_for(redis_url=f"redis://127.0.0.1:{port}") as client:
            response = await client.get("/healthz")
            assert response.status_code == 200
            assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
            await cut()
            response = await client.get("/healthz")
            assert response.status_code == 503
            assert response.json() == {"status": "unavailable", "database": "ok", "redis": "unavailable"}


async def test_the_arq_pool_reaches_the_context(client_for: ClientFor, key: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    class Recording(http_view.Context):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            seen.append(self)

    monkeypatch.setattr(http_view, "Context", Recording)
    async with client_for(redis_url=f"redis://{REDIS_HOST}:{REDIS_PORT}") as client:
        response = await client.post("/graphql", json={"query": "{ viewer { name } }"}, headers=bearer(key))
        assert response.json() == {"data": {"viewer": {"name": "full"}}}
        assert len(seen) == 1
        assert await seen[0].queue.ping()
        assert seen[0].request_id == response.headers["x-request-id"]
    async with client_for() as client:
        await client.post("/graphql", json={"query": "{ viewer { name } }"}, headers=bearer(key))
        assert seen[-1].queue is None


async def test_cors_preflight_from_a_configured_origin(client_for: ClientFor) -> None:
    async with client_for() as client:
        response = await client.options("/graphql", headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        })
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == ORIGIN
        allowed = response.headers["access-control-allow-headers"].lower()
        assert "authorization" in allowed and "content-type" in allowed
        assert "POST" in response.headers["access-control-allow-methods"]

        other = await client.options("/graphql", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert other.status_code == 400
        assert "access-control-allow-origin" not in other.headers


async def test_cors_headers_on_an_actual_request(client_for: ClientFor, key: str) -> None:
    async with client_for() as client:
        response = await client.post("/graphql", json={"query": "{ __typename }"},
                                     headers={**bearer(key), "Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_root_redirects_to_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code in (302, 307)
    assert response.headers["location"].endswith("/graphql")
