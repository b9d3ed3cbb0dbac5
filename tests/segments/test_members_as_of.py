"""Segment.members(asOf) and SegmentLine.entry, checked against the action history: at every moment the history
names, the members are exactly the contacts its events leave in the segment, and each line says what brought it
in."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from tests.segments.test_reevaluate import move, reevaluate

GENT = {"contact": {"city": {"eq": "GENT"}}}
EVENTS = ("query($no: String!, $after: String) { segment(no: $no) { membershipEvents(first: 100, after: $after) { "
          "nodes { kind at cause contact { no } } pageInfo { hasNextPage endCursor } } } }")
MEMBERS = ("query($no: String!, $at: DateTime!, $after: String) { segment(no: $no) { members(asOf: $at, first: 2, "
           "after: $after) { nodes { contact { no } leftAt entry { kind cause position at } } "
           "pageInfo { hasNextPage endCursor } } } }")
ENTRIES = ("query($no: String!) { segment(no: $no) { lines(first: 100) { nodes { contact { no } entry { kind cause "
           "position at action { position action filters { text } } } } } } }")


async def _pages(gql, query: str, variables: dict, field: str) -> list[dict]:
    out, after = [], None
    while True:
        page = (await gql(query, {**variables, "after": after}))["segment"][field]
        out += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return out
        after = page["pageInfo"]["endCursor"]


async def _members(gql, no: str, at: str) -> Counter:
    return Counter(m["contact"]["no"] for m in await _pages(gql, MEMBERS, {"no": no, "at": at}, "members"))


async def _as_the_history_says(gql, no: str, moments: list[str]) -> list[dict]:
    """At every moment of the history (and the given ones), the members are what its events leave."""
    events = await _pages(gql, EVENTS, {"no": no}, "membershipEvents")
    for at in sorted({e["at"] for e in events} | set(moments)):
        expected: Counter = Counter()
        for e in events:
            if e["at"] <= at:
                expected[e["contact"]["no"]] += 1 if e["kind"] == "ADDED" else -1
        assert await _members(gql, no, at) == +expected, at
    return events


async def test_members_of_an_add_undone_after_its_lines_left_and_came_back(world, seg, gql):
    """The Add's contacts leave with its Go Back, except the one whose stint from the Add ended with the Reduce:
    that stint is its own (archived line), and its next one entered with the Reduce's Go Back."""
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])
    await seg.go_back(s["id"])
    moment = datetime.now(UTC).isoformat()
    events = await _as_the_history_says(gql, s["no"], [moment])
    assert len(events) == 8 and await _members(gql, s["no"], moment) == Counter()


async def test_members_at_every_moment_are_what_the_history_leaves(world, seg, gql, in_process):
    s = await seg.create()
    moments = [datetime.now(UTC).isoformat()]
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])
    moments.append(datetime.now(UTC).isoformat())
    await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("I2"))
    await move("B2", "GENT")
    await move("I1", "LEUVEN")
    await reevaluate(gql, s["id"])
    await seg.go_back(s["id"])
    await seg.add(s["id"], {"contact": {"no": {"eq": "A2"}}})
    moments.append(datetime.now(UTC).isoformat())
    events = await _as_the_history_says(gql, s["no"], moments)
    assert {e["cause"] for e in events} >= {"action 1", "action 2", "go back: action 2", "manual: action 2",
                                            "re-evaluation"}
    assert await _members(gql, s["no"], moments[0]) == Counter()
    assert await _members(gql, s["no"], moments[1]) == Counter({"A1": 1, "CA": 1, "I1": 1})
    # I1 left by the re-evaluation; its member row at moment 1 says when.
    first = await _pages(gql, MEMBERS, {"no": s["no"], "at": moments[1]}, "members")
    assert [m["leftAt"] is not None for m in first if m["contact"]["no"] == "I1"] == [True]
    now = await _members(gql, s["no"], moments[2])
    lines = await seg.lines(s["no"])
    assert now == Counter(no for _, no in lines)


async def test_each_line_says_what_brought_it_in(world, seg, gql, in_process):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])
    await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("I2"))
    await move("B2", "GENT")
    await reevaluate(gql, s["id"])
    await seg.go_back(s["id"])  # the manual action 2 is gone: its position is taken by the next action
    await seg.add(s["id"], {"contact": {"no": {"eq": "A2"}}})
    lines = (await gql(ENTRIES, {"no": s["no"]}))["segment"]["lines"]["nodes"]
    entries = {n["contact"]["no"]: n["entry"] for n in lines}
    kinds = {no: (e["kind"], e["cause"], e["position"]) for no, e in entries.items()}
    assert kinds == {
        "CA": ("ACTION", "action 1", 1), "I1": ("ACTION", "action 1", 1),
        "A1": ("GO_BACK", "go back: action 2", 2), "B2": ("REEVALUATION", "re-evaluation", None),
        "A2": ("ACTION", "action 2", 2),
    }
    assert entries["CA"]["action"]["position"] == 1 and entries["CA"]["action"]["action"] == "ADD"
    assert entries["CA"]["action"]["filters"][0]["text"] == "City: GENT"
    assert entries["A2"]["action"]["position"] == 2
    assert entries["A1"]["action"] is None and entries["B2"]["action"] is None
    # The entry's time is the line's entry in the history.
    events = await _pages(gql, EVENTS, {"no": s["no"]}, "membershipEvents")
    added = {(e["contact"]["no"], e["cause"]): e["at"] for e in events if e["kind"] == "ADDED"}
    assert all(added[(no, e["cause"])] == e["at"] for no, e in entries.items())


async def test_a_line_entered_by_an_action_since_undone_does_not_name_its_successor(world, seg, gql, in_process):
    """A line that entered with action 2 and stayed after Go Back of it (re-evaluation had moved it out of the
    tag) does not name the action recorded at position 2 later."""
    s = await seg.create()
    await seg.add(s["id"], {"contact": {"city": {"eq": "BRUGGE"}}})
    await seg.add(s["id"], {"contact": {"no": {"eq": "I1"}}})  # action 2
    await move("I1", "BRUGGE")  # action 1 adds I1 now: its line leaves action 2's tag
    await reevaluate(gql, s["id"])
    await seg.go_back(s["id"])
    await seg.add(s["id"], {"contact": {"no": {"eq": "I2"}}})  # a new action 2
    lines = (await gql(ENTRIES, {"no": s["no"]}))["segment"]["lines"]["nodes"]
    entries = {n["contact"]["no"]: n["entry"] for n in lines}
    assert entries["I1"]["cause"] == "action 2" and entries["I1"]["action"] is None
    assert entries["I2"]["action"]["position"] == 2
