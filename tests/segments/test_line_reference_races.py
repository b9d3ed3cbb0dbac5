"""On PostgreSQL segment_line has no foreign key to the contacts and masters it names (migration 0023): a delete of
a contact, salesperson or template that races a running Add, Reuse or re-evaluation must still be refused when the
writer's lines name the record, and a writer that starts while such a delete runs must not name what it deleted
(models/line_references.py).

Deterministic: the writer runs in a transaction held open after its lines are written (or the delete, after its
record is gone); the other side is started, seen waiting on the line references lock in pg_locks, and only then is
the first side let go. Without the lock the second side would not wait, and the checks at the end fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, JobKind, JobStatus, SegmentKind
from segmentum.models.interactions import InteractionGroup, InteractionTemplate
from segmentum.models.line_references import guard_line_references
from segmentum.models.masters import Salesperson
from segmentum.models.rules.contacts import delete_contact
from segmentum.models.rules.segments import delete_segment
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.sql import fetch_value
from segmentum.models.system import Job
from segmentum.models.worksheet import saved
from segmentum.models.worksheet.actions import add_contacts
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.reevaluate import reevaluate
from segmentum.resolvers.ids import encode_id
from segmentum.workers.segments import reevaluate_segment
from tests.conftest import test_db_kind as db_kind

pytestmark = pytest.mark.skipif(db_kind() != "postgres", reason="SQLite keeps the foreign keys (one writer at a time)")

CITY = Criteria.parse({"contact": {"city": {"eq": "ZOTTEGEM"}}})
# A line naming a row that is not there: what the foreign keys forbade.
DANGLING = (
    "SELECT count(*) FROM segment_line l WHERE "
    "(l.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = l.contact_id)) OR "
    "(l.contact_company_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = l.contact_company_id)) "
    "OR (l.salesperson_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM salesperson s WHERE s.id = l.salesperson_id)) "
    "OR (l.interaction_template_id IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM interaction_template t WHERE t.id = l.interaction_template_id))"
)
WAITING = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"


async def waiting_or_done(task: asyncio.Task[Any], seconds: float = 10.0) -> None:
    """Until `task` waits on an advisory lock (or has finished: then the lock did not hold it back)."""
    for _ in range(int(seconds / 0.01)):
        if task.done() or int(await fetch_value(WAITING)):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the second side neither waited nor finished")


async def _base() -> Segment:
    """Z1 (ZOTTEGEM, salesperson RACER) on no segment; a segment from template RACE whose lines take the
    contact's salesperson."""
    racer = await Salesperson.create(code="RACER", name="Racer")
    await Salesperson.create(code="OTHER", name="Other")
    group = await InteractionGroup.create(code="RG", description="Race group")
    template = await InteractionTemplate.create(code="RACE", description="Race", group_id=group.id)
    await Contact.create(no="Z1", type=ContactType.PERSON, name="Zoe", city="ZOTTEGEM", salesperson_id=racer.id)
    return await Segment.create(no="RACE", date="2026-01-01", interaction_template_id=template.id,
                                interaction_group_id=group.id, kind=SegmentKind.DYNAMIC)


async def _saved_add() -> None:
    """Saved criteria RACE1 holding an Add of the city, from a segment that is gone (Z1 on no segment)."""
    source = await Segment.create(no="SOURCE", date="2026-01-01")
    async with in_transaction():
        await add_contacts(await lock_segment(source.id), CITY)
        await saved.save_criteria(source, "RACE1", None)
    async with in_transaction():
        await delete_segment(await lock_segment(source.id))  # its lines go with it (no cascade on PostgreSQL)


async def _recorded_add_with_a_newcomer(segment: Segment) -> None:
    """The segment's Add of the city recorded while Z1 lived elsewhere; Z1 moved there since: a re-evaluation
    brings it in."""
    await Contact.filter(no="Z1").update(city="ELSEWHERE")
    async with in_transaction():
        await add_contacts(await lock_segment(segment.id), CITY)
    await Contact.filter(no="Z1").update(city="ZOTTEGEM")


async def write_add(segment: Segment) -> int:
    return (await add_contacts(segment, CITY)).lines_added


async def write_reuse(segment: Segment) -> int:
    return (await saved.reuse_criteria(segment, "RACE1", False)).lines_added


async def write_reevaluation(segment: Segment) -> int:
    return (await reevaluate(segment)).lines_added


WRITERS: dict[str, Callable[[Segment], Awaitable[int]]] = {
    "add": write_add, "reuse": write_reuse, "reevaluation": write_reevaluation}


