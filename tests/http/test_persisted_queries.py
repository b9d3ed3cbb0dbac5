"""Automatic persisted queries (schema/persisted.py): the sequence an Apollo client sends, over POST and GET,
with the in-process store and with Redis, and keys restricted to registered documents."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from segmentum.models.rules.api_keys import restrict_api_key
from segmentum.resolvers.documents import document_hash
from segmentum.resolvers.documents import register as register_document
from segmentum.schema.persisted import PersistedQueries
from tests.http.conftest import GRAPHQL_RESPONSE_JSON, ClientFor, MakeKey, bearer, codes

REDIS_URL = "redis://127.0.0.1:6379/0"


def fresh_query() -> str:
    """A document no other test (nor another run sharing Redis) has stored."""
    return f"query Viewer_{uuid.uuid4().hex} {{ viewer {{ name }} }}"


def apq(sha: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


async def send(client: httpx.AsyncClient, key: str, sha: str, query: str | None = None, get: bool = False,
               accept: str | None = None) -> httpx.Response:
    headers = {**bearer(key), **({"Accept": accept} if accept else {})}
    if get:
        params = {"extensions": json.dumps(apq(sha)), **({"query": query} if query else {})}
        return await client.get("/graphql", params=params, headers=headers)
    body: dict[str, Any] = {"extensions": apq(sha), **({"query": query} if query else {})}
    return await client.post("/graphql", json=body, headers=headers)


async def test_an_unknown_hash_is_not_found_then_the_query_is_stored_and_runs_by_hash(
        client: httpx.AsyncClient, key: str) -> None:
    query = fresh_query()
    sha = document_hash(query)
    miss = await send(client, key, sha)
    assert miss.status_code == 200
    assert miss.json()["errors"] == [{"message": "PersistedQueryNotFound",
                                      "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    assert miss.headers["cache-control"] == "no-store"
    stored = await send(client, key, sha, query)
    assert stored.json() == {"data": {"viewer": {"name": "full"}}}
    for get in (False, True):
        again = await send(client, key, sha, get=get)
        assert again.status_code == 200, again.text
        assert again.json() == {"data": {"viewer": {"name": "full"}}}


async def test_graphql_response_json_answers_an_unknown_hash_with_400(client: httpx.AsyncClient, key: str) -> None:
    miss = await send(client, key, document_hash(fresh_query()), accept=GRAPHQL_RESPONSE_JSON)
    assert miss.status_code == 400
    assert codes(miss) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_hash_that_does_not_match_the_query_stores_nothing(client: httpx.AsyncClient, key: str) -> None:
    query, other = fresh_query(), fresh_query()
    wrong = await send(client, key, document_hash(other), query)
    assert wrong.status_code == 400
    assert codes(wrong) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert codes(await send(client, key, document_hash(other))) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_document_that_does_not_validate_is_not_stored(client: httpx.AsyncClient, key: str) -> None:
    junk = f"query Junk_{uuid.uuid4().hex} {{ noSuchField }}"
    sha = document_hash(junk)
    assert codes(await send(client, key, sha, junk)) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(await send(client, key, sha)) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_bad_versions_and_hashes_are_refused(client: httpx.AsyncClient, key: str) -> None:
    for extension in ({"version": 2, "sha256Hash": "a" * 64}, {"version": 1, "sha256Hash": "xyz"}, "v1"):
        response = await client.post("/graphql", json={"extensions": {"persistedQuery": extension}},
                                     headers=bearer(key))
        assert response.status_code == 400
        assert codes(response) == ["PERSISTED_QUERY_NOT_SUPPORTED"]


async def test_a_persisted_mutation_runs_over_post_but_never_over_get(client: httpx.AsyncClient, key: str) -> None:
    mutation = (f"mutation M_{uuid.uuid4().hex[:8]} "
                '{ industryGroupCreate(input: {code: "APQ", description: "Persisted"}) { industryGroup { code } } }')
    sha = document_hash(mutation)
    posted = await send(client, key, sha, mutation)
    assert posted.json()["data"]["industryGroupCreate"]["industryGroup"] == {"code": "APQ"}
    over_get = await send(client, key, sha, get=True)
    assert over_get.status_code == 405
    assert codes(over_get) == ["METHOD_NOT_ALLOWED"]


async def test_persisted_documents_keep_the_document_limits(client_for: ClientFor, key: str) -> None:
    query = (f"query Deep_{uuid.uuid4().hex} "
             "{ contacts(first: 1) { edges { node { company { company { name } } } } } }")
    registered = await register_document(query)  # found by its hash, and still held to the limits
    async with client_for(max_query_depth=3) as client:
        assert codes(await send(client, key, registered.sha256)) == ["QUERY_TOO_DEEP"]
        assert codes(await send(client, key, registered.sha256, query)) == ["QUERY_TOO_DEEP"]


async def test_processes_share_persisted_queries_through_redis(client_for: ClientFor, key: str) -> None:
    query = fresh_query()
    sha = document_hash(query)
    async with client_for(redis_url=REDIS_URL) as first:
        assert (await send(first, key, sha, query)).json() == {"data": {"viewer": {"name": "full"}}}
    async with client_for(redis_url=REDIS_URL) as second:
        assert (await send(second, key, sha)).json() == {"data": {"viewer": {"name": "full"}}}


async def test_a_restricted_key_runs_registered_documents_only(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    partner = await make_key("read", name="partner")
    await restrict_api_key("partner", True)
    registered = await register_document(fresh_query(), "viewer.graphql")
    ok = await send(client, partner, registered.sha256)
    assert ok.json() == {"data": {"viewer": {"name": "partner"}}}
    plain = await client.post("/graphql", json={"query": "{ viewer { name } }"}, headers=bearer(partner))
    assert plain.status_code == 403
    assert codes(plain) == ["DOCUMENT_NOT_REGISTERED"]
    other = fresh_query()
    with_text = await send(client, partner, document_hash(other), other)
    assert with_text.status_code == 403
    assert codes(with_text) == ["DOCUMENT_NOT_REGISTERED"]
    await restrict_api_key("partner", False)
    assert (await client.post("/graphql", json={"query": "{ viewer { name } }"}, headers=bearer(partner))).json() \
        == {"data": {"viewer": {"name": "partner"}}}


async def test_registered_documents_answer_any_key_by_hash(client: httpx.AsyncClient, key: str) -> None:
    registered = await register_document(fresh_query())
    assert (await send(client, key, registered.sha256)).json() == {"data": {"viewer": {"name": "full"}}}


async def test_the_in_process_store_keeps_the_most_recently_used() -> None:
    store = PersistedQueries(size=2)
    queries = [fresh_query() for _ in range(3)]
    for q in queries[:2]:
        await store.store(document_hash(q), q, None, "k")
    await store.resolve(document_hash(queries[0]), None, None, False)  # used again: the second is oldest
    await store.store(document_hash(queries[2]), queries[2], None, "k")
    assert await store.resolve(document_hash(queries[0]), None, None, False) == (queries[0], False)
    assert await store.resolve(document_hash(queries[2]), None, None, False) == (queries[2], False)
    assert await store._get(document_hash(queries[1]), None) is None
