"""segmentReevaluate (SPEC §2.4): replay every action on current data, keep stayers' lines, history and Go Back."""

from __future__ import annotations

import asyncio
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.segments import Segment, SegmentLine
from segmentum.workers import queue
from tests.segments.conftest import contacts_of
from tests.workers.reevaluation_events import archive_state, reevaluation_events

GENT = {"contact": {"city": {"eq": "GENT"}}}
BRUGGE = {"contact": {"city": {"eq": "BRUGGE"}}}
EVALUATION = "lastEvaluation { linesAdded linesRemoved startedAt finishedAt job { status progress attempts kind } }"


async def reevaluate(gql: Any, segment_id: str) -> dict[str, Any]:
    res = await gql(
        "mutation($i: SegmentRefInput!) { segmentReevaluate(input: $i) { job { id status kind } "
        "userErrors { code field } } }",
        {"i": {"segmentId": segment_id}},
    )
    payload = res["segmentReevaluate"]
    assert payload["userErrors"] == [], payload
    async with asyncio.timeout(30):
        await queue.drain()
    return payload["job"]


async def move(no: str, city: str) -> None:
    await Contact.filter(no=no).update(city=city)


async def evaluation(gql: Any, no: str) -> dict[str, Any]:
    res = await gql(f"query($no: String!) {{ segment(no: $no) {{ {EVALUATION} }} }}", {"no": no})
    return res["segment"]["lastEvaluation"]


async def test_stayers_keep_their_edits_leavers_go_newcomers_come(world, seg, gql, in_process):
    s = await seg.create(description="Mailing")
    await seg.add(s["id"], GENT)
    lines = await gql(
        "query($no: String!) { segment(no: $no) { lines(first: 10) { nodes { id contact { no } } } } }",
        {"no": s["no"]},
    )
    a1 = next(n["id"] for n in lines["segment"]["lines"]["nodes"] if n["contact"]["no"] == "A1")
    await gql("mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { code } } }",
              {"i": {"id": a1, "description": "Personal", "costLcy": "7.50"}})
    before = dict((no, ln) for ln, no in await seg.lines(s["no"]))
    await move("I1", "LEUVEN")
    await move("A2", "GENT")

    job = await reevaluate(gql, s["id"])
    assert job["kind"] == "SEGMENT_REEVALUATE"
    after = await seg.lines(s["no"])
    assert sorted(contacts_of(after)) == ["A1", "A2", "CA"]
    # Stayers keep their line numbers and edits; the newcomer comes after every line.
    assert {no: ln for ln, no in after if no in ("A1", "CA")} == {"A1": before["A1"], "CA": before["CA"]}
    assert dict((no, ln) for ln, no in after)["A2"] > max(before.values())
    line = await gql(
        "query($no: String!) { segment(no: $no) { lines(first: 10) { nodes { contact { no } description costLcy } } "
        "} }",
        {"no": s["no"]},
    )
    a1_line = next(n for n in line["segment"]["lines"]["nodes"] if n["contact"]["no"] == "A1")
    assert (a1_line["description"], a1_line["costLcy"]) == ("Personal", "7.50")

    nos = {c.id: c.no for c in await Contact.all()}
    assert sorted((nos[c], k) for c, k in await reevaluation_events() if c) == [("A2", "ADDED"), ("I1", "REMOVED")]
    ev = await evaluation(gql, s["no"])
    assert (ev["linesAdded"], ev["linesRemoved"]) == (1, 1)
    assert ev["startedAt"] and ev["finishedAt"]
    assert ev["job"] == {"status": "SUCCEEDED", "progress": 1.0, "attempts": 1, "kind": "SEGMENT_REEVALUATE"}


async def test_a_second_run_on_unchanged_data_changes_nothing(world, seg, gql, in_process):
    s = await seg.create()
    await seg.add(s["id"], GENT, expandCompanies=True)
    await seg.reduce(s["id"], BRUGGE)
    await move("I2", "GENT")
    await reevaluate(gql, s["id"])
    lines = await seg.lines(s["no"])
    events = await reevaluation_events()
    pk = (await Segment.get(no=s["no"])).id
    history = await archive_state(pk)

    await reevaluate(gql, s["id"])
    assert await seg.lines(s["no"]) == lines
    assert await reevaluation_events() == events
    assert await archive_state(pk) == history
    ev = await evaluation(gql, s["no"])
    assert (ev["linesAdded"], ev["linesRemoved"]) == (0, 0)


async def test_go_back_undoes_the_last_add_as_it_was_replayed(world, seg, gql, in_process):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.add(s["id"], BRUGGE)
    await move("I2", "BRUGGE")  # found by the last action now
    await reevaluate(gql, s["id"])
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "A2", "B2", "CA", "CB", "I1", "I2"]
    undo = await seg.go_back(s["id"])
    assert undo["userErrors"] == [] and undo["linesRemoved"] == 4
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "CA", "I1"]


