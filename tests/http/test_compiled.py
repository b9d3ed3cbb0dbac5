"""Persisted documents answered from their compiled read plan (schema/compiled.py): the same bytes as the general
executor, a fixed number of statements, every check of the general path, and conditional GETs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager

from segmentum.app import create_app
from segmentum.config.settings import Settings
from segmentum.models.demo.seed import seed
from segmentum.models.rules.api_keys import restrict_api_key, revoke_api_key
from segmentum.models.sql import dialect
from segmentum.resolvers.documents import document_hash
from segmentum.resolvers.documents import register as register_document
from tests.http.conftest import MakeKey, bearer

CONTACT_FIELDS = """id no type name companyName firstName middleName surname jobTitle email phoneNo mobilePhoneNo
  address address2 city postCode county countryCode languageCode correspondenceType excludeFromSegment
  privacyBlocked createdAt updatedAt __typename"""
DOCUMENTS = {
    "bench": """query($first: Int!, $after: String) { contacts(first: $first, after: $after) { nodes { no name type
      city company { no name } salesperson { code name } industryGroups { code description }
      statistics { noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted } } } }""",
    "every column": "query($first: Int) { contacts(first: $first) { nodes { " + CONTACT_FIELDS + " } } }",
    "relations": """query($first: Int, $after: String) { contacts(first: $first, after: $after) {
      totalCount __typename
      edges { __typename cursor node { id no company { id no type company { no } industryGroups { code } }
        territory { id code name } salesperson { id code name email blocked privacyBlocked __typename }
        businessRelations { id code description } mailingGroups { code description __typename }
        jobResponsibilities { code description } industryGroups { id code }
        statistics { costLcy noOfInteractions } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } } }""",
    "fragments and aliases": """query Persons($f: ContactCriteria, $o: [ContactOrder!], $last: Int, $before: String) {
      list: contacts(filter: $f, orderBy: $o, last: $last, before: $before) {
        n: totalCount items: nodes { ...Card ... on Contact { where: city } } info: pageInfo { startCursor } } }
      fragment Card on Contact { key: no label: name groups: industryGroups { ...Group } }
      fragment Group on IndustryGroup { code }""",
}


@pytest.fixture
async def demo(db: str) -> AsyncIterator[None]:
    await seed(contacts=300)
    yield


@pytest.fixture
def app(db: str, demo: None) -> Any:
    return create_app(Settings(database_url=db), manage_database=False)


@pytest.fixture
def compiled(app: Any) -> Any:
    view = next(route.endpoint for route in app.routes if getattr(route, "path", "") == "/graphql")
    return view.compiled


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(app) as manager, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://test") as c:
        yield c


async def persisted(client: httpx.AsyncClient, key: str, query: str, variables: dict[str, Any] | None = None,
                    get: bool = False, headers: dict[str, str] | None = None) -> httpx.Response:
    ext = {"persistedQuery": {"version": 1, "sha256Hash": document_hash(query)}}
    all_headers = {**bearer(key), **(headers or {})}
    if get:
        params = {"query": query, "extensions": json.dumps(ext), "variables": json.dumps(variables or {})}
        return await client.get("/graphql", params=params, headers=all_headers)
    return await client.post("/graphql", json={"query": query, "variables": variables, "extensions": ext},
                             headers=all_headers)


async def ad_hoc(client: httpx.AsyncClient, key: str, query: str,
                 variables: dict[str, Any] | None = None) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, "variables": variables}, headers=bearer(key))


def _variables(name: str, cursor: str | None) -> list[dict[str, Any]]:
    if name == "fragments and aliases":
        return [{"f": {"contact": {"type": "PERSON", "city": {"expr": "GENT|BRUGGE|ANTWERPEN"}}},
                 "o": [{"field": "CITY", "direction": "DESC"}, {"field": "NAME"}], "last": 7},
                {"f": {"industryGroup": {"code": {"eq": "RETAIL"}}}},
                {"last": 3, "before": cursor}]
    return [{"first": 100}, {"first": 10, "after": cursor}, {"first": 100, "after": cursor}]


async def test_a_compiled_answer_is_the_general_answer_byte_for_byte(
        client: httpx.AsyncClient, make_key: MakeKey, compiled: Any) -> None:
    key = await make_key("read")
    cursor = (await ad_hoc(client, key, "{ contacts(first: 100) { pageInfo { endCursor } } }")).json()[
        "data"]["contacts"]["pageInfo"]["endCursor"]
    for name, query in DOCUMENTS.items():
        for variables in _variables(name, cursor):
            general = await ad_hoc(client, key, query, variables)
            assert general.status_code == 200 and "errors" not in general.json(), general.text
            before = compiled.answered
            fast = await persisted(client, key, query, variables)
            assert compiled.answered == before + 1, f"{name} was not compiled"
            assert fast.content == general.content, (name, variables)
            [connection] = general.json()["data"].values()
            assert len(connection.get("nodes") or connection.get("edges") or connection["items"]) > 0


async def test_the_statements_of_a_compiled_page_do_not_grow_with_its_size(
        app: Any, client: httpx.AsyncClient, make_key: MakeKey) -> None:
    if dialect() != "postgres":
        pytest.skip("statements are counted at asyncpg")  # SQLite runs the same plan through Tortoise
    key = await make_key("read")
    counts = {}
    seen: list[str] = []
    original = asyncpg.connection.Connection.fetch

    async def counting(self: Any, query: str, *args: Any, **kw: Any) -> Any:
        seen.append(query)
        return await original(self, query, *args, **kw)

    for first in (10, 100):
        await persisted(client, key, DOCUMENTS["bench"], {"first": first})  # compiled and stored first
        seen.clear()
        asyncpg.connection.Connection.fetch = counting  # type: ignore[method-assign]
        try:
            answer = await persisted(client, key, DOCUMENTS["bench"], {"first": first})
        finally:
            asyncpg.connection.Connection.fetch = original  # type: ignore[method-assign]
        assert len(answer.json()["data"]["contacts"]["nodes"]) == first
        counts[first] = [q.split(" FROM ")[1].split()[0] for q in seen]
    # The key, the page with company and salesperson joined in, the industry groups, the statistics.
    assert counts[10] == counts[100] == ["api_key", "contact", "contact_industry_group", "interaction_log_entry"]


async def test_a_compiled_document_still_runs_every_check(db: str, demo: None, make_key: MakeKey) -> None:
    query = DOCUMENTS["bench"]
    key = await make_key("read")
    budget = create_app(Settings(database_url=db, max_query_cost=1500), manage_database=False)
    async with LifespanManager(budget) as manager, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://test") as client:
        assert (await persisted(client, key, query, {"first": 10})).status_code == 200
        # The cost with these variables: 100 contacts with their fields are over a budget of 1,500.
        over = await persisted(client, key, query, {"first": 100})
        assert [e["extensions"]["code"] for e in over.json()["errors"]] == ["QUERY_TOO_COMPLEX"]
    app = create_app(Settings(database_url=db, rate_limit_per_minute=20), manage_database=False)
    async with LifespanManager(app) as manager, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://test") as client:
        # Variables are coerced, arguments guarded, cursors and criteria checked, as in the general path.
        for variables, code in (({"first": "ten"}, "BAD_USER_INPUT"), ({"first": 10, "after": "x\x00"},
                                                                       "BAD_USER_INPUT"),
                                ({"first": 10, "after": "not-a-cursor"}, "BAD_USER_INPUT"), ({}, "BAD_USER_INPUT")):
            refused = await persisted(client, key, query, variables)
            assert [e["extensions"]["code"] for e in refused.json()["errors"]] == [code], refused.text
        filtered = """query($f: ContactCriteria) { contacts(first: 5, filter: $f) { nodes { no } } }"""
        for criteria in ({"contact": {"city": {"expr": "(GENT"}}}, {"contact": {"city": {"eq": "GE\x00NT"}}}):
            bad = await persisted(client, key, filtered, {"f": criteria})
            assert [e["extensions"]["code"] for e in bad.json()["errors"]] == ["BAD_USER_INPUT"], bad.text
        ordered = """query($o: [ContactOrder!]) { contacts(first: 2, orderBy: $o) { nodes { no } } }"""
        assert (await persisted(client, key, ordered, {"o": [{"field": "NAME"}] * 3})).status_code == 200
        long = await persisted(client, key, ordered, {"o": [{"field": "NAME"}] * 1001})
        assert long.json()["errors"][0]["extensions"]["argumentPath"] == ["orderBy"], long.text
        # The key: none, a revoked one, a restricted one with a document it may not run.
        assert (await client.post("/graphql", json={"query": query, "variables": {"first": 1}})).status_code == 401
        revoked = await make_key("read", name="revoked")
        await revoke_api_key("revoked")
        assert (await persisted(client, revoked, query, {"first": 1})).status_code == 401
        partner = await make_key("read", name="partner")
        await restrict_api_key("partner", True)
        assert (await persisted(client, partner, query, {"first": 1})).status_code == 403
        await register_document(query, "bench.graphql")
        allowed = await client.post("/graphql", headers=bearer(partner), json={
            "variables": {"first": 2}, "extensions": {"persistedQuery": {"version": 1,
                                                                         "sha256Hash": document_hash(query)}}})
        assert len(allowed.json()["data"]["contacts"]["nodes"]) == 2
        # And its rate: 20 a minute, counted for compiled answers too.
        statuses = [(await persisted(client, key, query, {"first": 1})).status_code for _ in range(20)]
        assert 200 in statuses and statuses[-1] == 429


async def test_a_persisted_get_carries_an_etag_and_a_conditional_get_answers_304(
        client: httpx.AsyncClient, make_key: MakeKey) -> None:
    key = await make_key("read")
    query = DOCUMENTS["bench"]
    first = await persisted(client, key, query, {"first": 5}, get=True)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "private, no-cache"
    etag = first.headers["etag"]
    assert etag.startswith('"') and len(etag) == 34
    same = await persisted(client, key, query, {"first": 5}, get=True, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    other = await persisted(client, key, query, {"first": 6}, get=True, headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    # An error is never cached, and a POST carries no validator.
    wrong = await persisted(client, key, query, {"first": -1}, get=True)
    assert wrong.headers["cache-control"] == "no-store" and "etag" not in wrong.headers
    assert "etag" not in (await persisted(client, key, query, {"first": 5})).headers
