"""interactionLogEntries(filter:): the INTERACTION criteria fields, applied to each entry itself."""

from __future__ import annotations

from datetime import date

from segmentum.models.enums import Evaluation, InitiatedBy
from segmentum.models.interactions import InteractionGroup, InteractionTemplate

Q = """query($f: InteractionFilter, $a: String) { interactionLogEntries(first: 2, after: $a, filter: $f) {
  totalCount nodes { entryNo } pageInfo { hasNextPage endCursor } } }"""


async def entry_nos(gql, flt):
    seen, cursor = [], None
    while True:
        page = (await gql(Q, {"f": flt, "a": cursor}))["interactionLogEntries"]
        seen += [n["entryNo"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert page["totalCount"] == len(seen)
            return seen
        cursor = page["pageInfo"]["endCursor"]


async def test_filter_fields_hold_for_the_same_entry(gql, setup, make_entry):
    other_group = await InteractionGroup.create(code="CALL", description="Calls")
    call = await InteractionTemplate.create(code="PHONE", description="Phone", group=other_group)
    a = await make_entry(setup["template"], date=date(2026, 1, 10), evaluation=Evaluation.POSITIVE,
                         segment_no="SEG00001")
    b = await make_entry(setup["template"], date=date(2026, 2, 10), canceled=True, initiated_by=InitiatedBy.US)
    c = await make_entry(call, date=date(2026, 3, 10), evaluation=Evaluation.NEGATIVE,
                         salesperson_id=setup["salesperson"].id)
    d = await make_entry(call, date=date(2026, 3, 11), attempt_failed=True)

    assert await entry_nos(gql, None) == [a.id, b.id, c.id, d.id]
    assert await entry_nos(gql, {"templateCode": {"expr": "abs*|PHONE"}}) == [a.id, b.id, c.id, d.id]
    assert await entry_nos(gql, {"groupCode": {"eq": "call"}}) == [c.id, d.id]
    assert await entry_nos(gql, {"canceled": False, "templateCode": {"eq": "ABSTRACT"}}) == [a.id]
    assert await entry_nos(gql, {"date": {"from": "2026-02-01", "to": "2026-03-10"}}) == [b.id, c.id]
    assert await entry_nos(gql, {"evaluation": ["POSITIVE", "NEGATIVE"]}) == [a.id, c.id]
    assert await entry_nos(gql, {"segmentNo": {"isBlank": False}}) == [a.id]
    assert await entry_nos(gql, {"salespersonCode": {"eq": "sp1"}}) == [c.id]
    assert await entry_nos(gql, {"initiatedBy": "US"}) == [b.id]
    assert await entry_nos(gql, {"attemptFailed": True, "groupCode": {"eq": "LETTER"}}) == []
    assert await entry_nos(gql, {"campaignNo": {"eq": "CP9001"}, "campaignTarget": False}) == [a.id, b.id]


async def test_malformed_expression_is_a_user_input_error(gql, setup, make_entry):
    await make_entry(setup["template"])
    res = await gql(Q, {"f": {"templateCode": {"expr": "A..B..C"}}}, expect_errors=True)
    assert res["errors"] and res["errors"][0].extensions["code"] == "BAD_USER_INPUT"
    assert "A..B..C" in res["errors"][0].message
    assert res["errors"][0].extensions["fields"] == [["filter", "templateCode", "expr"]]
    res = await gql(Q, {"f": {"date": {"withinLastDays": 2_147_483_647}}}, expect_errors=True)
    assert res["errors"][0].extensions["fields"] == [["filter", "date", "withinLastDays"]]
    assert res["errors"][0].message.startswith("filter.date.withinLastDays: withinLastDays must be")
