"""Integers longer than any field takes, in variables or in the document: a coded client error naming the
problem, never Python's int_max_str_digits message nor a 500."""

from __future__ import annotations

import pytest

from tests.http.conftest import ClientFor, codes, post

HUGE = "9" * 5000


async def test_a_huge_integer_in_the_variables_is_a_coded_error(client_for: ClientFor, key: str) -> None:
    async with client_for() as client:
        response = await client.post(
            "/graphql", headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            content='{"query": "query($n: Int) { contacts(first: $n) { totalCount } }", "variables": {"n": '
                    + HUGE + "}}")
        assert response.status_code == 400 and codes(response) == ["BAD_REQUEST"], response.text[:300]
        message = response.json()["errors"][0]["message"]
        assert "5,000 digits" in message and "int_max_str_digits" not in message and len(message) < 300


@pytest.mark.parametrize("query", [
    "{ contacts(first: " + HUGE + ") { totalCount } }",
    "query($n: Int = " + HUGE + ") { contacts(first: $n) { totalCount } }",
    "{ contactGroup: contacts(first: 1, after: " + HUGE + ") { totalCount } }",
])
async def test_a_huge_integer_in_the_document_is_a_coded_error(client_for: ClientFor, key: str, query: str) -> None:
    async with client_for() as client:
        response = await post(client, key, query)
        assert response.status_code == 200, response.text[:300]
        assert codes(response) in (["GRAPHQL_VALIDATION_FAILED"], ["BAD_USER_INPUT"]), response.text[:300]
        assert "int_max_str_digits" not in response.text
