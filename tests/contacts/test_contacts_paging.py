"""contacts(...): keyset pages in every order, both directions, cursors stable under inserts; contact(no:)."""

from __future__ import annotations

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType

LIST = """query($f: Int, $a: String, $l: Int, $b: String, $o: [ContactOrder!]) {
  contacts(first: $f, after: $a, last: $l, before: $b, orderBy: $o) {
    totalCount nodes { no } edges { cursor node { no } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }"""

CITIES = ["GENT", "BRUGGE", None, "ANTWERPEN", "GENT", None, "AALST", "BRUGGE"]
NAMES = ["MARS", "ALPHA", "ZULU", "ALPHA", "KILO", "BRAVO", "ECHO", "KILO"]

KEYS = {
    "NO": lambda c: (c.no,),
    "NAME": lambda c: (c.name,),
    "CITY": lambda c: (c.city or "",),
    "CREATED_AT": lambda c: (c.created_at,),
}


async def seed(create, names=NAMES, cities=CITIES):
    for name, city in zip(names, cities, strict=True):
        payload = await create(type="COMPANY", name=name, city=city)
        assert payload["userErrors"] == []


async def expected(order: list[tuple[str, bool]]) -> list[str]:
    """The order computed independently, in Python: each key in its direction, then id ascending."""
    rows = await Contact.all()
    for field, desc in [("ID", False), *reversed(order)]:  # stable sorts, least significant first
        key = (lambda c: (c.id,)) if field == "ID" else KEYS[field]
        rows.sort(key=key, reverse=desc)
    return [c.no for c in rows]


async def walk(gql, order, size, backward=False):
    out, cursor = [], None
    for _ in range(20):
        if backward:
            page = (await gql(LIST, {"l": size, "b": cursor, "o": order}))["contacts"]
            out = [n["no"] for n in page["nodes"]] + out
            if not page["pageInfo"]["hasPreviousPage"]:
                return out
            cursor = page["pageInfo"]["startCursor"]
        else:
            page = (await gql(LIST, {"f": size, "a": cursor, "o": order}))["contacts"]
            out += [n["no"] for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                return out
            cursor = page["pageInfo"]["endCursor"]
    raise AssertionError("paging did not end")


ORDERS = [[(f, d)] for f in KEYS for d in (False, True)] + [[("CITY", False), ("NAME", True)]]


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: "+".join(f"{f}-{'DESC' if d else 'ASC'}" for f, d in o))
async def test_every_order_both_directions(gql, create, order):
    await seed(create)
    want = await expected(order)
    arg = [{"field": f, "direction": "DESC" if d else "ASC"} for f, d in order]
    assert await walk(gql, arg, 3) == want
    assert await walk(gql, arg, 3, backward=True) == want


async def test_default_order_is_number_and_total_count(gql, create):
    await seed(create)
    page = (await gql(LIST, {"f": 5}))["contacts"]
    assert [n["no"] for n in page["nodes"]] == [f"CT00000{i}" for i in range(1, 6)]
    assert page["totalCount"] == 8 and page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False
    assert [e["cursor"] for e in page["edges"]][-1] == page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("field", list(KEYS))
async def test_cursors_stable_under_inserts(gql, create, field):
    await seed(create)
    arg = [{"field": field, "direction": "ASC"}]
    first = (await gql(LIST, {"f": 4, "o": arg}))["contacts"]
    seen = [n["no"] for n in first["nodes"]]
    # New contacts on both sides of the cursor: before it (must not appear), after it (must appear).
    await seed(create, names=["AAAA", "ZZZZ"], cities=["AAAA", "ZZZZ"])
    rest = await walk_from(gql, arg, first["pageInfo"]["endCursor"])
    want = await expected([(field, False)])
    assert rest == want[want.index(seen[-1]) + 1:]
    assert not set(rest) & set(seen)
    if field != "NO" and field != "CREATED_AT":
        assert "CT000010" in rest and "CT000009" not in rest


async def walk_from(gql, order, cursor):
    out = []
    while True:
        page = (await gql(LIST, {"f": 3, "a": cursor, "o": order}))["contacts"]
        out += [n["no"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return out
        cursor = page["pageInfo"]["endCursor"]


async def test_page_size_and_cursor_errors_are_bad_user_input(gql):
    too_big = await gql(LIST, {"f": 101}, expect_errors=True)
    assert too_big["errors"][0].extensions["code"] == "BAD_USER_INPUT"
    bad_cursor = await gql(LIST, {"f": 1, "a": "garbage!"}, expect_errors=True)
    assert bad_cursor["errors"][0].extensions["code"] == "BAD_USER_INPUT"


async def test_contact_by_number_and_node(gql, company):
    adatum = await company("Adatum")
    by_no = await gql("query($no: String!) { contact(no: $no) { id name } }", {"no": adatum["no"].lower()})
    assert by_no["contact"] == {"id": adatum["id"], "name": "Adatum"}
    assert (await gql('{ contact(no: "CT999999") { id } }'))["contact"] is None
    node = await gql("query($id: ID!) { node(id: $id) { ... on Contact { no type } } }", {"id": adatum["id"]})
    assert node["node"] == {"no": adatum["no"], "type": "COMPANY"}


async def test_types_are_stored_as_given(create):
    await create(type="PERSON", name="Ann")
    assert (await Contact.get(name="Ann")).type == ContactType.PERSON
