"""HTTP fixtures: the ASGI app in the test's event loop (the session already initialised Tortoise), API keys."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from segmentum.app import create_app
from segmentum.config.settings import Settings
from segmentum.models.rules.api_keys import create_api_key

ORIGIN = "https://app.example.com"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"

MakeKey = Callable[..., Awaitable[str]]
ClientFor = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def make_key() -> MakeKey:
    """Creates an API key and returns its secret."""
    counter = {"n": 0}

    async def make(*scopes: str, name: str | None = None) -> str:
        counter["n"] += 1
        _, secret = await create_api_key(name or f"key-{counter['n']}", scopes or ("read", "write"))
        return secret

    return make


@pytest.fixture
def client_for(db: str) -> ClientFor:
    """An HTTP client for create_app(settings); settings default to the test database and one CORS origin."""

    @asynccontextmanager
    async def open_client(settings: Settings | None = None, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        settings = settings or Settings(database_url=db, cors_origins=[ORIGIN], **overrides)
        app = create_app(settings, manage_database=False)
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                yield client

    return open_client


@pytest.fixture
async def client(client_for: ClientFor) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for() as c:
        yield c


@pytest.fixture
async def key(make_key: MakeKey) -> str:
    return await make_key("read", "write", name="full")


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def post(client: httpx.AsyncClient, secret: str | None, query: str, variables: dict[str, Any] | None = None,
               accept: str | None = None) -> httpx.Response:
    headers = bearer(secret) if secret else {}
    if accept:
        headers["Accept"] = accept
    return await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def live_server(database_url: str, **env: str) -> AsyncIterator[str]:
    """A real uvicorn serving create_app() on the test database; yields its base URL once /healthz answers."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    environment.update({"DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **env})
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uvicorn", "--factory", "segmentum.app:create_app", "--host", "127.0.0.1",
        "--port", str(port), "--ws-max-size", "16777216", "--http", "segmentum.http_protocol:GuardedH11Protocol",
        env=environment,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        async with asyncio.timeout(120), httpx.AsyncClient() as client:
            while True:
                if proc.returncode is not None:
                    assert proc.stderr is not None
                    raise AssertionError("uvicorn exited: " + (await proc.stderr.read()).decode()[-2000:])
                try:
                    if (await client.get(f"{base}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        yield base
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            async with asyncio.timeout(30):
                await proc.communicate()
