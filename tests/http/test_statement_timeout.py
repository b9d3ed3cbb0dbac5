"""The statement timeout of API requests (the issue's table, row 3): a statement that runs too long is canceled,
the request answers with a coded error and writes nothing; the server keeps answering. PostgreSQL only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date

import asyncpg
import httpx
import pytest

from segmentum.models.segments import Segment
from segmentum.resolvers.ids import encode_id
from tests import conftest
from tests.http.conftest import MakeKey, bearer, live_server

pytestmark = pytest.mark.skipif(conftest.test_db_kind() != "postgres", reason="statement_timeout is PostgreSQL's")


@pytest.fixture(scope="module")
async def base_url(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url, SEGMENTUM_STATEMENT_TIMEOUT_MS="500") as base:
        yield base


async def test_a_statement_over_the_timeout_is_a_coded_error_and_writes_nothing(base_url: str, database_url: str,
                                                                               make_key: MakeKey) -> None:
    segment = await Segment.create(no="SEG00001", description="Before", date=date(2026, 11, 30))
    secret = await make_key("read", "write")
    mutation = ('mutation($id: ID!) { segmentUpdate(input: {id: $id, description: "After"}) '
                "{ segment { description } userErrors { code } } }")
    holder = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        # Another transaction holds the segment's row: the mutation's lock waits until the timeout cancels it.
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("SELECT 1 FROM segment WHERE id = $1 FOR UPDATE", segment.id)
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            started = asyncio.get_running_loop().time()
            response = await client.post("/graphql", headers=bearer(secret), json={
                "query": mutation, "variables": {"id": encode_id("Segment", segment.id)}})
            elapsed = asyncio.get_running_loop().time() - started
            health = await client.get("/healthz")
        await transaction.rollback()
    finally:
        await holder.close()
    assert 0.4 < elapsed < 10
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "TIMEOUT"}
    assert "500 ms" in error["message"] and "nothing was written" in error["message"]
    assert (await Segment.get(id=segment.id)).description == "Before"
    assert health.status_code == 200
