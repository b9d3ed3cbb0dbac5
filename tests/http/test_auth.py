"""Every request needs a valid API key; mutations need the write scope."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from segmentum.models.masters import Territory
from segmentum.models.rules.api_keys import revoke_api_key
from tests.http.conftest import MakeKey, bearer, codes, post

CREATE = ('mutation { territoryCreate(input: {code: "NORTH", name: "North"}) '
          '{ territory { code } userErrors { code } } }')


async def assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401
    body = response.json()
    assert "data" not in body
    assert codes(response) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_no_key_is_unauthenticated(client: httpx.AsyncClient) -> None:
    await assert_unauthenticated(await post(client, None, "{ viewer { name } }"))


async def test_a_key_that_does_not_exist_is_unauthenticated(client: httpx.AsyncClient) -> None:
    await assert_unauthenticated(await post(client, "sgm_made-up", "{ viewer { name } }"))


async def test_a_malformed_authorization_header_is_unauthenticated(client: httpx.AsyncClient, key: str) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": key})
    await assert_unauthenticated(response)


async def test_a_revoked_key_is_unauthenticated(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    secret = await make_key("read", name="old")
    assert (await post(client, secret, "{ viewer { name } }")).status_code == 200
    await revoke_api_key("old")
    await assert_unauthenticated(await post(client, secret, "{ viewer { name } }"))


async def test_get_needs_a_key_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    await assert_unauthenticated(response)


async def test_viewer_returns_the_key_name_and_scopes(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    secret = await make_key("write", "read", name="crm-sync")
    response = await post(client, secret, "{ viewer { name scopes } }")
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"name": "crm-sync", "scopes": ["read", "write"]}}}


async def test_scheme_is_case_insensitive(client: httpx.AsyncClient, key: str) -> None:
    response = await client.post("/graphql", json={"query": "{ viewer { name } }"},
                                 headers={"Authorization": f"bearer {key}"})
    assert response.json()["data"]["viewer"]["name"] == "full"


async def test_read_only_key_cannot_mutate_and_nothing_changes(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    secret = await make_key("read")
    response = await post(client, secret, CREATE)
    assert response.status_code == 403
    assert codes(response) == ["FORBIDDEN"]
    assert "data" not in response.json()
    assert await Territory.filter(code="NORTH").count() == 0


@pytest.mark.parametrize("scope", ["write", "admin"])
async def test_write_or_admin_key_can_mutate(client: httpx.AsyncClient, make_key: MakeKey, scope: str) -> None:
    secret = await make_key(scope)
    response = await post(client, secret, CREATE)
    assert response.status_code == 200
    assert response.json()["data"]["territoryCreate"] == {"territory": {"code": "NORTH"}, "userErrors": []}
    assert await Territory.filter(code="NORTH").count() == 1


async def test_read_only_key_can_query(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    await Territory.create(code="EAST", name="East")
    secret = await make_key("read")
    response = await post(client, secret, "{ territories { nodes { code } } }")
    assert response.json() == {"data": {"territories": {"nodes": [{"code": "EAST"}]}}}


async def test_key_check_costs_one_statement(client: httpx.AsyncClient, key: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    await post(client, key, "{ __typename }")  # records the key's last use
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        caplog.clear()
        response = await client.post("/graphql", json={"query": "{ viewer { name } }"}, headers=bearer(key))
    assert response.status_code == 200
    assert len([r for r in caplog.records if r.name == "tortoise.db_client"]) == 1


async def test_the_scope_check_is_part_of_the_schema(gql: Any) -> None:
    result = await gql(CREATE, expect_errors=True, scopes=("read",))
    assert [e.extensions["code"] for e in result["errors"]] == ["FORBIDDEN"]
    assert await Territory.filter(code="NORTH").count() == 0
