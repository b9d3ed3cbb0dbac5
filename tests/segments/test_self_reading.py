"""A DYNAMIC segment may not read its own lines through the SEGMENT source, directly or through a chain."""

from __future__ import annotations

KIND = "mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { userErrors { code field } } }"


def _reads(no: str) -> dict:
    return {"segment": {"segmentNo": {"eq": no}}}


async def test_dynamic_segment_reading_itself_is_invalid_and_records_nothing(world, seg, gql):
    s = await seg.create(kind="DYNAMIC")
    res = await seg.add(s["id"], _reads(s["no"].lower()))
    assert res["userErrors"] == [{"code": "INVALID", "message": res["userErrors"][0]["message"],
                                  "field": ["input", "criteria", "segment", "segmentNo"]}]
    assert res["segment"] is None
    again = await seg.reduce(s["id"], {"segment": {"segmentNo": {"expr": "SEG*"}}})
    assert again["userErrors"][0]["code"] == "INVALID"
    assert (await gql(f'{{ segment(no: "{s["no"]}") {{ noOfCriteriaActions }} }}'))["segment"] == {
        "noOfCriteriaActions": 0}


async def test_dynamic_segment_reading_itself_through_a_chain_is_invalid(world, seg, gql):
    first = await seg.create(kind="DYNAMIC")
    second = await seg.create()
    third = await seg.create()
    assert (await seg.add(second["id"], _reads(first["no"])))["userErrors"] == []
    assert (await seg.add(third["id"], _reads(second["no"])))["userErrors"] == []
    res = await seg.add(first["id"], _reads(third["no"]))
    assert res["userErrors"][0]["code"] == "INVALID"
    # A STATIC segment may read itself: its lines change only by its own actions.
    assert (await seg.add(second["id"], _reads(second["no"])))["userErrors"] == []


async def test_making_a_self_reading_segment_dynamic_is_invalid(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], {"contact": {"city": {"eq": "GENT"}}})
    assert (await seg.add(s["id"], _reads(s["no"]), allowExistingContacts=True))["userErrors"] == []
    res = await gql(KIND, {"i": {"id": s["id"], "kind": "DYNAMIC"}})
    assert res["segmentUpdate"]["userErrors"] == [{"code": "INVALID", "field": ["input", "kind"]}]
    kind = await gql(f'{{ segment(no: "{s["no"]}") {{ kind }} }}')
    assert kind["segment"]["kind"] == "STATIC"
