"""Each kind of archive row is held to its columns by the database: no placeholder values, no row of two kinds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from segmentum.models.segments import Segment
from segmentum.models.sql import Params, execute

AT1 = datetime(2026, 3, 1, tzinfo=UTC)
AT2 = datetime(2026, 3, 2, tzinfo=UTC)
BAD = {
    "a MOVED row with a line field": ("MOVED", {"action_id": 1, "contact_id": 1, "cost_lcy": 0}),
    "a MOVED row without its tag": ("MOVED", {"contact_id": 1}),
    "a CONTACTS row without contacts": ("CONTACTS", {"action_id": 1}),
    "a CONTACTS row padded like a line": ("CONTACTS", {"contact_ids": "[1]", "evaluation": "NONE"}),
    "a LINE row without its line fields": ("LINE", {"line_no": 10000, "contact_id": 1}),
    "an EVENT row with both halves": ("EVENT", {"contact_id": 1, "entered_at": AT1, "left_at": AT2}),
    "a row of no kind": ("PENDING", {"contact_id": 1}),
}


@pytest.mark.parametrize("what", list(BAD))
async def test_a_row_that_breaks_its_kind_is_refused(world, what):
    segment = await Segment.create(no="S1", date="2026-03-01")
    kind, columns = BAD[what]
    p = Params()
    values = ", ".join(p.add(v) for v in columns.values())
    with pytest.raises(Exception) as refused:
        await execute(f"INSERT INTO segment_line_archive (segment_id, kind, {', '.join(columns)}) VALUES "
                      f"({p.add(segment.id)}, {p.add(kind)}, {values})", p)
    assert "check constraint" in str(refused.value).lower()


async def test_a_row_of_each_kind_as_written_is_accepted(world):
    segment = await Segment.create(no="S1", date="2026-03-01")
    rows = [
        ("MOVED", {"action_id": 1, "contact_id": 1, "entered_at": AT1, "entered_cause": "action 1"}),
        ("CONTACTS", {"action_id": 1, "contact_ids": "[1, 2]", "entered_at": AT1}),
        ("EVENT", {"contact_id": 1, "left_at": AT2, "left_cause": "action 2"}),
    ]
    for kind, columns in rows:
        p = Params()
        values = ", ".join(p.add(v) for v in columns.values())
        await execute(f"INSERT INTO segment_line_archive (segment_id, kind, {', '.join(columns)}) VALUES "
                      f"({p.add(segment.id)}, {p.add(kind)}, {values})", p)