async def test_go_back_undoes_the_last_reduce_as_it_was_replayed(world, seg, gql, in_process):
    s = await seg.create()
    await seg.add(s["id"], GENT, expandCompanies=True)   # CA A1 A2 (Alpha), CB B2 (Beta), I1
    await seg.reduce(s["id"], {"contact": {"name": {"expr": "*Indep|Dirk*"}}})   # removes I1 and B2
    kept_before = await seg.lines(s["no"])
    await move("I2", "GENT")      # action 1 adds I2 now, action 2 removes it again
    await move("A2", "LEUVEN")    # still added through its company; a stayer
    await Contact.filter(no="A1").update(name="Anna Indep")   # the reduce removes A1 now: it leaves
    await reevaluate(gql, s["id"])
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A2", "CA", "CB"]
    undo = await seg.go_back(s["id"])
    assert undo["userErrors"] == [] and undo["linesAdded"] == 4
    restored = await seg.lines(s["no"])
    assert sorted(contacts_of(restored)) == ["A1", "A2", "B2", "CA", "CB", "I1", "I2"]
    # Lines come back with their numbers (I2's is new, after every number in use); nothing collides.
    assert set(kept_before) <= set(restored)
    assert len({ln for ln, _ in restored}) == len(restored)


async def test_privacy_blocked_and_excluded_contacts_leave(world, seg, gql, in_process):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await Contact.filter(no="A1").update(privacy_blocked=True)
    await Contact.filter(no="I1").update(exclude_from_segment=True)
    await reevaluate(gql, s["id"])
    assert contacts_of(await seg.lines(s["no"])) == ["CA"]


async def test_manual_lines_replay_as_the_add_they_are_recorded_as(world, seg, gql, in_process):
    """A manual add is recorded as an Add with every option off (BC §3.1): its replay skips contacts marked
    Exclude from Segment and contacts already on a line, as Reuse Criteria does; the manual add itself does not."""
    s = await seg.create()
    add = "mutation($i: SegmentLineAddInput!) { segmentLineAdd(input: $i) { userErrors { code } } }"
    for no in ("B1", "I1", "I1", "I2"):  # B1 excluded, I1 twice
        res = await gql(add, {"i": {"segmentId": s["id"], "contactId": world.gid(no)}})
        assert res["segmentLineAdd"]["userErrors"] == []
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["B1", "I1", "I1", "I2"]
    await reevaluate(gql, s["id"])
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["I1", "I2"]


async def test_reevaluating_an_unknown_segment_is_a_user_error(world, gql, in_process):
    res = await gql("mutation { segmentReevaluate(input: {segmentId: \"U2VnbWVudDo5OTk=\"}) "
                    "{ job { id } userErrors { code field } } }")
    assert res["segmentReevaluate"] == {
        "job": None, "userErrors": [{"code": "NOT_FOUND", "field": ["input", "segmentId"]}]}


async def test_newcomers_take_no_line_number_an_earlier_reduce_may_restore(world, seg, gql, in_process):
    """The line numbers Go Back of any recorded Reduce may bring back stay free, not only the last action's."""
    s = await seg.create()
    await seg.add(s["id"], GENT)   # A1, CA, I1
    highest, no = max(await seg.lines(s["no"]))
    await seg.reduce(s["id"], {"contact": {"no": {"eq": no}}})   # archives the highest line number
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "I2"}}})   # the last action removes nobody
    await move("A2", "GENT")   # action 1 adds A2 now: a newcomer without the last action's tag
    await reevaluate(gql, s["id"])
    assert dict((c, ln) for ln, c in await seg.lines(s["no"]))["A2"] > highest
    for _ in range(2):
        assert (await seg.go_back(s["id"]))["userErrors"] == []
    lines = await seg.lines(s["no"])
    assert (highest, no) in lines and len({ln for ln, _ in lines}) == len(lines)
    assert sorted(contacts_of(lines)) == ["A1", "A2", "CA", "I1"]


async def test_an_add_allowing_existing_contacts_keeps_its_tag_on_one_line_per_contact(world, seg, gql, in_process):
    """Every GENT contact twice, the second line tagged with the second Add: re-evaluating unchanged data moves no
    line between tags (nor writes their moves), so Go Back of the second Add still takes one line per contact."""
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.add(s["id"], GENT, allowExistingContacts=True)
    lines = await seg.lines(s["no"])
    assert sorted(contacts_of(lines)) == ["A1", "A1", "CA", "CA", "I1", "I1"]
    pk = (await Segment.get(no=s["no"])).id
    tags = sorted(await SegmentLine.filter(segment_id=pk).values_list("line_no", "action_id"))
    history = await archive_state(pk)
    await reevaluate(gql, s["id"])
    assert sorted(await SegmentLine.filter(segment_id=pk).values_list("line_no", "action_id")) == tags
    assert await archive_state(pk) == history
    ev = await evaluation(gql, s["no"])
    assert (ev["linesAdded"], ev["linesRemoved"]) == (0, 0)
    undo = await seg.go_back(s["id"])
    assert undo["linesRemoved"] == 3 and await seg.lines(s["no"]) == lines[:3]
