"""On PostgreSQL the lines and the archive have no foreign key to their segment (migration 0025): a segment delete
racing a running Add or re-evaluation must leave no line or archive row naming a missing segment. Both sides lock
the segment row (lock_segment): the delete waits for a running writer and then takes its rows along; a writer that
starts while the delete runs waits for it and then finds the segment gone.

Deterministic as tests/segments/test_line_reference_races.py: the first side holds its transaction open, the
second is seen waiting in pg_locks before the first is let go.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, JobKind, JobStatus
from segmentum.models.errors import DomainError
from segmentum.models.rules.segments import delete_segment
from segmentum.models.segments import Segment, SegmentEvaluation, SegmentLineArchive
from segmentum.models.sql import fetch_value
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import add_contacts
from segmentum.models.worksheet.recording import lock_segment
from segmentum.resolvers.ids import encode_id
from segmentum.workers.segments import SegmentGone, reevaluate_segment
from tests.conftest import test_db_kind as db_kind
from tests.segments.test_line_reference_races import WRITERS, _base, _recorded_add_with_a_newcomer

pytestmark = pytest.mark.skipif(db_kind() != "postgres", reason="SQLite keeps the foreign keys (one writer at a time)")

ORPHANS = (
    "SELECT (SELECT count(*) FROM segment_line l WHERE NOT EXISTS (SELECT 1 FROM segment s WHERE s.id = l.segment_id))"
    " + (SELECT count(*) FROM segment_line_archive a WHERE NOT EXISTS "
    "(SELECT 1 FROM segment s WHERE s.id = a.segment_id))"
)
WAITING = "SELECT count(*) FROM pg_locks WHERE NOT granted"


async def waiting_or_done(task: asyncio.Task[Any], seconds: float = 10.0) -> None:
    """Until `task` waits on a lock (or has finished: then no lock held it back)."""
    for _ in range(int(seconds / 0.01)):
        if task.done() or int(await fetch_value(WAITING)):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the second side neither waited nor finished")


async def _segment(writer: str) -> Segment:
    """The race's segment, holding a line of Z2 and its archive row already; the writer then adds Z1's line."""
    segment = await _base()
    await Contact.create(no="Z2", type=ContactType.PERSON, name="Zed", city="ZOTTEGEM")
    if writer == "reevaluation":
        await _recorded_add_with_a_newcomer(segment)  # Z2 now, Z1 a newcomer to bring in
    else:
        async with in_transaction():
            await add_contacts(await lock_segment(segment.id), Criteria.parse({"contact": {"no": {"in": ["Z2"]}}}))
    assert await SegmentLineArchive.filter(segment_id=segment.id).exists()
    return segment


@pytest.mark.parametrize("writer", ["add", "reevaluation"])
async def test_a_segment_delete_racing_a_running_writer_takes_its_new_rows(gql, writer):
    segment = await _segment(writer)
    written, release = asyncio.Event(), asyncio.Event()

    async def run_writer() -> int:
        async with in_transaction():
            added = await WRITERS[writer](await lock_segment(segment.id))
            written.set()
            await release.wait()
        return added

    writing = asyncio.create_task(run_writer())
    await asyncio.wait_for(written.wait(), 10)
    deleting = asyncio.create_task(gql("mutation($i: DeleteInput!) { segmentDelete(input: $i) { deletedId "
                                       "userErrors { code } } }", {"i": {"id": encode_id("Segment", segment.id)}}))
    await waiting_or_done(deleting)
    assert not deleting.done()  # it waits for the writer's lock
    release.set()
    assert await writing == 1
    assert (await deleting)["segmentDelete"]["userErrors"] == []
    assert not await Segment.filter(id=segment.id).exists()
    assert await fetch_value(ORPHANS) == 0


@pytest.mark.parametrize("writer", ["add", "reevaluation"])
async def test_a_writer_starting_while_its_segment_is_deleted_finds_it_gone(writer):
    segment = await _segment(writer)
    job = await Job.create(kind=JobKind.SEGMENT_REEVALUATE, key=f"segment:{segment.id}", status=JobStatus.RUNNING,
                           payload={"segment_id": segment.id})
    # The run's record exists (a retried run): the job then writes nothing that names the segment before its lock.
    await SegmentEvaluation.create(segment_id=segment.id, job_id=job.id)
    deleted, release = asyncio.Event(), asyncio.Event()

    async def run_delete() -> None:
        async with in_transaction():
            await delete_segment(await lock_segment(segment.id))
            deleted.set()
            await release.wait()

    async def run_writer() -> None:
        if writer == "reevaluation":
            await reevaluate_segment({}, job, segment_id=segment.id)
        else:
            async with in_transaction():
                await WRITERS[writer](await lock_segment(segment.id))

    deleting = asyncio.create_task(run_delete())
    await asyncio.wait_for(deleted.wait(), 10)
    writing = asyncio.create_task(run_writer())
    await waiting_or_done(writing)
    release.set()
    await deleting
    with pytest.raises(SegmentGone if writer == "reevaluation" else DomainError):
        await writing
    assert not await Segment.filter(id=segment.id).exists()
    assert await fetch_value(ORPHANS) == 0
