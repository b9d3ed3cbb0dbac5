"""The process's document caches are bounded by bytes: distinct long documents (a query and a long comment) do
not stay in memory, and many short ones stay within the budget."""

from __future__ import annotations

import gc
import hashlib
import tracemalloc

import httpx

from segmentum.schema.document_cache import BYTES_PER_CHAR, MAX_CACHED_CHARS, DocumentCache, SizedLRU, weight
from tests.http.conftest import ClientFor, bearer

COMMENT_CHARS = 90_000  # over the cached size, under the document limit (100,000)
DOCUMENTS = 60


def long_document(n: int) -> str:
    return f"{{ __typename }} # {n} " + "x" * COMMENT_CHARS


async def send(client: httpx.AsyncClient, key: str, query: str, persisted: bool = False) -> None:
    body: dict[str, object] = {"query": query}
    if persisted:
        sha = hashlib.sha256(query.encode()).hexdigest()
        body["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    response = await client.post("/graphql", json=body, headers=bearer(key))
    assert response.json() == {"data": {"__typename": "Query"}}, response.text[:300]


async def test_long_documents_are_not_kept(client_for: ClientFor, key: str) -> None:
    async with client_for() as client:
        await send(client, key, long_document(-1))  # everything that is set up once is set up
        await send(client, key, long_document(-2), persisted=True)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for n in range(DOCUMENTS):
                await send(client, key, long_document(n))
                await send(client, key, long_document(n + DOCUMENTS), persisted=True)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    sent = 2 * DOCUMENTS * COMMENT_CHARS
    # Kept whole, they would hold at least the 10.8 MB of their text.
    assert grown < sent / 10, f"{grown:,} bytes held after {sent:,} bytes of distinct documents"


def dense_document(n: int) -> str:
    """3.5 KB whose syntax tree weighs some 150 KB (500 string values), valid and cheap to run."""
    ids = ", ".join(f'"{n}-{i}"' for i in range(500))
    return f"{{ __typename nodes(ids: [{ids}]) @skip(if: true) {{ id }} }}"


async def test_the_caches_stay_within_their_byte_budget(client_for: ClientFor, key: str) -> None:
    budget = 2 * 1024 * 1024
    async with client_for(document_cache_bytes=budget) as client:
        await send(client, key, dense_document(-1))
        await send(client, key, dense_document(-2), persisted=True)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for n in range(60):
                await send(client, key, dense_document(n))
                await send(client, key, dense_document(n + 60), persisted=True)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    # 120 such documents kept whole would hold some 18 MB; the parsed and the compiled ones are each within
    # the budget.
    assert grown < 3 * budget, f"{grown:,} bytes held with a cache budget of {budget:,} bytes"


def test_a_sized_cache_evicts_by_weight_and_refuses_what_is_over_its_budget() -> None:
    lru: SizedLRU[str, str] = SizedLRU(1_000)
    lru.put("a", "A", 400)
    lru.put("b", "B", 400)
    assert lru.get("a") == "A"  # a is now the most recent
    lru.put("c", "C", 400)
    assert "b" not in lru and lru.get("a") == "A" and lru.get("c") == "C" and lru.bytes == 800
    lru.put("a", "A2", 100)
    assert lru.bytes == 500 and lru.get("a") == "A2"
    lru.put("huge", "H", 1_001)
    assert "huge" not in lru and lru.bytes == 500
    lru.put("d", "D", 950)  # 1,450: makes room by evicting both older entries
    assert "a" not in lru and "c" not in lru and lru.get("d") == "D" and lru.bytes == 950


def test_a_document_weighs_its_syntax_tree_and_long_ones_are_not_kept() -> None:
    from graphql import parse

    cache = DocumentCache(weight("{ a }") * 3)
    for n in range(5):
        text = f"{{ {'abcde'[n]} }}"  # all of one weight
        cache.keep(text, {}, parse(text))
    assert len(cache.entries) == 3 and cache.entries.bytes <= cache.entries.max_bytes
    long = "{ a } #" + "x" * MAX_CACHED_CHARS
    big = DocumentCache()
    big.keep(long, {}, parse(long))
    assert big.document(long, {}) is None
    assert weight("x" * 100) == weight("") + 100 * BYTES_PER_CHAR
