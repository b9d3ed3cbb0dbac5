"""Interaction lists: keyset pages over entries and logged segments, nested entry pages batched across parents."""

from __future__ import annotations

NESTED = """query($n: Int, $f: Int, $a: String) { loggedSegments(first: $n) { nodes { segmentNo
  interactions(first: $f, after: $a) { totalCount
    nodes { entryNo contact { no } template { code } salesperson { code } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } } } }"""


async def test_entries_page_in_entry_order(gql, setup, make_entry):
    ids = [(await make_entry(setup["template"])).id for _ in range(5)]
    q = """query($a: String) { interactionLogEntries(first: 2, after: $a) { totalCount nodes { entryNo }
      pageInfo { hasNextPage endCursor } } }"""
    seen, cursor = [], None
    while True:
        page = (await gql(q, {"a": cursor}))["interactionLogEntries"]
        assert page["totalCount"] == 5
        seen += [n["entryNo"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    assert seen == ids


async def test_logged_segments_page(gql, make_logged_segment):
    made = [await make_logged_segment() for _ in range(3)]
    page = (await gql("{ loggedSegments(first: 2) { nodes { segmentNo } pageInfo { hasNextPage } } }"))
    assert [n["segmentNo"] for n in page["loggedSegments"]["nodes"]] == [s.segment_no for s in made[:2]]
    assert page["loggedSegments"]["pageInfo"]["hasNextPage"] is True
    one = await gql("query($no: String!) { loggedSegment(segmentNo: $no) { entryNo } }", {"no": made[2].segment_no})
    assert one["loggedSegment"] == {"entryNo": made[2].id}


async def test_nested_interactions_page_per_logged_segment(gql, setup, make_logged_segment, make_entry, make_contact):
    contact = await make_contact(no="ACME")
    segments = [await make_logged_segment() for _ in range(3)]
    for i, segment in enumerate(segments):
        for _ in range(i + 1):
            await make_entry(setup["template"], logged_segment_id=segment.id, contact_id=contact.id,
                             salesperson_id=setup["salesperson"].id)
    data = await gql(NESTED, {"n": 10, "f": 2})
    pages = {n["segmentNo"]: n["interactions"] for n in data["loggedSegments"]["nodes"]}
    assert [p["totalCount"] for p in pages.values()] == [1, 2, 3]
    assert [len(p["nodes"]) for p in pages.values()] == [1, 2, 2]
    assert [p["pageInfo"]["hasNextPage"] for p in pages.values()] == [False, False, True]
    last = pages[segments[2].segment_no]
    assert last["nodes"][0]["contact"] == {"no": "ACME"} and last["nodes"][0]["template"] == {"code": "ABSTRACT"}
    rest = await gql(NESTED, {"n": 10, "f": 2, "a": last["pageInfo"]["endCursor"]})
    tail = rest["loggedSegments"]["nodes"][2]["interactions"]
    assert len(tail["nodes"]) == 1 and tail["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True,
                                                            "endCursor": tail["pageInfo"]["endCursor"]}
    assert tail["nodes"][0]["entryNo"] > last["nodes"][-1]["entryNo"]


async def test_nested_pages_cost_a_fixed_number_of_statements(gql, setup, make_logged_segment, make_entry,
                                                              make_contact, sql_count):
    contact = await make_contact()
    for _ in range(8):
        segment = await make_logged_segment()
        for _ in range(3):
            await make_entry(setup["template"], logged_segment_id=segment.id, contact_id=contact.id,
                             salesperson_id=setup["salesperson"].id)
    counts = []
    for size in (1, 8):
        sql_count["n"] = 0
        data = await gql(NESTED, {"n": size, "f": 2})
        assert len(data["loggedSegments"]["nodes"]) == size
        counts.append(sql_count["n"])
    assert counts[0] == counts[1]


async def test_bad_nested_page_size_is_a_user_input_error(gql, make_logged_segment):
    await make_logged_segment()
    res = await gql("{ loggedSegments { nodes { interactions(first: 500) { totalCount } } } }", expect_errors=True)
    assert res["errors"][0].extensions["code"] == "BAD_USER_INPUT"
