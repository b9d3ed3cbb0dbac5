"""Segment re-evaluation jobs: the kinds table, failures and cancellation as clients see them."""

from __future__ import annotations

from typing import Any

import pytest
from arq.connections import ArqRedis

from segmentum.jobs import JOBS
from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, JobKind, JobStatus
from segmentum.models.segments import Segment, SegmentEvaluation, SegmentLine
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import add_contacts
from segmentum.resolvers.ids import encode_id
from segmentum.workers import queue
from segmentum.workers.events import JobCanceled
from segmentum.workers.kinds import KINDS
from segmentum.workers.segments import reevaluate_segment
from tests.workers.conftest import run_worker_burst

# arq closes its pool with a call redis-py deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

JOB = "... on Job { kind status progress attempts error }"


def test_the_table_names_every_kind_a_worker_runs() -> None:
    # BULK_QUERY runs GraphQL, which workers/ does not import: the composition root adds it to the table.
    assert set(KINDS) | {JobKind.BULK_QUERY} == set(JobKind) and JobKind.BULK_QUERY not in KINDS
    assert {kind for kind in JOBS.functions if not kind.startswith("test.")} == set(JobKind)
    assert all(isinstance(kind, JobKind) for kind in KINDS)


async def _segment_with_lines(cities: list[str], city: str = "GENT") -> Segment:
    for i, c in enumerate(cities):
        await Contact.create(no=f"C{i:03}", type=ContactType.PERSON, name=f"P{i}", city=c)
    segment = await Segment.create(no="SEG1", date="2026-01-01")
    await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": city}}}))
    return segment


async def test_a_segment_deleted_while_its_job_is_queued_fails_the_job_visibly(
    arq_queue: tuple[str, ArqRedis], gql: Any
) -> None:
    name, pool = arq_queue
    segment = await _segment_with_lines(["GENT"])
    job = await queue.enqueue(JobKind.SEGMENT_REEVALUATE, {"segment_id": segment.id}, key="segment:1", queue=pool)
    await segment.delete()
    await run_worker_burst(name)
    res = await gql(f"query($id: ID!) {{ node(id: $id) {{ {JOB} }} }}", {"id": encode_id("Job", job.id)})
    assert res["node"] == {"kind": "SEGMENT_REEVALUATE", "status": "FAILED", "progress": None, "attempts": 1,
                           "error": f"SegmentGone: Segment {segment.id} no longer exists."}


async def test_a_queued_job_is_canceled_and_never_runs(arq_queue: tuple[str, ArqRedis], gql: Any) -> None:
    name, pool = arq_queue
    segment = await _segment_with_lines(["GENT", "GENT"])
    await Contact.filter(no="C000").update(city="BRUGGE")
    job = await queue.enqueue(JobKind.SEGMENT_REEVALUATE, {"segment_id": segment.id}, key="segment:1", queue=pool)
    cancel = ("mutation($i: JobRefInput!) { jobCancel(input: $i) { job { status } "
              "userErrors { code field } } }")
    res = await gql(cancel, {"i": {"jobId": encode_id("Job", job.id)}})
    assert res["jobCancel"] == {"job": {"status": "CANCELED"}, "userErrors": []}
    await run_worker_burst(name)
    assert (await Job.get(id=job.id)).status == JobStatus.CANCELED
    assert await SegmentLine.filter(segment_id=segment.id).count() == 2
    again = await gql(cancel, {"i": {"jobId": encode_id("Job", job.id)}})
    assert again["jobCancel"] == {"job": None, "userErrors": [{"code": "CONFLICT", "field": ["input", "jobId"]}]}


async def test_a_run_canceled_meanwhile_stops_and_changes_nothing() -> None:
    segment = await _segment_with_lines(["GENT", "GENT"])
    await Contact.filter(no="C000").update(city="BRUGGE")
    job = await Job.create(kind=JobKind.SEGMENT_REEVALUATE, key="segment:1", status=JobStatus.CANCELED,
                           payload={"segment_id": segment.id})
    with pytest.raises(JobCanceled):
        await reevaluate_segment({}, job, segment_id=segment.id)
    assert await SegmentLine.filter(segment_id=segment.id).count() == 2
    evaluation = await SegmentEvaluation.get(job_id=job.id)
    assert evaluation.finished_at is None and evaluation.lines_removed is None


async def test_one_run_per_segment_while_it_is_queued(in_process: None, gql: Any) -> None:
    segment = await _segment_with_lines(["GENT"])
    mutation = "mutation($i: SegmentRefInput!) { segmentReevaluate(input: $i) { job { id } } }"
    variables = {"i": {"segmentId": encode_id("Segment", segment.id)}}
    first = await gql(mutation, variables)
    second = await gql(mutation, variables)
    assert first == second
    await queue.drain()
    third = await gql(mutation, variables)
    assert third != first
