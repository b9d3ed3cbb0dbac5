"""Territory over GraphQL: create, unique code, update, paging, delete."""

from __future__ import annotations

CREATE = """
mutation($input: TerritoryCreateInput!) {
  territoryCreate(input: $input) { territory { id code name } userErrors { field message code } }
}
"""


async def test_create_upper_cases_code_and_refuses_duplicates(gql):
    data = await gql(CREATE, {"input": {"code": "north", "name": "North"}})
    assert data["territoryCreate"]["userErrors"] == []
    assert data["territoryCreate"]["territory"]["code"] == "NORTH"

    again = await gql(CREATE, {"input": {"code": "NORTH", "name": "Other"}})
    errors = again["territoryCreate"]["userErrors"]
    assert again["territoryCreate"]["territory"] is None
    assert errors[0]["code"] == "ALREADY_EXISTS" and "'NORTH'" in errors[0]["message"]
    assert errors[0]["field"] == ["input", "code"]


async def test_update_and_node_lookup(gql):
    created = await gql(CREATE, {"input": {"code": "S", "name": "South"}})
    tid = created["territoryCreate"]["territory"]["id"]
    upd = await gql(
        "mutation($i: TerritoryUpdateInput!) { territoryUpdate(input: $i) { territory { name } userErrors { code } } }",
        {"i": {"id": tid, "name": "Deep South"}},
    )
    assert upd["territoryUpdate"]["territory"]["name"] == "Deep South"
    node = await gql("query($id: ID!) { node(id: $id) { ... on Territory { code name } } }", {"id": tid})
    assert node["node"] == {"code": "S", "name": "Deep South"}


async def test_keyset_pages_forward_and_backward(gql):
    for i in range(7):
        await gql(CREATE, {"input": {"code": f"T{i}", "name": f"T {i}"}})
    q = """query($f: Int, $a: String, $l: Int, $b: String) {
      territories(first: $f, after: $a, last: $l, before: $b) {
        totalCount nodes { code } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      } }"""
    p1 = (await gql(q, {"f": 3}))["territories"]
    assert [n["code"] for n in p1["nodes"]] == ["T0", "T1", "T2"]
    assert p1["totalCount"] == 7 and p1["pageInfo"]["hasNextPage"] is True
    p2 = (await gql(q, {"f": 3, "a": p1["pageInfo"]["endCursor"]}))["territories"]
    assert [n["code"] for n in p2["nodes"]] == ["T3", "T4", "T5"]
    back = (await gql(q, {"l": 2, "b": p2["pageInfo"]["startCursor"]}))["territories"]
    assert [n["code"] for n in back["nodes"]] == ["T1", "T2"]
    assert back["pageInfo"]["hasPreviousPage"] is True


async def test_delete(gql):
    created = await gql(CREATE, {"input": {"code": "W", "name": "West"}})
    tid = created["territoryCreate"]["territory"]["id"]
    res = await gql("mutation($i: DeleteInput!) { territoryDelete(input: $i) { deletedId userErrors { code } } }",
                    {"i": {"id": tid}})
    assert res["territoryDelete"] == {"deletedId": tid, "userErrors": []}
    assert (await gql("{ territories { totalCount } }"))["territories"]["totalCount"] == 0