async def _prepare(writer: str, segment: Segment) -> None:
    if writer == "reuse":
        await _saved_add()
    elif writer == "reevaluation":
        await _recorded_add_with_a_newcomer(segment)


async def _delete(gql: Any, what: str) -> dict[str, Any]:
    if what == "contact":
        mutation, gid = "contactDelete", encode_id("Contact", (await Contact.get(no="Z1")).id)
    elif what == "salesperson":
        mutation, gid = "salespersonDelete", encode_id("Salesperson", (await Salesperson.get(code="RACER")).id)
    else:
        mutation = "interactionTemplateDelete"
        gid = encode_id("InteractionTemplate", (await InteractionTemplate.get(code="RACE")).id)
    res = await gql(f"mutation($i: DeleteInput!) {{ {mutation}(input: $i) {{ deletedId userErrors {{ code "
                    "message } } }", {"i": {"id": gid}})
    return dict(res[mutation])


@pytest.mark.parametrize("what", ["contact", "salesperson", "template"])
@pytest.mark.parametrize("writer", list(WRITERS))
async def test_a_delete_racing_a_running_writer_is_refused_by_its_lines(gql, writer, what):
    segment = await _base()
    await _prepare(writer, segment)
    written, release = asyncio.Event(), asyncio.Event()

    async def run_writer() -> int:
        async with in_transaction():
            added = await WRITERS[writer](await lock_segment(segment.id))
            written.set()
            await release.wait()
        return added

    writing = asyncio.create_task(run_writer())
    await asyncio.wait_for(written.wait(), 10)
    if what == "salesperson":
        # Z1 gets another salesperson meanwhile (a contact update waits for no line writer): only the running
        # writer's line still names RACER.
        await Contact.filter(no="Z1").update(salesperson_id=(await Salesperson.get(code="OTHER")).id)
    deleting = asyncio.create_task(_delete(gql, what))
    await waiting_or_done(deleting)
    release.set()
    assert await writing == 1
    result = await deleting
    assert result["deletedId"] is None
    assert [e["code"] for e in result["userErrors"]] == ["IN_USE"], result
    line = await SegmentLine.get(segment_id=segment.id)
    assert line.contact_id == (await Contact.get(no="Z1")).id
    assert line.salesperson_id == (await Salesperson.get(code="RACER")).id
    assert line.interaction_template_id == (await InteractionTemplate.get(code="RACE")).id
    assert await fetch_value(DANGLING) == 0


@pytest.mark.parametrize("writer", list(WRITERS))
async def test_a_writer_starting_while_a_contact_is_deleted_does_not_name_it(writer):
    segment = await _base()
    await _prepare(writer, segment)
    z1 = await Contact.get(no="Z1")
    deleted, release = asyncio.Event(), asyncio.Event()

    async def run_delete() -> None:
        async with in_transaction():
            await guard_line_references()
            await delete_contact(await Contact.filter(id=z1.id).select_for_update().get())
            deleted.set()
            await release.wait()

    async def run_writer() -> int:
        async with in_transaction():
            return await WRITERS[writer](await lock_segment(segment.id))

    deleting = asyncio.create_task(run_delete())
    await asyncio.wait_for(deleted.wait(), 10)
    writing = asyncio.create_task(run_writer())
    await waiting_or_done(writing)
    release.set()
    await deleting
    assert await writing == 0
    assert not await Contact.filter(id=z1.id).exists()
    assert not await SegmentLine.filter(segment_id=segment.id).exists()
    assert await fetch_value(DANGLING) == 0


async def test_the_reevaluation_job_waits_for_a_running_contact_delete():
    # The job locks the segment itself (workers.segments): it must take the line writers' lock too.
    segment = await _base()
    await _recorded_add_with_a_newcomer(segment)
    z1 = await Contact.get(no="Z1")
    job = await Job.create(kind=JobKind.SEGMENT_REEVALUATE, key=f"segment:{segment.id}", status=JobStatus.RUNNING,
                           payload={"segment_id": segment.id})
    deleted, release = asyncio.Event(), asyncio.Event()

    async def run_delete() -> None:
        async with in_transaction():
            await guard_line_references()
            await delete_contact(await Contact.filter(id=z1.id).select_for_update().get())
            deleted.set()
            await release.wait()

    deleting = asyncio.create_task(run_delete())
    await asyncio.wait_for(deleted.wait(), 10)
    running = asyncio.create_task(reevaluate_segment({}, job, segment_id=segment.id))
    await waiting_or_done(running)
    release.set()
    await deleting
    await running
    assert not await SegmentLine.filter(segment_id=segment.id).exists()
    assert await fetch_value(DANGLING) == 0
