"""Every job is observable: the delivery a log starts is `SegmentLogPayload.deliveryJob`, and `jobs` lists jobs
by kind, status and the API key that started them."""

from __future__ import annotations

from typing import Any

import pytest

from segmentum.models.system import Job
from tests.log.conftest import LogSegment, MakeSegment

pytestmark = pytest.mark.usefixtures("in_process")

JOBS = """query($kind: [JobKind!], $status: [JobStatus!], $by: String, $first: Int, $after: String) {
  jobs(kind: $kind, status: $status, startedBy: $by, first: $first, after: $after) {
    nodes { id kind status startedBy } pageInfo { hasNextPage endCursor } } }"""


async def test_the_delivery_a_log_starts_is_its_delivery_job(gql: Any, setup: Any, outbox: Any,
                                                             make_segment: MakeSegment, held_jobs: Any) -> None:
    segment = await make_segment(expr="C01|C02")
    res = await gql("mutation($i: SegmentLogInput!) { segmentLog(input: $i) { job { id } "
                    "deliveryJob { id kind status startedBy } userErrors { code } } }",
                    {"i": {"segmentId": segment, "deliver": True}})
    payload = res["segmentLog"]
    assert payload["userErrors"] == [] and payload["job"] is None  # the log itself ran in the mutation
    delivery = payload["deliveryJob"]
    assert delivery["kind"] == "DELIVERY" and delivery["status"] == "QUEUED" and delivery["startedBy"] == "test"
    await held_jobs.release()
    done = await gql("query($id: ID!) { node(id: $id) { ... on Job { status } } }", {"id": delivery["id"]})
    assert done["node"]["status"] == "SUCCEEDED"

    plain = await gql("mutation($i: SegmentLogInput!) { segmentLog(input: $i) { deliveryJob { id } } }",
                      {"i": {"segmentId": await make_segment(expr="C03")}})
    assert plain["segmentLog"]["deliveryJob"] is None  # nothing to deliver


async def test_jobs_are_listed_latest_first_by_kind_status_and_key(gql: Any, setup: Any, outbox: Any,
                                                                  make_segment: MakeSegment,
                                                                  log_segment: LogSegment, held_jobs: Any) -> None:
    for expr in ("C01", "C02", "C03"):
        await log_segment(await make_segment(expr=expr), deliver=True)
    ids = [job.id for job in await Job.all().order_by("-id")]
    await Job.filter(id=ids[0]).update(status="FAILED")
    await Job.filter(id=ids[1]).update(started_by="partner")
    await Job.create(kind="segment.reevaluate", payload={}, status="SUCCEEDED")  # the schedule's: no key

    every = (await gql(JOBS))["jobs"]["nodes"]
    assert [n["kind"] for n in every] == ["SEGMENT_REEVALUATE", "DELIVERY", "DELIVERY", "DELIVERY"]
    assert [n["startedBy"] for n in every] == [None, "test", "partner", "test"]

    queued = (await gql(JOBS, {"kind": ["DELIVERY"], "status": ["QUEUED"]}))["jobs"]["nodes"]
    assert [n["startedBy"] for n in queued] == ["partner", "test"]
    mine = (await gql(JOBS, {"by": "test", "kind": ["DELIVERY", "SEGMENT_REEVALUATE"]}))["jobs"]["nodes"]
    assert [n["status"] for n in mine] == ["FAILED", "QUEUED"]
    assert (await gql(JOBS, {"status": ["CANCELED"]}))["jobs"]["nodes"] == []

    # Pages follow one another without a gap or a repeat.
    first = (await gql(JOBS, {"first": 3}))["jobs"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await gql(JOBS, {"first": 3, "after": first["pageInfo"]["endCursor"]}))["jobs"]
    assert [n["id"] for n in first["nodes"] + rest["nodes"]] == [n["id"] for n in every]
    assert rest["pageInfo"]["hasNextPage"] is False
    await held_jobs.release()
