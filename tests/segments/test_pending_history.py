"""The membership history stays exact when Go Back of an Add only marks the contacts the Add kept as left
(models/worksheet/store.py): lines that left before the Go Back, re-evaluated Adds, the line number limit."""

from __future__ import annotations

from segmentum.models.enums import ArchiveKind
from segmentum.models.segments import Segment, SegmentCriteriaAction, SegmentLine, SegmentLineArchive
from segmentum.models.sql import Params, execute
from segmentum.resolvers.ids import encode_id
from tests.segments.conftest import contacts_of
from tests.segments.test_membership import _events
from tests.segments.test_reevaluate import move, reevaluate

GENT = {"contact": {"city": {"eq": "GENT"}}}


async def _pending(no: str, nos: dict[int, str]) -> list[tuple[str, list[str]]]:
    """The segment's pending rows as (entry cause, contacts in line order)."""
    seg = await Segment.get(no=no)
    rows = await SegmentLineArchive.filter(segment_id=seg.id, kind=ArchiveKind.CONTACTS, left_at__isnull=True)
    return sorted((str(r.entered_cause), [nos[c] for c in r.contact_ids or [] if c is not None]) for r in rows)


async def _moved(no: str, nos: dict[int, str]) -> list[tuple[int, str, str]]:
    """The segment's `moved` rows as (position of the tag's action, entry cause, contact)."""
    seg = await Segment.get(no=no)
    positions = {a.id: a.position for a in await SegmentCriteriaAction.filter(segment_id=seg.id)}
    rows = await SegmentLineArchive.filter(segment_id=seg.id, kind=ArchiveKind.MOVED)
    return sorted((positions[r.action_id or 0], str(r.entered_cause), nos[r.contact_id or 0]) for r in rows)


async def test_a_line_removed_by_hand_then_restored_leaves_once_with_the_add(world, seg, gql):
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], GENT)
    i1 = next(line.id for line in await SegmentLine.all() if line.contact_id == world.ids["I1"])
    removed = await seg.act("segmentLineRemove", "SegmentLineRemoveInput", id=encode_id("SegmentLine", i1))
    assert removed["userErrors"] == [] and removed["linesRemoved"] == 1
    # The Add's contacts stay as it wrote them (in line order): I1's stint from it ended on its own archive row.
    assert await _pending(s["no"], nos) == [("action 1", ["I1", "CA", "A1"])]
    assert (await seg.go_back(s["id"]))["linesAdded"] == 1
    assert await _pending(s["no"], nos) == [("action 1", ["I1", "CA", "A1"]), ("go back: action 2", ["I1"])]
    undo = await seg.go_back(s["id"])
    assert (undo["linesRemoved"], undo["userErrors"]) == (3, [])
    assert await seg.lines(s["no"]) == [] and await _pending(s["no"], nos) == []
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert events[3:5] == [("REMOVED", "manual: action 2", "I1"), ("ADDED", "go back: action 2", "I1")]
    assert sorted(events[5:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "CA", "I1")]


async def test_an_add_refined_then_restored_leaves_once_with_its_go_back(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.refine(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.go_back(s["id"])
    await seg.go_back(s["id"])
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert sorted(events[3:5]) == [("REMOVED", "action 2", no) for no in ("CA", "I1")]
    assert sorted(events[5:7]) == [("ADDED", "go back: action 2", no) for no in ("CA", "I1")]
    assert sorted(events[7:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "CA", "I1")]


async def test_a_reevaluated_add_keeps_exactly_its_lines_and_its_go_back_is_exact(world, seg, gql, in_process):
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await move("I1", "LEUVEN")
    await move("A2", "GENT")
    await reevaluate(gql, s["id"])
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "A2", "CA"]
    # The Add's row stays as it wrote it (I1's exit is its own row); A2 entered with its tag, in a row of its entry.
    assert await _pending(s["no"], nos) == [("action 1", ["I1", "CA", "A1"]), ("re-evaluation", ["A2"])]
    assert await _moved(s["no"], nos) == []
    undo = await seg.go_back(s["id"])
    assert (undo["linesRemoved"], undo["userErrors"]) == (3, [])
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert sorted(events[3:5]) == [("ADDED", "re-evaluation", "A2"), ("REMOVED", "re-evaluation", "I1")]
    assert sorted(events[5:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "A2", "CA")]


async def test_a_reevaluation_that_moves_no_tag_keeps_the_add_current(world, seg, gql, in_process):
    """Only a leaver: no line changes its tag and none enters with one, so the Add's row still answers and its Go
    Back only marks it as left (the leaver's exit is its own archive row)."""
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await move("I1", "LEUVEN")
    await reevaluate(gql, s["id"])
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "CA"]
    assert await _moved(s["no"], nos) == []
    assert await _pending(s["no"], nos) == [("action 1", ["I1", "CA", "A1"])]
    assert (await seg.go_back(s["id"]))["linesRemoved"] == 2
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert events[3] == ("REMOVED", "re-evaluation", "I1")
    assert sorted(events[4:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "CA")]


