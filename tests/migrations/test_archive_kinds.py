"""Migration 0014 gives every archive row its kind and drops the placeholder values, without loss: a database built
by 0001-0013 holding every kind of row answers the same history and Go Back after it."""

from __future__ import annotations

from tests.migrations.test_worksheet_archive import _run_script

ADDED, REMOVED = "ADDED", "REMOVED"


async def test_every_kind_of_archive_row_is_carried_over():
    out = await _run_script("tests.migrations.before_kinds", "kinds")
    assert out["kinds"] == ["LINE", "CONTACTS", "MOVED", "EVENT", "EVENT", "CONTACTS"]
    # The archived line keeps every field; the other kinds hold no line columns (no placeholders).
    assert out["padded"] == [0, 9, 9, 9, 9, 9]
    assert out["line"] == [20000, "Kept", 2.5, 5, "EMAIL", "OUTBOUND", "US", True, False, "POSITIVE", True]
    before = [
        ["A", ADDED, "action 1"], ["B", ADDED, "action 1"], ["B", REMOVED, "action 2"], ["C", ADDED, "action 1"],
        ["D", ADDED, "action 0"], ["D", REMOVED, "go back: action 0"],
        ["E", ADDED, "action 1"], ["E", REMOVED, "go back: action 1"],
    ]
    assert out["events_before"] == before
    # Go Back of the Reduce restores B's line as it was; Go Back of the Add deletes its tagged lines (A, B), not C,
    # which re-evaluation had moved out of its tag: C shows no exit.
    assert out["go_back"] == [[1, 0], [0, 2]]
    assert out["lines"] == [[30000, "C", None]]
    assert out["events_after"] == sorted([
        *before, ["B", ADDED, "go back: action 2"], ["A", REMOVED, "go back: action 1"],
        ["B", REMOVED, "go back: action 1"],
    ])
