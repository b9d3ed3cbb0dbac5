"""A criteria filter weighs what it asks for: an abusive expression is expensive (it counts against the key's
limit of expensive requests at once), a single-page app's few simple filtered lists stay cheap."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from graphql import parse

import segmentum.resolvers.segments as segment_resolvers
from segmentum.config.settings import Settings
from segmentum.schema.cost import query_cost
from tests.conftest import test_db_kind as db_kind
from tests.http.conftest import ClientFor, MakeKey, codes, post

EXPENSIVE = Settings().expensive_cost
PREVIEW = "{ segmentPreview(criteria: {contact: {name: {expr: \"*a*\"}}}) { count } }"
# 834 case-insensitive ranges in one `expr`: each name compared 1,668 times under the filter collation.
RANGES = "|".join(["@a..b"] * 834)
ATTACK = "query($e: String!) { contacts(first: 5, filter: {contact: {name: {expr: $e}}}) { nodes { id } } }"
# What a single-page app's list screens send: a page, a total, a name search and a city.
SPA_LISTS = [
    "{ contacts(first: 20, filter: {contact: {name: {expr: \"@*smith*\"}, city: {eq: \"GENT\"}}}) "
    "{ totalCount nodes { id no name city } pageInfo { hasNextPage endCursor } } }",
    "{ contacts(first: 50, filter: {contact: {no: {expr: \"C0001..C0999\"}, type: PERSON}}) "
    "{ nodes { id no name } } }",
    "{ segments(first: 20) { totalCount nodes { id no description noOfLines } } }",
]
NAME_FILTER = '{ contacts(first: 1, filter: {contact: {name: {expr: "EXPR"}}}) { nodes { id } } }'


def _cost(schema: Any, document: str, variables: dict[str, Any] | None = None) -> int:
    return query_cost(schema._schema, parse(document), None, variables, 100)


def test_a_filter_weighs_its_terms_ranges_and_patterns(schema: Any) -> None:
    attack = _cost(schema, ATTACK, {"e": RANGES})
    assert attack >= EXPENSIVE, attack
    # The same filter written into the document costs the same.
    inline = ATTACK.replace("query($e: String!) ", "").replace("$e", '"' + RANGES + '"')
    assert _cost(schema, inline) == attack
    assert [c for c in (_cost(schema, q) for q in SPA_LISTS) if c >= EXPENSIVE] == []
    # Each kind of condition adds what it asks for.
    plain, ranged, pattern, folded = (
        _cost(schema, NAME_FILTER.replace("EXPR", e)) for e in ("A", "A..B", "A*", "@A*"))
    assert plain < ranged < pattern < folded
    assert _cost(schema, NAME_FILTER.replace("EXPR", "@A..B")) > ranged
    values = ", ".join(f'"C{i}"' for i in range(1000))
    many = _cost(schema, "{ contacts(first: 1, filter: {contact: {no: {in: [VALUES]}}}) { nodes { id } } }"
                 .replace("VALUES", values))
    assert many >= EXPENSIVE


async def test_an_abusive_filter_counts_against_the_keys_expensive_limit(
    client_for: ClientFor, make_key: MakeKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, started = asyncio.Event(), asyncio.Event()

    async def slow_preview(*args: Any, **kwargs: Any) -> tuple[int, list[int]]:
        started.set()
        await release.wait()
        return 0, []

    monkeypatch.setattr(segment_resolvers, "preview_add", slow_preview)
    key = await make_key("read")
    async with client_for(max_concurrent_expensive=1) as client:
        first = asyncio.create_task(post(client, key, PREVIEW))
        await asyncio.wait_for(started.wait(), 10)
        try:
            refused = await post(client, key, ATTACK, {"e": RANGES})
            assert refused.status_code == 429 and codes(refused) == ["RATE_LIMITED"], refused.text
            # The key's single-page app is not refused meanwhile. (Its totals wait for a database slot: on
            # SQLite, the one connection the held preview has.)
            lists = [asyncio.create_task(post(client, key, query)) for query in SPA_LISTS]
            await asyncio.sleep(0.5)
            if db_kind() == "postgres":  # answered while the preview holds its slot
                assert all(task.done() for task in lists)
        finally:
            release.set()
            await first
        for answer in await asyncio.gather(*lists):
            assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
        # Its turn come, the filter runs (and is valid).
        ran = await post(client, key, ATTACK, {"e": RANGES})
        assert ran.status_code == 200 and ran.json() == {"data": {"contacts": {"nodes": []}}}, ran.text
