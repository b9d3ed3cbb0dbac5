"""The persisted-query store is bounded: documents stored per API key, documents in all, and the size of a stored
document, in Redis and in the process."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from segmentum.resolvers.documents import document_hash
from segmentum.schema.persisted import DOCUMENTS_PER_KEY, MAX_STORED_CHARS, PersistedQueries
from tests.http.conftest import ClientFor, MakeKey, codes
from tests.http.test_persisted_queries import REDIS_URL, fresh_query, send


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def stored(store: PersistedQueries, redis: Redis | None, query: str) -> bool:
    return await store._get(document_hash(query), redis) == query


@pytest.mark.parametrize("with_redis", [False, True], ids=["in-process", "redis"])
async def test_one_key_stores_at_most_its_budget(client_for: ClientFor, make_key: MakeKey, with_redis: bool) -> None:
    secret = await make_key("read", name=f"apq-{uuid.uuid4().hex[:8]}")
    queries = [fresh_query() for _ in range(DOCUMENTS_PER_KEY + 1)]
    async with client_for(**({"redis_url": REDIS_URL} if with_redis else {})) as client:
        for query in queries:
            response = await send(client, secret, document_hash(query), query)
            assert "errors" not in response.json()
        # The oldest went; the latest are kept.
        assert codes(await send(client, secret, document_hash(queries[0]))) == ["PERSISTED_QUERY_NOT_FOUND"]
        assert "errors" not in (await send(client, secret, document_hash(queries[-1]))).json()


@pytest.mark.parametrize("with_redis", [False, True], ids=["in-process", "redis"])
async def test_a_long_document_runs_but_is_not_stored(client_for: ClientFor, key: str, with_redis: bool) -> None:
    query = fresh_query()
    query += " #" + "x" * (MAX_STORED_CHARS + 1 - len(query) - 2)
    assert len(query) == MAX_STORED_CHARS + 1
    async with client_for(**({"redis_url": REDIS_URL} if with_redis else {})) as client:
        assert (await send(client, key, document_hash(query), query)).json() == {"data": {"viewer": {"name": "full"}}}
        assert codes(await send(client, key, document_hash(query))) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize("with_redis", [False, True], ids=["in-process", "redis"])
async def test_budgets_per_key_and_in_all(redis: Redis, with_redis: bool) -> None:
    prefix = f"segmentum:test-apq:{uuid.uuid4().hex}:"
    store = PersistedQueries(size=4, per_key=3, prefix=prefix)
    client = redis if with_redis else None
    try:
        first = [fresh_query() for _ in range(4)]
        for query in first:
            await store.store(document_hash(query), query, client, "first")
        assert [await stored(store, client, q) for q in first] == [False, True, True, True]
        await stored(store, client, first[1])  # used again: the oldest in use is first[2]
        second = [fresh_query() for _ in range(2)]
        for query in second:
            await store.store(document_hash(query), query, client, "second")
        # Four in all: the least recently used of "first" went.
        assert [await stored(store, client, q) for q in first] == [False, True, False, True]
        assert all([await stored(store, client, q) for q in second])
        if with_redis:
            documents = [k async for k in redis.scan_iter(match=prefix + "*") if len(k) == len(prefix) + 64]
            assert len(documents) == 4
            assert await redis.zcard(prefix + "all") == 4
    finally:
        if with_redis:
            keys = [k async for k in redis.scan_iter(match=prefix + "*")]
            if keys:
                await redis.delete(*keys)
