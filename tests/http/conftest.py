"""HTTP fixtures: the ASGI app in the test's event loop (the session already initialised Tortoise), API keys."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from config.settings import Settings
from models.rules.api_keys import create_api_key
from segmentum.app import create_app

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
