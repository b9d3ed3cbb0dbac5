"""DYNAMIC segments kept current: what is due, one run per segment, readers after what they read."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, JobKind, JobStatus, SegmentKind
from segmentum.models.segments import Segment, SegmentEvaluation, SegmentLine
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import add_contacts
from segmentum.models.worksheet.dependencies import topological
from segmentum.workers import queue, schedule
from segmentum.workers.schedule import start_reevaluation

GENT = {"contact": {"city": {"eq": "GENT"}}}


async def _people(*cities: str) -> None:
    for i, city in enumerate(cities):
        await Contact.create(no=f"C{i:03}", type=ContactType.PERSON, name=f"P{i}", city=city)


async def _dynamic(no: str, criteria: dict[str, Any], **fields: Any) -> Segment:
    segment = await Segment.create(no=no, date="2026-01-01", kind=SegmentKind.DYNAMIC, refresh_interval_minutes=60,
                                   **fields)
    await add_contacts(segment, Criteria.parse(criteria))
    return segment


async def _members(segment: Segment) -> list[int]:
    return sorted(await SegmentLine.filter(segment_id=segment.id).values_list("contact_id", flat=True))  # type: ignore[arg-type]


async def test_kind_and_interval_on_create_and_update(gql: Any) -> None:
    created = await gql("mutation { segmentCreate(input: {kind: DYNAMIC, refreshIntervalMinutes: 15}) "
                        "{ segment { id kind refreshIntervalMinutes } userErrors { code } } }")
    segment = created["segmentCreate"]["segment"]
    assert (segment["kind"], segment["refreshIntervalMinutes"]) == ("DYNAMIC", 15)
    updated = await gql("mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) "
                        "{ segment { kind refreshIntervalMinutes } userErrors { code field } } }",
                        {"i": {"id": segment["id"], "refreshIntervalMinutes": 0}})
    assert updated["segmentUpdate"]["userErrors"] == [{"code": "INVALID", "field": ["input", "refreshIntervalMinutes"]}]


async def test_due_segments_are_queued_once_and_the_run_sets_the_next_time(in_process: None) -> None:
    await _people("GENT")
    fresh = await _dynamic("DYN1", GENT)
    later = await _dynamic("DYN2", GENT, next_evaluation_at=datetime.now(UTC) + timedelta(minutes=5))
    await Segment.create(no="STAT", date="2026-01-01")  # STATIC: never scheduled

    assert await schedule.due_segments() == [fresh.id]
    jobs = await schedule.enqueue_due()
    assert [j.payload for j in jobs] == [{"segment_id": fresh.id}]
    assert await schedule.enqueue_due() == []  # queued or running: never a second one
    async with asyncio.timeout(30):
        await queue.drain()
    await fresh.refresh_from_db()
    assert fresh.next_evaluation_at is not None
    assert fresh.next_evaluation_at - datetime.now(UTC) > timedelta(minutes=59)
    assert await schedule.due_segments() == []
    assert await Job.filter(kind=JobKind.SEGMENT_REEVALUATE, status=JobStatus.SUCCEEDED).count() == 1
    assert later.id not in await schedule.due_segments()


async def test_readers_follow_the_segments_they_read(in_process: None) -> None:
    await _people("GENT", "GENT", "BRUGGE")
    base = await _dynamic("BASE", GENT)
    reader = await _dynamic("READER", {"segment": {"segment_no": {"eq": "BASE"}}})
    reader2 = await _dynamic("READER2", {"segment": {"segment_no": {"expr": "READER"}}})
    # Only BASE may start: READER reads it and READER2 reads READER, and both are due.
    assert await schedule.due_segments() == [base.id]

    await Contact.filter(no="C002").update(city="GENT")
    await schedule.enqueue_due()
    async with asyncio.timeout(60):
        await queue.drain()  # each run starts what it held back
    assert len(await _members(base)) == 3
    assert await _members(reader) == await _members(base) == await _members(reader2)
    runs = {e.segment_id: e for e in await SegmentEvaluation.all()}
    assert runs[base.id].finished_at <= runs[reader.id].started_at  # type: ignore[operator]
    assert runs[reader.id].finished_at <= runs[reader2.id].started_at  # type: ignore[operator]

    # A change in BASE makes its readers due at once, though their interval has not passed.
    await Contact.filter(no="C000").update(city="LEUVEN")
    job = await start_reevaluation(base.id)
    async with asyncio.timeout(60):
        await queue.drain()
    assert (await Job.get(id=job.id)).status == JobStatus.SUCCEEDED
    assert len(await _members(reader2)) == 2


async def test_within_last_days_is_fresh_on_every_run(in_process: None) -> None:
    await _people("GENT", "GENT")
    segment = await _dynamic("RECENT", {"contact": {"created_at": {"within_last_days": 7}}})
    assert len(await _members(segment)) == 2
    await Contact.filter(no="C000").update(created_at=datetime.now(UTC) - timedelta(days=8))
    await start_reevaluation(segment.id)
    async with asyncio.timeout(30):
        await queue.drain()
    assert len(await _members(segment)) == 1


def test_topological_order_breaks_cycles() -> None:
    reads = {3: {2}, 2: {1}, 5: {4}, 4: {5}}
    assert topological([1, 2, 3, 4, 5], reads) == [1, 2, 3, 4, 5]
    assert topological([3, 2], reads) == [2, 3]
