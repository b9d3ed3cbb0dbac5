"""Re-evaluation analyzes the line tables first when they changed much since their last analysis (a segment just
filled by a large Add), and not when they are current (models/worksheet/statistics.py)."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType
from segmentum.models.segments import Segment
from segmentum.models.sql import fetch_value
from segmentum.models.worksheet import statistics
from segmentum.models.worksheet.actions import add_contacts
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.reevaluate import reevaluate
from tests.conftest import test_db_kind as db_kind

pytestmark = pytest.mark.skipif(db_kind() != "postgres", reason="planner statistics are PostgreSQL's")

ANALYZED = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'segment_line'"
FLUSH = "SELECT pg_stat_force_next_flush()"  # this transaction's counters are seen once it commits


async def _reevaluated(segment: Segment) -> int:
    async with in_transaction():
        await reevaluate(await lock_segment(segment.id))
        assert await fetch_value("SELECT current_setting('work_mem')") == "64MB"
        await fetch_value(FLUSH)
    return int(await fetch_value(ANALYZED))


async def test_reevaluation_analyzes_the_lines_after_a_large_change_only(monkeypatch):
    monkeypatch.setattr(statistics, "MIN_CHANGED", 5)
    for i in range(12):
        await Contact.create(no=f"S{i}", type=ContactType.PERSON, name=f"S{i}", city="STATS")
    segment = await Segment.create(no="STATS", date="2026-01-01")
    async with in_transaction():
        assert (await add_contacts(await lock_segment(segment.id),
                                   Criteria.parse({"contact": {"city": {"eq": "STATS"}}}))).lines_added == 12
        await fetch_value(FLUSH)
    before = int(await fetch_value(ANALYZED))
    assert await _reevaluated(segment) == before + 1  # 12 lines written since: analyzed
    assert await _reevaluated(segment) == before + 1  # nothing changed since: not again
