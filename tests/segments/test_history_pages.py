"""The membership history and the members at a moment read page by page from their indexes (history_page), and
totalCount from the segment's tally (history_count), against the history's definition (membership_source,
stints_source): the same events in the same order, page after page, whatever the size of the contact rows, with
answered elements, deleted contacts and cursors inside a row."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from segmentum.models.sql import Params, fetch_all, fetch_value
from segmentum.models.worksheet import store
from segmentum.models.worksheet.membership import as_datetime, membership_source
from segmentum.models.worksheet.stints import members_at, stints_source

GENT = {"contact": {"city": {"eq": "GENT"}}}
BRUGGE = {"contact": {"city": {"eq": "BRUGGE"}}}
EVENTS = ("query($no: String!, $first: Int!, $after: String) { segment(no: $no) { membershipEvents(first: $first, "
          "after: $after) { totalCount nodes { kind at cause contact { no } } "
          "pageInfo { hasNextPage endCursor } } } }")
MEMBERS = ("query($no: String!, $at: DateTime!, $first: Int!, $after: String) { segment(no: $no) { members(asOf: "
           "$at, first: $first, after: $after) { totalCount nodes { contact { no } leftAt entry { at cause } } "
           "pageInfo { hasNextPage endCursor } } } }")
DELETE = "mutation($input: DeleteInput!) { contactDelete(input: $input) { userErrors { code message } } }"


async def _segment_id(no: str) -> int:
    p = Params()
    return int(await fetch_value(f"SELECT id FROM segment WHERE no = {p.add(no)}", p))


async def _numbers() -> dict[int, str]:
    return {int(r["id"]): str(r["no"]) for r in await fetch_all("SELECT id, no FROM contact")}


def _moment(value: Any) -> datetime:
    return as_datetime(value).astimezone(UTC)


async def _defined_events(segment_id: int) -> list[tuple]:
    """The history as membership_source defines it, in its order."""
    p = Params()
    rows = await fetch_all(f"SELECT t.* FROM {membership_source(p.dialect)} t WHERE t.segment_id = "
                           f"{p.add(segment_id)} ORDER BY t.at, t.id", p)
    nos = await _numbers()
    return [(r["kind"], _moment(r["at"]), r["cause"], nos[int(r["contact_id"])]) for r in rows]


async def _defined_members(segment_id: int, at: datetime) -> list[tuple]:
    p = Params()
    rows = await fetch_all(f"SELECT t.* FROM {stints_source(p.dialect)} t WHERE t.segment_id = {p.add(segment_id)} "
                           f"AND {members_at(at, p)} ORDER BY t.at, t.id", p)
    nos = await _numbers()
    return [(nos[int(r["contact_id"])], _moment(r["at"]), r["cause"]) for r in rows]


async def _paged(gql, query: str, field: str, size: int, **variables: Any) -> tuple[list[dict], int]:
    nodes, after, total = [], None, None
    while True:
        page = (await gql(query, {**variables, "first": size, "after": after}))["segment"][field]
        total = page["totalCount"] if total is None else total
        assert page["totalCount"] == total
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, total
        after = page["pageInfo"]["endCursor"]


async def _paged_events(gql, no: str, size: int) -> tuple[list[tuple], int]:
    nodes, total = await _paged(gql, EVENTS, "membershipEvents", size, no=no)
    return [(n["kind"], _moment(n["at"]), n["cause"], n["contact"]["no"]) for n in nodes], total


async def _paged_members(gql, no: str, at: datetime, size: int) -> list[tuple]:
    nodes, total = await _paged(gql, MEMBERS, "members", size, no=no, at=at.isoformat())
    assert total == len(nodes)
    return [(n["contact"]["no"], _moment(n["entry"]["at"]), n["entry"]["cause"]) for n in nodes]


async def _as_defined(gql, no: str, moments: list[datetime]) -> list[tuple]:
    """Every page size reads the defined history, and its totalCount is the number of its events; so do the
    members at every moment."""
    segment_id = await _segment_id(no)
    defined = await _defined_events(segment_id)
    for size in (1, 2, 3, 100):
        events, total = await _paged_events(gql, no, size)
        assert events == defined, size
        assert total == len(defined), size
    for at in moments:
        members = await _defined_members(segment_id, at)
        for size in (1, 2, 100):
            assert await _paged_members(gql, no, at, size) == members, (at, size)
    return defined


@pytest.mark.parametrize("chunk", [1, 2, 1000])
async def test_pages_and_counts_are_the_defined_history(world, seg, gql, monkeypatch, chunk):
    """Contact rows of one element, of two (an entry spread over rows, a cursor inside one) and of all: Add,
    Reduce of one contact (its element answered by its archived line), Go Back of both, the Add again, another
    Add and a Reduce; members at every moment."""
    monkeypatch.setattr(store, "CHUNK", chunk)
    s = await seg.create()
    moments = [datetime.now(UTC)]
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "CA"}}})
    moments.append(datetime.now(UTC))
    await seg.go_back(s["id"])
    await seg.go_back(s["id"])
    moments.append(datetime.now(UTC))
    await seg.add(s["id"], GENT)
    await seg.add(s["id"], BRUGGE)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "I1"}}})
    moments.append(datetime.now(UTC))
    defined = await _as_defined(gql, s["no"], moments)
    # Each of the 3 GENT contacts entered and left with the first Add, CA also left by the Reduce and entered by
    # its Go Back; entered again with the second Add (3), BRUGGE's 3 with the third (A2, CB, B2); I1 left.
    assert len(defined) == 6 + 2 + 3 + 3 + 1


async def test_a_deleted_contact_takes_its_events_out_of_pages_and_counts(world, seg, gql, monkeypatch):
    monkeypatch.setattr(store, "CHUNK", 1)
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "I1"}}})
    await seg.go_back(s["id"])
    await seg.go_back(s["id"])
    await seg.add(s["id"], BRUGGE)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "B2"}}})
    before = await _as_defined(gql, s["no"], [datetime.now(UTC)])
    for no in ("I1", "B2"):
        deleted = await gql(DELETE, {"input": {"id": world.gid(no)}})
        assert deleted["contactDelete"]["userErrors"] == []
    after = await _as_defined(gql, s["no"], [datetime.now(UTC)])
    # I1: entered and left with the Add, left by the Reduce, entered by its Go Back; B2: entered and left.
    assert len(before) - len(after) == 4 + 2
    assert {e[3] for e in after}.isdisjoint({"I1", "B2"})


async def test_the_tally_counts_what_the_left_rows_give(world, seg, gql, monkeypatch):
    """The tally Go Back of an Add writes is the number of events its left rows give, by their definition."""
    monkeypatch.setattr(store, "CHUNK", 2)
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])
    await seg.add(s["id"], BRUGGE)
    await seg.go_back(s["id"])
    await seg.go_back(s["id"])
    segment_id = await _segment_id(s["no"])
    p = Params()
    tally = await fetch_value(f"SELECT array_events FROM segment_history_tally WHERE segment_id = {p.add(segment_id)}",
                              p)
    # GENT's 3 and BRUGGE's 3 contacts: an entry and an exit each from the rows; A1's stint from the first Add is
    # its archived line's, the one from the Go Back of its Reduce the rows'.
    assert tally == 2 * 6
    p = Params()
    left = await fetch_all(f"SELECT contact_ids FROM segment_line_archive WHERE segment_id = {p.add(segment_id)} "
                           "AND kind = 'CONTACTS'", p)
    sizes = [len(r["contact_ids"] if isinstance(r["contact_ids"], list) else json.loads(r["contact_ids"]))
             for r in left]
    # GENT's 3 and BRUGGE's 3 in rows of two line ids at most, and A1 restored by a Go Back.
    assert sum(sizes) == 7 and max(sizes) == 2 and len(sizes) >= 5


async def test_an_element_is_answered_only_by_a_row_of_its_entry(world, seg, gql):
    """An archived line of the same tag, contact and cause but another entry does not answer an element: both
    stints are in the history."""
    s = await seg.create()
    segment_id = await _segment_id(s["no"])
    t0, t1, t2 = (datetime(2026, 3, day, 9, 0, tzinfo=UTC) for day in (1, 2, 3))
    p = Params()
    a1 = p.add(world.ids["A1"])
    line = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
            "campaign_response, evaluation, attempt_failed")
    await fetch_all(
        f"INSERT INTO segment_line_archive (segment_id, kind, action_id, line_no, contact_id, entered_at, "
        f"entered_cause, left_at, left_cause, {line}) VALUES ({p.add(segment_id)}, 'LINE', 7, 10000, {a1}, "
        f"{p.add(t0)}, 'action 1', {p.add(t1)}, 'action 2', 0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', "
        "FALSE)", p)
    p = Params()
    await fetch_all(
        "INSERT INTO segment_line_archive (segment_id, kind, action_id, contact_ids, entered_at, entered_cause, "
        f"left_at, left_cause) VALUES ({p.add(segment_id)}, 'CONTACTS', 7, {p.add(json.dumps([world.ids['A1']]))}, "
        f"{p.add(t1)}, 'action 1', {p.add(t2)}, 'go back: action 1')", p)
    p = Params()
    await fetch_all(f"INSERT INTO segment_history_tally (segment_id, array_events) VALUES ({p.add(segment_id)}, 2)", p)
    defined = await _as_defined(gql, s["no"], [t1])
    # At t1 the array's entry comes before the line's exit: element ids are negative.
    assert [(e[0], e[2]) for e in defined] == [("ADDED", "action 1"), ("ADDED", "action 1"),
                                               ("REMOVED", "action 2"), ("REMOVED", "go back: action 1")]


async def test_a_line_from_before_entries_adds_its_exit_alone_to_the_tally(world, seg, gql, monkeypatch):
    """A line without an entry (from before 0004) gives an exit and no entry when its Add is undone."""
    monkeypatch.setattr(store, "CHUNK", 1)
    s = await seg.create()
    await seg.add(s["id"], GENT)
    segment_id = await _segment_id(s["no"])
    for table, which in (("segment_line", "contact_id"), ("segment_line_archive", "contact_ids")):
        p = Params()
        value = p.add(world.ids["A1"] if table == "segment_line" else json.dumps([world.ids["A1"]]))
        column = which if table == "segment_line" else f"CAST({which} AS TEXT)"
        await fetch_all(f"UPDATE {table} SET entered_at = NULL, entered_cause = NULL WHERE segment_id = "
                        f"{p.add(segment_id)} AND {column} = {value}", p)
    await seg.go_back(s["id"])
    defined = await _as_defined(gql, s["no"], [])
    assert sorted((e[0], e[3]) for e in defined) == [("ADDED", "CA"), ("ADDED", "I1"), ("REMOVED", "A1"),
                                                     ("REMOVED", "CA"), ("REMOVED", "I1")]
