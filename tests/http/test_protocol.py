"""GraphQL over HTTP: methods, media types, request errors, GraphiQL, Relay node lookups."""

from __future__ import annotations

import json

import httpx

from segmentum.models.masters import Territory
from segmentum.resolvers.ids import encode_id
from tests.http.conftest import GRAPHQL_RESPONSE_JSON, bearer, codes, post


async def test_get_runs_queries(client: httpx.AsyncClient, key: str) -> None:
    response = await client.get("/graphql", params={"query": "query($n: String!) { __type(name: $n) { name } }",
                                                    "variables": json.dumps({"n": "Territory"})},
                                headers=bearer(key))
    assert response.status_code == 200
    assert response.json() == {"data": {"__type": {"name": "Territory"}}}


async def test_get_mutation_is_405_and_not_run(client: httpx.AsyncClient, key: str) -> None:
    query = 'mutation { territoryCreate(input: {code: "WEST", name: "West"}) { territory { code } } }'
    response = await client.get("/graphql", params={"query": query}, headers=bearer(key))
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert codes(response) == ["METHOD_NOT_ALLOWED"]
    assert await Territory.filter(code="WEST").count() == 0


async def test_other_methods_are_405(client: httpx.AsyncClient, key: str) -> None:
    response = await client.put("/graphql", json={"query": "{ __typename }"}, headers=bearer(key))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_parse_error_with_graphql_response_json_is_400_without_data(client: httpx.AsyncClient,
                                                                         key: str) -> None:
    response = await post(client, key, "{ territories {", accept=GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    body = response.json()
    assert "data" not in body
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]
    assert body["errors"][0]["message"].startswith("Syntax Error")


async def test_parse_error_with_legacy_json_is_200(client: httpx.AsyncClient, key: str) -> None:
    response = await post(client, key, "{ territories {", accept="application/json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]


async def test_media_type_negotiation(client: httpx.AsyncClient, key: str) -> None:
    for accept, expected in [
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json;q=0.5", "application/json"),
        ("*/*", "application/json"),
        (None, "application/json"),
    ]:
        response = await post(client, key, "{ __typename }", accept=accept)
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == expected, accept
    response = await post(client, key, "{ __typename }", accept="text/xml")
    assert response.status_code == 406


async def test_body_must_be_json(client: httpx.AsyncClient, key: str) -> None:
    response = await client.post("/graphql", content="{ __typename }",
                                 headers={**bearer(key), "Content-Type": "application/graphql"})
    assert response.status_code == 415
    response = await client.post("/graphql", content='{"query": ', headers={**bearer(key),
                                                                           "Content-Type": "application/json"})
    assert response.status_code == 400
    response = await client.post("/graphql", json=[{"query": "{ __typename }"}], headers=bearer(key))
    assert response.status_code == 400
    response = await client.post("/graphql", json={"query": "{ __typename }", "variables": "x"},
                                 headers=bearer(key))
    assert response.status_code == 400
    response = await client.post("/graphql", json={"qeury": "{ __typename }"}, headers=bearer(key))
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


async def test_graphiql_for_a_browser(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_get_without_query_from_a_non_browser_is_400(client: httpx.AsyncClient, key: str) -> None:
    response = await client.get("/graphql", headers={**bearer(key), "Accept": "application/json"})
    assert response.status_code == 400


async def test_node_and_nodes(client: httpx.AsyncClient, key: str) -> None:
    north = await Territory.create(code="NORTH", name="North")
    gid = encode_id("Territory", north.id)
    missing = encode_id("Territory", north.id + 1000)
    alien = encode_id("Spaceship", 1)
    response = await post(client, key, """query($id: ID!, $ids: [ID!]!) {
        node(id: $id) { id ... on Territory { code } }
        nodes(ids: $ids) { ... on Territory { code } } }""", {"id": gid, "ids": [gid, missing, alien, gid]})
    assert response.json() == {"data": {"node": {"id": gid, "code": "NORTH"},
                                        "nodes": [{"code": "NORTH"}, None, None, {"code": "NORTH"}]}}


async def test_malformed_node_id_is_bad_user_input(client: httpx.AsyncClient, key: str) -> None:
    response = await post(client, key, '{ node(id: "not-an-id") { id } }')
    assert response.status_code == 200
    assert codes(response) == ["BAD_USER_INPUT"]
