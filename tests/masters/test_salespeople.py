"""Salespeople over GraphQL: create, unique code, update semantics, blocked flags, delete while in use, paging."""

from __future__ import annotations

from segmentum.models.masters import Salesperson

SELECT = "salesperson { id code name email blocked privacyBlocked }"


async def create(mutate, **value):
    return await mutate("salespersonCreate", "SalespersonCreateInput", value, SELECT)


async def test_create_upper_cases_code_and_defaults_flags(mutate):
    res = await create(mutate, code="sue", name="Sue Seller", email="sue@example.com")
    assert res["userErrors"] == []
    assert res["salesperson"] | {"id": None} == {
        "id": None, "code": "SUE", "name": "Sue Seller", "email": "sue@example.com",
        "blocked": False, "privacyBlocked": False,
    }


async def test_duplicate_code_is_already_exists_naming_it(mutate):
    await create(mutate, code="SUE", name="Sue")
    res = await create(mutate, code="sue", name="Other")
    assert res["salesperson"] is None
    assert [(e["code"], e["field"]) for e in res["userErrors"]] == [("ALREADY_EXISTS", ["input", "code"])]
    assert "'SUE'" in res["userErrors"][0]["message"]
    assert await Salesperson.all().count() == 1


async def test_invalid_email_and_blank_name(mutate):
    bad_mail = await create(mutate, code="A", name="A", email="not-an-address")
    assert bad_mail["userErrors"][0]["code"] == "INVALID" and "not-an-address" in bad_mail["userErrors"][0]["message"]
    blank = await create(mutate, code="B", name="  ")
    assert blank["userErrors"][0]["code"] == "REQUIRED" and blank["userErrors"][0]["field"] == ["input", "name"]
    assert await Salesperson.all().count() == 0


async def test_update_omitted_unchanged_null_clears(mutate):
    sid = (await create(mutate, code="SUE", name="Sue", email="sue@example.com"))["salesperson"]["id"]
    res = await mutate("salespersonUpdate", "SalespersonUpdateInput", {"id": sid, "blocked": True}, SELECT)
    assert res["salesperson"]["blocked"] is True and res["salesperson"]["email"] == "sue@example.com"
    res = await mutate("salespersonUpdate", "SalespersonUpdateInput",
                       {"id": sid, "email": None, "privacyBlocked": True}, SELECT)
    assert res["salesperson"]["email"] is None and res["salesperson"]["privacyBlocked"] is True
    assert res["salesperson"]["name"] == "Sue"


async def test_update_unknown_id_is_not_found(mutate):
    res = await mutate("salespersonUpdate", "SalespersonUpdateInput", {"id": "nonsense", "name": "X"}, SELECT)
    assert res["userErrors"][0]["code"] == "NOT_FOUND"


async def test_delete_refused_while_assigned_to_a_contact(mutate, make_contact):
    sid = (await create(mutate, code="SUE", name="Sue"))["salesperson"]["id"]
    contact = await make_contact(salesperson_id=(await Salesperson.get(code="SUE")).id)
    res = await mutate("salespersonDelete", "DeleteInput", {"id": sid}, "deletedId")
    assert res["deletedId"] is None
    assert res["userErrors"][0]["code"] == "IN_USE" and "'SUE'" in res["userErrors"][0]["message"]
    await contact.delete()
    res = await mutate("salespersonDelete", "DeleteInput", {"id": sid}, "deletedId")
    assert res == {"deletedId": sid, "userErrors": []}
    assert not await Salesperson.exists(code="SUE")


async def test_lookup_by_code_and_node(gql, mutate):
    sid = (await create(mutate, code="SUE", name="Sue"))["salesperson"]["id"]
    data = await gql('{ salesperson(code: "sue") { id name } missing: salesperson(code: "NOPE") { id } }')
    assert data == {"salesperson": {"id": sid, "name": "Sue"}, "missing": None}
    node = await gql("query($id: ID!) { node(id: $id) { ... on Salesperson { code } } }", {"id": sid})
    assert node["node"] == {"code": "SUE"}


async def test_keyset_paging_by_code(gql):
    for code in ["E", "C", "A", "D", "B"]:
        await Salesperson.create(code=code, name=code)
    q = """query($f: Int, $a: String, $l: Int, $b: String) { salespeople(first: $f, after: $a, last: $l, before: $b) {
      totalCount nodes { code } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
    p1 = (await gql(q, {"f": 2}))["salespeople"]
    assert [n["code"] for n in p1["nodes"]] == ["A", "B"] and p1["totalCount"] == 5
    p2 = (await gql(q, {"f": 2, "a": p1["pageInfo"]["endCursor"]}))["salespeople"]
    assert [n["code"] for n in p2["nodes"]] == ["C", "D"] and p2["pageInfo"]["hasNextPage"] is True
    back = (await gql(q, {"l": 3, "b": p2["pageInfo"]["endCursor"]}))["salespeople"]
    assert [n["code"] for n in back["nodes"]] == ["A", "B", "C"]


async def test_page_size_over_limit_is_a_user_input_error(gql):
    res = await gql("{ salespeople(first: 101) { totalCount } }", expect_errors=True)
    assert res["errors"][0].extensions["code"] == "BAD_USER_INPUT"
