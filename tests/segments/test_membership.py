"""Membership history: every entry and exit with its cause, read from the lines and the archive."""

from __future__ import annotations

from tests.segments.conftest import contacts_of

GENT = {"contact": {"city": {"eq": "GENT"}}}
EVENTS = (
    "query($no: String!, $after: String) { segment(no: $no) { membershipEvents(first: 3, after: $after) { "
    "nodes { kind cause contact { no } } pageInfo { hasNextPage endCursor } } } }"
)


async def _events(gql, no):
    events, after = [], None
    while True:
        page = (await gql(EVENTS, {"no": no, "after": after}))["segment"]["membershipEvents"]
        events += [(e["kind"], e["cause"], e["contact"]["no"]) for e in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return events
        after = page["pageInfo"]["endCursor"]


async def test_membership_answers_every_entry_and_exit_in_order(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])
    await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("I2"))
    await seg.go_back(s["id"])
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert events[3:] == [
        ("REMOVED", "action 2", "A1"),
        ("ADDED", "go back: action 2", "A1"),
        ("ADDED", "manual: action 2", "I2"),
        ("REMOVED", "go back: action 2", "I2"),
    ]
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "CA", "I1"]


async def test_go_back_of_an_add_keeps_who_entered_and_left(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])  # A1 enters again, by the go back, keeping the Add's tag
    undo = await seg.go_back(s["id"])
    assert (undo["linesRemoved"], undo["userErrors"]) == (3, [])
    assert await seg.lines(s["no"]) == []
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert events[3:5] == [("REMOVED", "action 2", "A1"), ("ADDED", "go back: action 2", "A1")]
    assert sorted(events[5:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "CA", "I1")]
