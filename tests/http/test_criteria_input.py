"""Hostile criteria over HTTP: JSON escapes for NUL and lone surrogates, and over-long expressions, answer
with a coded client error and a short message, never a 500."""

from __future__ import annotations

import json

import pytest

from tests.http.conftest import bearer

PREVIEW = "query($c: ContactCriteria!) { segmentPreview(criteria: $c) { count } }"


@pytest.mark.parametrize(
    "name_filter",
    ['{"eq": "\\u0000"}', '{"expr": "A|\\ud800"}', '{"in": ["\\udc00x"]}', '{"expr": "' + "A" * 200_000 + '"}',
     '{"expr": "' + "(" * 500 + '"}'],
    ids=["nul", "surrogate", "surrogate-in-list", "long", "nested"],
)
async def test_hostile_criteria_are_bad_user_input(client, key, name_filter):
    # Written by hand: the escapes must reach the server as the JSON text a client could send.
    body = '{"query": ' + json.dumps(PREVIEW) + ', "variables": {"c": {"contact": {"name": ' + name_filter + "}}}}"
    response = await client.post("/graphql", content=body.encode(),
                                 headers={**bearer(key), "Content-Type": "application/json"})
    assert response.status_code == 200, response.text[:500]
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["fields"][0][:3] == ["criteria", "contact", "name"]
    assert len(response.content) < 1_000
