"""Migration 0021 carries existing histories over to the ordered reads: a database built by 0001-0017 answers the
same events page by page, and its count from the tally the migration writes, before and after a deletion."""

from __future__ import annotations

from tests.migrations.test_worksheet_archive import _run_script

ADDED, REMOVED = "ADDED", "REMOVED"


async def test_existing_histories_are_counted_and_paged_as_defined():
    out = await _run_script("tests.migrations.before_history_order", "order")
    # The undone Add's A and D (B answered by its archived line, C deleted): an entry and an exit each.
    assert out["tally"] == 4
    # F's archived line holds no contact now; G's event half is gone, H's kept.
    assert out["archived"] == [["LINE", "B"], ["LINE", None], ["EVENT", "H"]]
    migrated = out["migrated"]
    assert migrated["paged"] == migrated["defined"]
    assert migrated["count"] == len(migrated["defined"]) == 2 + 2 + 1 + 2 + 1  # B's line, A, D, H, E
    assert sorted(map(tuple, migrated["defined"])) == sorted([
        ("A", ADDED, "action 1"), ("B", ADDED, "action 1"), ("D", ADDED, "action 1"), ("H", ADDED, "action 0"),
        ("B", REMOVED, "action 2"), ("A", REMOVED, "go back: action 1"), ("D", REMOVED, "go back: action 1"),
        ("E", ADDED, "action 1"),
    ])
    deleted = out["deleted"]
    assert deleted["paged"] == deleted["defined"]
    assert deleted["count"] == len(deleted["defined"]) == len(migrated["defined"]) - 2
    assert all(e[0] != "A" for e in deleted["defined"])
