"""Hostile input over HTTP (the issue's table, rows 5, 7, 8 and 9): every case is a coded client error naming
the field, or a lookup that finds nothing; never INTERNAL_SERVER_ERROR, never the whole value back."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import httpx
import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.masters import Salesperson
from segmentum.models.segments import Segment
from segmentum.resolvers.ids import encode_id
from tests.http.conftest import GRAPHQL_RESPONSE_JSON, bearer, codes, post

LONG = "X" * 100_000


async def raw_post(client: httpx.AsyncClient, key: str, body: str, accept: str | None = None) -> httpx.Response:
    """The body as written: JSON escapes (\\u0000, \\ud800) reach the server as a client could send them."""
    headers = {**bearer(key), "Content-Type": "application/json"}
    if accept:
        headers["Accept"] = accept
    return await client.post("/graphql", content=body.encode(), headers=headers)


def body_of(query: str, variables_json: str) -> str:
    return '{"query": ' + json.dumps(query) + ', "variables": ' + variables_json + "}"


def only_error(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code != 500, response.text[:500]
    [error] = response.json()["errors"]
    return error


@pytest.fixture
async def contact() -> Contact:
    company = await Contact.create(no="CT000001", type=ContactType.COMPANY, name="Alpha", city="GENT")
    company.company_id = company.id
    await company.save()
    return company


async def test_nul_and_lone_surrogates_in_a_query_argument(client: httpx.AsyncClient, key: str) -> None:
    for escape, words in (("\\u0000", "NUL"), ("\\ud800", "unpaired surrogate"), ("\\udfff", "unpaired surrogate")):
        response = await raw_post(client, key, body_of("query($n: String!) { contact(no: $n) { name } }",
                                                       '{"n": "CT' + escape + '1"}'))
        error = only_error(response)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "fields": [["no"]], "argumentPath": ["no"]}, escape
        assert error["message"].startswith("no: ") and words in error["message"], escape


async def test_nul_in_a_string_literal(client: httpx.AsyncClient, key: str) -> None:
    error = only_error(await post(client, key, '{ industryGroup(code: "RE\\u0000TAIL") { code } }'))
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["fields"] == [["code"]]


async def test_nul_in_a_mutation_input_is_a_user_error_and_writes_nothing(client: httpx.AsyncClient,
                                                                           key: str) -> None:
    mutation = ("mutation($i: ContactCreateInput!) { contactCreate(input: $i) { contact { no } "
                "userErrors { code field message } } }")
    response = await raw_post(client, key, body_of(mutation, '{"i": {"type": "COMPANY", "name": "Alpha", '
                                                             '"city": "GE\\u0000NT"}}'))
    payload = response.json()["data"]["contactCreate"]
    assert payload["contact"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "city"])
    assert "NUL" in error["message"]
    assert await Contact.all().count() == 0


async def test_lists_over_a_thousand_items_are_refused(client: httpx.AsyncClient, key: str) -> None:
    error = only_error(await post(client, key, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                                  {"ids": ["x"] * 1_001}))
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "fields": [["ids"]], "argumentPath": ["ids"]}
    assert "at most 1,000" in error["message"]


LOOKUPS = ["contact(no: $v) { name }", "industryGroup(code: $v) { code }", "salesperson(code: $v) { code }",
           "territory(code: $v) { code }", "segment(no: $v) { no }", "campaign(no: $v) { no }",
           "loggedSegment(segmentNo: $v) { segmentNo }", "profileQuestionnaire(code: $v) { code }"]


async def test_a_lookup_by_an_over_length_key_finds_nothing(client: httpx.AsyncClient, key: str,
                                                            contact: Contact) -> None:
    for lookup in LOOKUPS:
        response = await post(client, key, "query($v: String!) { " + lookup + " }", {"v": "CT000001" + LONG})
        body = response.json()
        assert "errors" not in body, (lookup, body)
        assert list(body["data"].values()) == [None], lookup


async def test_an_over_length_reference_is_not_found_and_not_echoed(client: httpx.AsyncClient, key: str,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    await Salesperson.create(code="JO", name="Jo")
    mutation = ("mutation($i: ContactCreateInput!) { contactCreate(input: $i) { contact { no } "
                "userErrors { code field message } } }")
    with caplog.at_level(logging.DEBUG):
        response = await post(client, key, mutation, {"i": {"type": "COMPANY", "name": "Alpha",
                                                            "salespersonCode": "S" * 900_000}})
    [error] = response.json()["data"]["contactCreate"]["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_FOUND", ["input", "salespersonCode"])
    assert len(response.content) < 1_000
    assert max((len(r.getMessage()) for r in caplog.records), default=0) < 5_000
    assert await Contact.all().count() == 0


async def test_a_long_value_never_comes_back_whole(client: httpx.AsyncClient, key: str) -> None:
    mutation = ("mutation($i: ContactCreateInput!) { contactCreate(input: $i) { userErrors { code field message } "
                "} }")
    response = await post(client, key, mutation, {"i": {"type": "COMPANY", "name": LONG}})
    [error] = response.json()["data"]["contactCreate"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "name"])
    assert len(response.content) < 1_000
    # graphql-core's own messages quote values too: a 90,000-character string (a document may have 100,000)
    # where an Int belongs.
    response = await post(client, key, '{ territories(first: "' + LONG[:90_000] + '") { totalCount } }')
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"] and len(response.content) < 1_000


async def test_global_ids_that_cannot_name_a_row(client: httpx.AsyncClient, key: str, contact: Contact) -> None:
    mutation = ("mutation($id: ID!) { contactDelete(input: {id: $id}) { deletedId userErrors { code field } } }")
    for node_id in ("Contact:2147483648", "Contact:-2147483649", "Contact:99999999999999999999", "Contact:1e3",
                    "Contact:\u0661", "Nope:1"):
        gid = base64.b64encode(node_id.encode()).decode()
        response = await post(client, key, "query($id: ID!) { node(id: $id) { id } }", {"id": gid})
        assert response.json() == {"data": {"node": None}}, node_id
        payload = (await post(client, key, mutation, {"id": gid})).json()["data"]["contactDelete"]
        assert payload == {"deletedId": None, "userErrors": [{"code": "NOT_FOUND", "field": ["input", "id"]}]}
    assert await Contact.filter(id=contact.id).exists()


CURSOR_VALUES = ["[1e308]", "[Infinity]", "[100000000000000000000000]", '["\\u0000"]', "[NaN]", '["x"]', "[true]",
                 "[[[[1]]]]", "1", '["\\ud800"]']


@pytest.mark.parametrize("order", ["", ", orderBy: [{field: NAME}]", ", orderBy: [{field: CREATED_AT}]"],
                         ids=["by-no", "by-name", "by-date"])
async def test_cursors_holding_what_no_key_can_be(client: httpx.AsyncClient, key: str, order: str) -> None:
    for values in CURSOR_VALUES:
        if order and values.startswith("["):
            values = values[:-1] + ", 1]"  # one value per key: the ordered field, then the id
        if values == '["x", 1]' and "NAME" in order:
            continue  # a name can be any text
        cursor = base64.urlsafe_b64encode(values.encode()).decode()
        response = await post(client, key, "query($a: String) { contacts(first: 2, after: $a" + order + ") "
                                           "{ nodes { no } } }", {"a": cursor})
        error = only_error(response)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", values
        assert "cursor" in error["message"], values


async def test_amounts_that_are_not_finite_or_do_not_fit(client: httpx.AsyncClient, key: str) -> None:
    mutation = ("mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { segment { no } "
                "userErrors { code field message } } }")
    for amount in ("1e30", "NaN", "Infinity", "-Infinity", "sNaN", "1e999999999999", 1e300):
        response = await post(client, key, mutation, {"i": {"description": "Spring", "unitCostLcy": amount}})
        assert response.status_code == 200, response.text
        payload = response.json()["data"]["segmentCreate"]
        assert payload["segment"] is None, amount
        [error] = payload["userErrors"]
        assert (error["code"], error["field"]) == ("INVALID", ["input", "unitCostLcy"]), amount
    assert await Segment.all().count() == 0


async def test_variables_nested_deeply_are_a_coded_400(client: httpx.AsyncClient, key: str) -> None:
    for depth in (100_000, 5_000):
        body = body_of("query($n: [Int]) { __typename }", '{"n": ' + "[" * depth + "]" * depth + "}")
        response = await raw_post(client, key, body, accept=GRAPHQL_RESPONSE_JSON)
        assert response.status_code == 400
        assert codes(response) == ["BAD_REQUEST"]


async def test_json_without_its_numbers_is_refused(client: httpx.AsyncClient, key: str) -> None:
    response = await raw_post(client, key, body_of("query($n: Float) { __typename }", '{"n": NaN}'),
                              accept=GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 400 and codes(response) == ["BAD_REQUEST"]


async def test_two_operations_without_a_name_run_neither(client: httpx.AsyncClient, key: str,
                                                          contact: Contact) -> None:
    read_key_document = ("query A { viewer { name } } "
                         f'mutation B {{ contactDelete(input: {{id: "{encode_id("Contact", contact.id)}"}}) '
                         "{ deletedId } }")
    response = await post(client, key, read_key_document, accept=GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "operation name" in response.json()["errors"][0]["message"]
    assert await Contact.filter(id=contact.id).exists()
    named = await client.post("/graphql", json={"query": read_key_document, "operationName": "A"},
                              headers=bearer(key))
    assert named.json() == {"data": {"viewer": {"name": "full"}}}
