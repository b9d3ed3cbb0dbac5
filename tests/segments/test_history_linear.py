"""The membership history after lines left an Add's tag: one pass over the history however many of the Add's
lines left before its Go Back (linear, never a search of the archive per contact of the Add), and exact when
re-evaluation moves lines out of the last Add's tag and back."""

from __future__ import annotations

import json

import pytest

from segmentum.models.sql import Params, execute, fetch_all, fetch_value
from segmentum.models.worksheet.membership import membership_source
from tests.conftest import test_db_kind as db_kind
from tests.segments.conftest import contacts_of
from tests.segments.test_membership import _events
from tests.segments.test_pending_history import _moved
from tests.segments.test_reevaluate import move, reevaluate

SIZE = 4_000


def _rows_touched(plan: dict) -> float:
    """Rows each node of an EXPLAIN ANALYZE plan produced or filtered away, times its loops, summed: the work."""
    loops = plan.get("Actual Loops", 1)
    own = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
           + plan.get("Rows Removed by Join Filter", 0)) * loops
    return own + sum(_rows_touched(child) for child in plan.get("Plans", []))


@pytest.mark.skipif(db_kind() != "postgres", reason="the plan's work is read from PostgreSQL's EXPLAIN")
async def test_the_history_of_an_add_reduced_and_undone_is_read_in_one_pass(seg, gql):
    """Issue case: Add, Reduce of half of it, Go Back, Go Back. Each of the Add's contacts used to search the
    Reduce's archived lines (n * n / 2 rows); now the history's work is a small multiple of its size."""
    await execute(
        "INSERT INTO contact (no, type, name, city, correspondence_type, exclude_from_segment, privacy_blocked, "
        "created_at, updated_at) SELECT 'H' || LPAD(g::text, 5, '0'), 'PERSON', 'H ' || g, "
        f"CASE WHEN g % 2 = 0 THEN 'EVEN' ELSE 'ODD' END, 'NONE', FALSE, FALSE, now(), now() "
        f"FROM generate_series(1, {SIZE}) g"
    )
    s = await seg.create()
    assert (await seg.add(s["id"], {"contact": {"city": {"expr": "EVEN|ODD"}}}))["linesAdded"] == SIZE
    assert (await seg.reduce(s["id"], {"contact": {"city": {"eq": "ODD"}}}))["linesRemoved"] == SIZE // 2
    await seg.go_back(s["id"])
    assert (await seg.go_back(s["id"]))["linesRemoved"] == SIZE
    await execute("ANALYZE")
    p = Params()
    segment_id = await fetch_value(f"SELECT id FROM segment WHERE no = {p.add(s['no'])}", p)
    p = Params()
    count = f"SELECT COUNT(*) AS n FROM {membership_source(p.dialect)} t WHERE t.segment_id = {p.add(segment_id)}"
    events = int((await fetch_all(count, p))[0]["n"])
    # Entered and left with the Add; the reduced half also left with the Reduce and entered with its Go Back.
    assert events == 2 * SIZE + SIZE
    plan = (await fetch_all(f"EXPLAIN (ANALYZE, FORMAT JSON) {count}", p))[0]
    plan = plan[next(iter(plan))]
    work = _rows_touched((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])
    assert work < 20 * events, work


async def test_lines_moved_out_of_the_last_add_together_and_one_brought_back(world, seg, gql, in_process):
    """Two lines move out of the last Add's tag together (they are added by the first Add now), a later
    re-evaluation brings only one back: the other's move record stays, and after Go Back of the last Add the
    history shows no exit for the line still there."""
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], {"contact": {"city": {"eq": "GENT"}}})
    await seg.add(s["id"], {"contact": {"city": {"eq": "BRUGGE"}}})
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "A2", "B2", "CA", "CB", "I1"]
    await move("A2", "GENT")
    await move("B2", "GENT")
    await reevaluate(gql, s["id"])
    assert await _moved(s["no"], nos) == [(2, "action 2", "A2"), (2, "action 2", "B2")]
    await move("A2", "BRUGGE")
    await reevaluate(gql, s["id"])
    assert await _moved(s["no"], nos) == [(2, "action 2", "B2")]
    undo = await seg.go_back(s["id"])
    assert (undo["userErrors"], undo["linesRemoved"]) == ([], 2)
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "B2", "CA", "I1"]
    events = await _events(gql, s["no"])
    exits = sorted(no for kind, _, no in events if kind == "REMOVED")
    assert exits == ["A2", "CB"]
    assert sorted(no for kind, _, no in events if kind == "ADDED") == ["A1", "A2", "B2", "CA", "CB", "I1"]
