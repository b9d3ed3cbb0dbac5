"""Limits and error shaping: each failure is a top-level error with a code, never a 500; bugs are masked."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

import segmentum.resolvers.masters as master_resolvers
import segmentum.schema.http as http_view
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from tests.http.conftest import GRAPHQL_RESPONSE_JSON, ClientFor, codes, post


async def assert_request_error(response: httpx.Response, code: str) -> dict[str, Any]:
    assert response.status_code != 500
    body = response.json()
    assert codes(response) == [code], body
    assert "data" not in body
    return body


async def test_too_deep(client_for: ClientFor, key: str) -> None:
    async with client_for(max_query_depth=2) as client:
        response = await post(client, key, "{ territories { edges { node { code } } } }")
        body = await assert_request_error(response, "QUERY_TOO_DEEP")
        assert "depth of 2" in body["errors"][0]["message"]
        ok = await post(client, key, "{ territories { nodes { code } } }")
        assert ok.status_code == 200 and "errors" not in ok.json()


async def test_too_many_aliases(client: httpx.AsyncClient, key: str) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"
    body = await assert_request_error(await post(client, key, query), "TOO_MANY_ALIASES")
    assert "31" in body["errors"][0]["message"] and "30" in body["errors"][0]["message"]


async def test_too_many_tokens(client: httpx.AsyncClient, key: str) -> None:
    query = "{ " + " ".join(["__typename"] * 5001) + " }"
    response = await post(client, key, query, accept=GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 400
    body = await assert_request_error(response, "TOO_MANY_TOKENS")
    assert "5000 tokens" in body["errors"][0]["message"]


async def test_too_costly(client_for: ClientFor, key: str) -> None:
    async with client_for(max_query_cost=200) as client:
        # 1 + 100 * (nodes + code + name) = 301 > 200
        response = await post(client, key, "{ territories(first: 100) { nodes { code name } } }")
        body = await assert_request_error(response, "QUERY_TOO_COMPLEX")
        assert body["errors"][0]["extensions"]["cost"] == 301
        # The page size may come in a variable.
        response = await post(client, key, "query($n: Int) { territories(first: $n) { nodes { code name } } }",
                              {"n": 100})
        await assert_request_error(response, "QUERY_TOO_COMPLEX")
        # The operation that runs is the one costed.
        document = ("query Big { territories(first: 100) { nodes { code name } } } "
                    "query Small { territories(first: 5) { nodes { code name } } }")
        response = await client.post("/graphql", json={"query": document, "operationName": "Small"},
                                     headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200 and "errors" not in response.json()
        response = await client.post("/graphql", json={"query": document, "operationName": "Big"},
                                     headers={"Authorization": f"Bearer {key}"})
        await assert_request_error(response, "QUERY_TOO_COMPLEX")
        small = await post(client, key, "query($n: Int) { territories(first: $n) { nodes { code name } } }",
                           {"n": 10})
        assert small.status_code == 200 and "errors" not in small.json()


async def test_the_default_budget_allows_a_full_page(client: httpx.AsyncClient, key: str) -> None:
    response = await post(client, key, "{ territories(first: 100) { edges { cursor node { id code name } } "
                                       "pageInfo { hasNextPage endCursor } totalCount } }")
    assert response.status_code == 200 and "errors" not in response.json()


async def test_page_size_over_100_is_bad_user_input(client: httpx.AsyncClient, key: str) -> None:
    response = await post(client, key, "{ territories(first: 1000) { nodes { code } } }")
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "1000" in error["message"]
    assert error["path"] == ["territories"]


async def test_unexpected_exception_is_masked_and_logged(client: httpx.AsyncClient, key: str,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("connection string postgres://secret@db")

    monkeypatch.setattr(master_resolvers, "page_by_code", broken)
    with caplog.at_level(logging.ERROR, logger="segmentum.graphql"):
        response = await post(client, key, "{ territories { nodes { code } } }")
    assert response.status_code == 200
    assert "secret" not in response.text
    error = response.json()["errors"][0]
    request_id = response.headers["x-request-id"]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    logged = [r for r in caplog.records if r.name == "segmentum.graphql"]
    assert len(logged) == 1
    assert request_id in logged[0].getMessage()
    # The traceback is in the message, every line of it cut short (see test_logged_errors_are_cut_short).
    assert "RuntimeError: connection string postgres://secret@db" in logged[0].getMessage()
    assert "Traceback" in logged[0].getMessage()


async def test_a_given_request_id_is_used(client: httpx.AsyncClient, key: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(master_resolvers, "page_by_code", broken)
    response = await client.post("/graphql", json={"query": "{ territories { nodes { code } } }"},
                                 headers={"Authorization": f"Bearer {key}", "X-Request-ID": "req-42"})
    assert response.headers["x-request-id"] == "req-42"
    assert response.json()["errors"][0]["extensions"]["requestId"] == "req-42"


async def test_domain_error_in_a_query_is_bad_user_input(client: httpx.AsyncClient, key: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    async def malformed(*args: Any, **kwargs: Any) -> Any:
        raise DomainError(ErrorCode.INVALID, "The filter 'A..' is not a valid expression.")

    monkeypatch.setattr(master_resolvers, "page_by_code", malformed)
    response = await post(client, key, "{ territories { nodes { code } } }")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "The filter 'A..' is not a valid expression."


async def test_validation_and_variable_errors_are_coded(client: httpx.AsyncClient, key: str) -> None:
    response = await post(client, key, "{ nope }")
    assert response.status_code == 200  # legacy application/json
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    response = await post(client, key, "query($n: Int) { territories(first: $n) { totalCount } }", {"n": "ten"},
                          accept=GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]
    assert "ten" in response.json()["errors"][0]["message"]


async def test_a_failure_outside_graphql_is_a_masked_500(client: httpx.AsyncClient, key: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(authorization: str | None) -> Any:
        raise RuntimeError("the key store at 10.0.0.5 is broken")

    monkeypatch.setattr(http_view, "authenticate", broken)
    response = await post(client, key, "{ __typename }")
    assert response.status_code == 500
    assert "10.0.0.5" not in response.text
    assert codes(response) == ["INTERNAL_SERVER_ERROR"]
    assert response.json()["errors"][0]["extensions"]["requestId"] == response.headers["x-request-id"]

    # A database that cannot be reached is not a bug: 503, try again (its reason is logged, not answered).
    async def down(authorization: str | None) -> Any:
        raise ConnectionError("database at 10.0.0.5 refused the connection")

    monkeypatch.setattr(http_view, "authenticate", down)
    response = await post(client, key, "{ __typename }")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert "10.0.0.5" not in response.text
    assert codes(response) == ["SERVICE_UNAVAILABLE"]


async def test_hostile_fragments_are_refused_at_once(client: httpx.AsyncClient, key: str) -> None:
    """The issue's table, row 1: 20 fragments each spreading the next three times, and 300 chained fragments
    (how the checks stay linear: tests/schema/test_document_shape.py)."""
    fan = "{ ...G0 } " + " ".join(f"fragment G{i} on Query {{ ...G{i + 1} ...G{i + 1} ...G{i + 1} viewer {{ name }} }}"
                                  for i in range(19)) + " fragment G19 on Query { viewer { name } }"
    chain = "{ ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(300)) + \
        " fragment F300 on Query { viewer { name } }"
    for document, code in ((fan, "QUERY_TOO_COMPLEX"), (chain, "FRAGMENTS_TOO_DEEP")):
        response = await post(client, key, document)
        assert codes(response) == [code]
    # Health keeps answering: nothing was left running.
    assert (await client.get("/healthz")).status_code == 200


async def test_logged_errors_are_cut_short(client: httpx.AsyncClient, key: str, monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the value " + "X" * 900_000)

    monkeypatch.setattr(master_resolvers, "page_by_code", broken)
    with caplog.at_level(logging.ERROR, logger="segmentum.graphql"):
        response = await post(client, key, "{ territories { nodes { code } } }")
    assert codes(response) == ["INTERNAL_SERVER_ERROR"]
    [record] = [r for r in caplog.records if r.name == "segmentum.graphql"]
    message = record.getMessage()
    assert "RuntimeError: the value XXXX" in message
    assert max(len(line) for line in message.splitlines()) < 1_000 and len(message) < 20_000


async def test_a_document_asks_for_the_whole_schema_once(client: httpx.AsyncClient, key: str) -> None:
    from graphql import get_introspection_query

    full = get_introspection_query()
    once = await post(client, key, full)
    assert once.status_code == 200 and "errors" not in once.json()
    body = full.split("fragment", 1)
    twice = body[0].replace("__schema {", "a: __schema { queryType { name } } b: __schema {", 1) + "fragment" + body[1]
    response = await assert_request_error(await post(client, key, twice), "TOO_MANY_INTROSPECTIONS")
    assert "2 `__schema`" in response["errors"][0]["message"]
    # Through fragments, or aliased 30 times (8 MB of answer before), refused at once.
    spread = "{ a: __typename ...S b: __typename ...S } fragment S on Query { __schema { types { name } } }"
    await assert_request_error(await post(client, key, spread), "TOO_MANY_INTROSPECTIONS")
    thirty = "{ " + " ".join(f"i{i}: __schema {{ types {{ name }} }}" for i in range(30)) + " }"
    await assert_request_error(await post(client, key, thirty), "TOO_MANY_INTROSPECTIONS")
