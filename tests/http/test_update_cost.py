"""A segmentUpdate that reaches the lines (a new template, unit cost, ...) rewrites every line: it is costed as
expensive per alias and counts against the key's limit of expensive requests; header-only updates stay cheap."""

from __future__ import annotations

import asyncio
import os
from datetime import date
from typing import Any

import asyncpg
import pytest
from graphql import parse

import segmentum.resolvers.segments as segment_resolvers
from segmentum.config.settings import Settings
from segmentum.models.segments import Segment
from segmentum.resolvers.capacity import pool_size
from segmentum.resolvers.ids import encode_id
from segmentum.schema.cost import query_cost
from tests.http.conftest import ClientFor, MakeKey, codes, post

EXPENSIVE = Settings().expensive_cost
PREVIEW = "{ segmentPreview(criteria: {contact: {name: {expr: \"*a*\"}}}) { count } }"
UPDATE = "mutation($id: ID!) { segmentUpdate(input: {id: $id, %s}) { segment { id } userErrors { code } } }"


def _cost(schema: Any, document: str, variables: dict[str, Any] | None = None) -> int:
    return query_cost(schema._schema, parse(document), None, variables or {"id": "x"}, 100)


def test_line_reaching_updates_cost_an_action_per_alias(schema: Any) -> None:
    assert _cost(schema, UPDATE % 'interactionTemplateCode: "MAIL"') >= EXPENSIVE
    assert _cost(schema, UPDATE % "unitCostLcy: 2.5") >= EXPENSIVE
    assert _cost(schema, UPDATE % "interactionTemplateCode: null") >= EXPENSIVE
    aliases = "mutation { " + " ".join(
        f'u{i}: segmentUpdate(input: {{id: "x", unitCostLcy: {i}}}) {{ segment {{ id }} }}' for i in range(30)) + " }"
    assert _cost(schema, aliases) >= 30 * EXPENSIVE
    # Through a variable, the same.
    assert _cost(schema, "mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { segment { id } } }",
                 {"i": {"id": "x", "unitCostLcy": 3}}) >= EXPENSIVE
    # The header alone, or not applied to the lines: cheap.
    assert _cost(schema, UPDATE % "kind: DYNAMIC, refreshIntervalMinutes: 60") < EXPENSIVE
    assert _cost(schema, UPDATE % "unitCostLcy: 2.5, applyToLines: false") < EXPENSIVE


async def test_a_line_reaching_update_counts_against_the_keys_expensive_limit(
    client_for: ClientFor, make_key: MakeKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, started = asyncio.Event(), asyncio.Event()

    async def slow_preview(*args: Any, **kwargs: Any) -> tuple[int, list[int]]:
        started.set()
        await release.wait()
        return 0, []

    monkeypatch.setattr(segment_resolvers, "preview_add", slow_preview)
    segment = await Segment.create(no="SEG00001", description="Before", date=date(2026, 11, 30))
    key = await make_key("read", "write")
    variables = {"id": encode_id("Segment", segment.id)}
    async with client_for(max_concurrent_expensive=1) as client:
        first = asyncio.create_task(post(client, key, PREVIEW))
        await asyncio.wait_for(started.wait(), 10)
        try:
            refused = await post(client, key, UPDATE % "unitCostLcy: 2.5", variables)
            assert refused.status_code == 429 and codes(refused) == ["RATE_LIMITED"], refused.text
        finally:
            release.set()
            await first
        answer = await post(client, key, UPDATE % "unitCostLcy: 2.5", variables)
        assert answer.json()["data"]["segmentUpdate"]["userErrors"] == [], answer.text


@pytest.mark.skipif(os.environ.get("SEGMENTUM_TEST_DB", "postgres") != "postgres",
                    reason="row locks and a connection pool: PostgreSQL")
async def test_updates_waiting_on_a_segments_lock_leave_connections_to_cheap_reads(
    client_for: ClientFor, make_key: MakeKey, database_url: str
) -> None:
    """More line-reaching updates than the pool has connections wait on one segment's lock; they wait for an
    expensive slot, not in a transaction, so a cheap read still gets a connection at once."""
    segment = await Segment.create(no="SEG00001", description="Locked", date=date(2026, 11, 30))
    key = await make_key("read", "write")
    variables = {"id": encode_id("Segment", segment.id)}
    holder = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        async with client_for(max_concurrent_expensive=0) as client:
            lock = holder.transaction()
            await lock.start()
            await holder.execute("SELECT 1 FROM segment WHERE id = $1 FOR UPDATE", segment.id)
            updates = [asyncio.create_task(post(client, key, UPDATE % f"unitCostLcy: {i}", variables))
                       for i in range(pool_size() + 2)]
            await asyncio.sleep(1.0)  # every update has started and waits
            assert not any(update.done() for update in updates)
            read = await asyncio.wait_for(post(client, key, "{ contacts(first: 1) { nodes { id } } }"), 10)
            assert read.status_code == 200 and "errors" not in read.json(), read.text
            await lock.rollback()
            answers = await asyncio.wait_for(asyncio.gather(*updates), 60)
            assert all(a.json()["data"]["segmentUpdate"]["userErrors"] == [] for a in answers)
    finally:
        await holder.close()
