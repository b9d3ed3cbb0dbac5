"""Migration 0025: on PostgreSQL the lines and the archive lose their foreign keys to the segment (SQLite keeps
them); existing rows stay, and deleting a segment still takes its lines and archive rows, and only its own."""

from __future__ import annotations

from tests import conftest
from tests.migrations.test_worksheet_archive import _run_script

KINDS = ["CONTACTS", "LINE", "MOVED", "EVENT"]


async def test_segment_keys_go_on_postgres_and_a_segment_delete_still_takes_its_rows():
    out = await _run_script("tests.migrations.before_segment_keys", "m25")
    if conftest.test_db_kind() == "postgres":
        assert out["keys"] == []
    else:
        assert out["keys"] == ["segment_line.segment_id", "segment_line_archive.segment_id"]
    assert out["migrated"] == {"lines": ["KEEP", "GONE"],
                               "archive": [f"KEEP:{k}" for k in KINDS] + [f"GONE:{k}" for k in KINDS]}
    assert out["deleted"] == {"lines": ["KEEP"], "archive": [f"KEEP:{k}" for k in KINDS]}
    assert out["criteria"] == [True]
