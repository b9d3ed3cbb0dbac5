"""Line numbers are 64-bit (steps of 10,000, as BC): a segment's numbering crosses 2^31 with every action and
paging intact, the API answers them exactly (LineNo), and the limit at 2^53 - 1 refuses an action before it
writes anything."""

from __future__ import annotations

import pytest

from segmentum.models.segments import SegmentCriteriaAction, SegmentLine, SegmentLineArchive
from segmentum.models.sql import Params, execute
from segmentum.resolvers.ids import encode_id
from tests.segments.conftest import contacts_of
from tests.segments.test_membership import _events

GENT = {"contact": {"city": {"eq": "GENT"}}}
BELOW_2_31 = 2**31 - 20_000
MAX_SAFE = 2**53 - 1
PAGE = ("query($no: String!, $after: String, $first: Int, $last: Int) { segment(no: $no) { "
        "lines(first: $first, last: $last, after: $after) { nodes { lineNo contact { no } } "
        "pageInfo { hasNextPage endCursor } } } }")


async def _starting_at(seg, line_no: int) -> dict:
    """A segment whose one line (I2) is numbered `line_no`: the next lines are numbered past it."""
    s = await seg.create()
    assert (await seg.add(s["id"], {"contact": {"no": {"eq": "I2"}}}))["linesAdded"] == 1
    p = Params()
    await execute(f"UPDATE segment_line SET line_no = {p.add(line_no)}", p)
    return s


@pytest.fixture
async def below_2_31(world, seg) -> dict:
    """A segment whose line numbers start just below 2^31."""
    return await _starting_at(seg, BELOW_2_31)


async def test_numbering_crosses_2_31_with_add_reduce_go_back_and_paging(world, seg, gql, below_2_31):
    s = below_2_31
    added = await seg.add(s["id"], GENT)
    assert (added["userErrors"], added["linesAdded"]) == ([], 3)
    lines = await seg.lines(s["no"])
    assert [n for n, _ in lines] == [BELOW_2_31 + 10_000 * i for i in range(4)]
    assert lines[2][0] == 2**31 - 10_000 + 10_000 > 2**31 - 1  # past a 32-bit integer, exact in JSON
    # Reduce archives a line past 2^31 with its number; Go Back restores it under that number.
    past = lines[3]
    assert (await seg.reduce(s["id"], {"contact": {"no": {"eq": past[1]}}}))["linesRemoved"] == 1
    kept = await SegmentLineArchive.get(undo_action_id__not_isnull=True)
    assert kept.line_no == past[0]
    assert (await seg.go_back(s["id"]))["linesAdded"] == 1
    assert await seg.lines(s["no"]) == lines
    # Paging by line number across the boundary: two pages of two, then the last line alone.
    first = (await gql(PAGE, {"no": s["no"], "first": 2}))["segment"]["lines"]
    second = (await gql(PAGE, {"no": s["no"], "first": 2, "after": first["pageInfo"]["endCursor"]}))
    assert [n["lineNo"] for n in first["nodes"]] == [n for n, _ in lines[:2]]
    assert [n["lineNo"] for n in second["segment"]["lines"]["nodes"]] == [n for n, _ in lines[2:]]
    # A cursor at a line number past 2^31 (the third line's, 2^31 itself) pages on from there.
    three = (await gql(PAGE, {"no": s["no"], "first": 3}))["segment"]["lines"]
    rest = (await gql(PAGE, {"no": s["no"], "first": 2, "after": three["pageInfo"]["endCursor"]}))
    assert [n["lineNo"] for n in rest["segment"]["lines"]["nodes"]] == [lines[3][0]]
    last = (await gql(PAGE, {"no": s["no"], "last": 1}))["segment"]["lines"]["nodes"]
    assert last[0]["lineNo"] == lines[-1][0]
    # A later Add numbers after the last line; Go Back of it deletes exactly its lines.
    more = await seg.add(s["id"], {"contact": {"no": {"eq": "B2"}}})
    assert (await seg.lines(s["no"]))[-1] == (lines[-1][0] + 10_000, "B2") and more["linesAdded"] == 1
    assert (await seg.go_back(s["id"]))["linesRemoved"] == 1
    assert await seg.lines(s["no"]) == lines
    events = await _events(gql, s["no"])
    assert sorted(e for e in events if e[1] == "action 2") == [("ADDED", "action 2", no) for no in ("A1", "CA", "I1")]


async def test_a_changed_contact_keeps_its_line_number_past_2_31(world, seg, gql, below_2_31):
    s = below_2_31
    await seg.add(s["id"], {"contact": {"no": {"eq": "A1"}}})
    line = await SegmentLine.get(contact_id=world.ids["A1"])
    assert line.line_no == BELOW_2_31 + 10_000
    await execute(f"UPDATE segment_line SET line_no = {2**31 + 5} WHERE id = {line.id}")
    res = await gql("mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { line { lineNo "
                    "contact { no } } userErrors { code } } }",
                    {"i": {"id": encode_id("SegmentLine", line.id), "contactId": world.gid("B2")}})
    assert res["segmentLineUpdate"] == {"line": {"lineNo": 2**31 + 5, "contact": {"no": "B2"}}, "userErrors": []}


async def test_line_numbers_up_to_2_53_are_answered_exactly(world, seg, gql):
    s = await _starting_at(seg, MAX_SAFE)
    assert await seg.lines(s["no"]) == [(MAX_SAFE, "I2")]


async def test_an_add_that_could_pass_the_last_line_number_is_refused_before_the_work(world, seg, gql):
    s = await _starting_at(seg, MAX_SAFE - 20_000)
    archive = await SegmentLineArchive.all().count()
    # Refused though it would add only I1 and two lines fit: an action is bounded before it runs (by the
    # contacts there are), never after its work.
    res = await seg.add(s["id"], {"contact": {"no": {"eq": "I1"}}})
    assert [e["code"] for e in res["userErrors"]] == ["INVALID"]
    assert "9,007,199,254,740,991" in res["userErrors"][0]["message"]
    assert await seg.lines(s["no"]) == [(MAX_SAFE - 20_000, "I2")]
    assert await SegmentCriteriaAction.all().count() == 1 and await SegmentLineArchive.all().count() == archive


async def test_a_manual_line_is_refused_only_when_it_cannot_fit(world, seg, gql):
    s = await _starting_at(seg, MAX_SAFE - 10_000)
    ok = await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("I1"))
    assert ok["userErrors"] == [] and contacts_of(await seg.lines(s["no"])) == ["I2", "I1"]
    res = await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("A1"))
    assert [e["code"] for e in res["userErrors"]] == ["INVALID"]
    assert await SegmentCriteriaAction.all().count() == 2
