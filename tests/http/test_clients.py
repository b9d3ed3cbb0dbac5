"""The README's client setups with the real libraries against a real uvicorn: Apollo Client 4 in Node
(relay-style paging with edges, persisted queries, a mutation updating the normalized cache) and Python's
`gql` (schema by introspection, the same paging)."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from gql import Client, gql
from gql.transport.httpx import HTTPXAsyncTransport

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from tests.http.conftest import MakeKey, live_server
from tests.readme import readme_example

HTTP_DIR = Path(__file__).resolve().parent
PAGE = readme_example("**Paging with edges.**")  # the README's paging query, as clients paste it


@pytest.fixture(scope="module")
async def server(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url) as base:
        yield base


@pytest.fixture
async def five_contacts() -> list[str]:
    for i in range(1, 6):
        await Contact.create(no=f"CT{i:06d}", type=ContactType.PERSON, name=f"Person {i}")
    return [f"CT{i:06d}" for i in range(1, 6)]


async def node_json(script: str, *args: str) -> dict:
    assert shutil.which("node"), "Node.js is needed for the Apollo Client test"
    if not (HTTP_DIR / "node_modules" / "@apollo" / "client").is_dir():
        npm = await asyncio.create_subprocess_exec("npm", "ci", "--no-audit", "--no-fund", cwd=HTTP_DIR)
        assert await npm.wait() == 0
    proc = await asyncio.create_subprocess_exec("node", script, *args, cwd=HTTP_DIR, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()[-3000:]
    return json.loads(out.decode().strip().splitlines()[-1])


async def test_apollo_client_pages_with_edges_persists_queries_and_updates_its_cache(
        server: str, make_key: MakeKey, five_contacts: list[str]) -> None:
    key = await make_key("read", "write")
    seen = await node_json("apollo_flow.mjs", f"{server}/graphql", key, PAGE)
    # PersistedQueryLink: the hash alone, PersistedQueryNotFound, then the hash with the query.
    assert seen["firstPageRequests"] == [{"method": "POST", "query": False, "hash": True},
                                         {"method": "POST", "query": True, "hash": True}]
    assert seen["mergedNos"] == five_contacts[:4]  # two pages of two, merged by relayStylePagination
    assert seen["hasNextPage"] is True
    assert seen["mutationErrors"] == []
    assert seen["cachedName"] == "Renamed by Apollo"  # the payload's contact updated the normalized cache
    assert seen["secondClientRequests"] == [{"method": "POST", "query": False, "hash": True}]
    assert (await Contact.get(no=five_contacts[0])).name == "Renamed by Apollo"


async def test_python_gql_reads_the_schema_by_introspection_and_pages_with_edges(
        server: str, make_key: MakeKey, five_contacts: list[str]) -> None:
    key = await make_key("read")
    transport = HTTPXAsyncTransport(url=f"{server}/graphql", headers={"Authorization": f"Bearer {key}"})
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        schema = session.client.schema
        assert schema is not None
        # Introspection carries the descriptions, Relay's shapes and Business Central's terms alike.
        assert "No." in (schema.type_map["Contact"].fields["no"].description or "")  # type: ignore[union-attr]
        assert "endCursor" in (schema.type_map["PageInfo"].fields["hasNextPage"].description or "")  # type: ignore[union-attr]
        nos: list[str] = []
        after = None
        while True:
            request = gql(PAGE)
            request.variable_values = {"first": 2, "after": after}
            page = (await session.execute(request))["contacts"]
            nos += [edge["node"]["no"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    assert nos == five_contacts