async def _i1_in_the_last_add_leaves_once(seg, gql, s: dict, nos: dict[int, str]) -> None:
    """I1's line is tagged with the last Add (GENT, then LEUVEN) and entered with the first: the Adds' own rows
    stay, I1 has a pending row of its entry under the last tag, and each Go Back ends a stint once."""
    assert await _pending(s["no"], nos) == [("action 1", ["I1"]), ("action 1", ["I1", "CA", "A1"]),
                                            ("action 2", ["I2"])]
    assert (await seg.go_back(s["id"]))["linesRemoved"] == 2
    assert (await seg.go_back(s["id"]))["linesRemoved"] == 2
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert events[3] == ("ADDED", "action 2", "I2")
    assert sorted(events[4:6]) == [("REMOVED", "go back: action 2", no) for no in ("I1", "I2")]
    assert sorted(events[6:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "CA")]


async def test_a_line_reevaluation_moves_to_the_last_add_leaves_once(world, seg, gql, in_process):
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.add(s["id"], {"contact": {"city": {"eq": "LEUVEN"}}})
    await move("I1", "LEUVEN")  # the last Add finds I1 now, the first one does not: I1's line takes its tag
    await reevaluate(gql, s["id"])
    assert await _moved(s["no"], nos) == [(1, "action 1", "I1")]   # out of the first Add's array
    await _i1_in_the_last_add_leaves_once(seg, gql, s, nos)


async def test_a_line_moved_out_of_the_last_add_and_back_leaves_once_with_it(world, seg, gql, in_process):
    """I1 moves into the last Add's tag, out of it (it stays through the first Add) and into it again: its `moved`
    row for the last Add is written, then deleted; each Go Back then ends I1's stint once."""
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.add(s["id"], {"contact": {"city": {"eq": "LEUVEN"}}})
    await move("I1", "LEUVEN")
    await reevaluate(gql, s["id"])
    await move("I1", "GENT")   # the first Add finds it again, the last one does not: out of the last tag
    await reevaluate(gql, s["id"])
    assert await _moved(s["no"], nos) == [(1, "action 1", "I1"), (2, "action 1", "I1")]
    await move("I1", "LEUVEN")
    await reevaluate(gql, s["id"])
    assert await _moved(s["no"], nos) == [(1, "action 1", "I1")]
    await _i1_in_the_last_add_leaves_once(seg, gql, s, nos)


async def test_a_line_moved_out_of_the_last_add_stays_after_its_go_back(world, seg, gql, in_process):
    """I2 entered with the last Add; now only the first Add finds it: its line moves out of the last tag and
    stays. Go Back of the last Add leaves it, and the history gives I2 no exit."""
    nos = {v: k for k, v in world.ids.items()}
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.add(s["id"], {"contact": {"city": {"eq": "LEUVEN"}}})
    await move("I2", "GENT")
    await reevaluate(gql, s["id"])
    assert await _moved(s["no"], nos) == [(2, "action 2", "I2")]
    assert (await seg.go_back(s["id"]))["linesRemoved"] == 0
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "CA", "I1", "I2"]
    events = await _events(gql, s["no"])
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert events[3:] == [("ADDED", "action 2", "I2")]


async def test_history_pages_past_the_512th_archive_row(world, seg, gql):
    """Array elements get ids from their row's id times 2**22: past row 511 they need 64 bits, in the cursor
    too."""
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.go_back(s["id"])
    p = Params()
    await execute(f"UPDATE segment_line_archive SET id = id + {p.add(1_000_000)}", p)
    events = await _events(gql, s["no"])  # pages of 3: the cursors carry those ids
    assert sorted(events[:3]) == [("ADDED", "action 1", no) for no in ("A1", "CA", "I1")]
    assert sorted(events[3:]) == [("REMOVED", "go back: action 1", no) for no in ("A1", "CA", "I1")]
