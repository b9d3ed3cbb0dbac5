"""A segment with more lines than SEGMENTUM_LOG_JOB_THRESHOLD is checked at once and logged by a job."""

from __future__ import annotations

import pytest

from segmentum.models.enums import DeliveryStatus, JobStatus
from segmentum.models.interactions import InteractionLogEntry, LoggedSegment
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.system import Job
from segmentum.workers import queue

pytestmark = pytest.mark.usefixtures("in_process")


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGMENTUM_LOG_JOB_THRESHOLD", "5")


async def test_a_large_log_runs_as_a_job_with_progress(gql, setup, small_threshold, outbox, make_segment,
                                                       log_segment):
    res = await log_segment(await make_segment(), deliver=True, createFollowUp=True)
    assert res["userErrors"] == [] and res["loggedSegment"] is None and res["interactionsCreated"] == 0
    job = res["job"]
    assert job["kind"] == "SEGMENT_LOG" and job["status"] in ("QUEUED", "RUNNING")
    await queue.drain()

    done = await Job.get(kind="segment.log")
    assert done.status == JobStatus.SUCCEEDED and done.progress == 1.0
    logged = await LoggedSegment.get()
    assert done.result is not None and done.result["loggedSegmentId"] == logged.id
    assert done.result["interactionsCreated"] == 12
    assert await InteractionLogEntry.filter(logged_segment_id=logged.id).count() == 12
    follow_up = await Segment.get(id=done.result["followUpSegmentId"])
    assert await SegmentLine.filter(segment_id=follow_up.id).count() == 12
    # The job queued the delivery, which ran too.
    assert await InteractionLogEntry.filter(delivery_status=DeliveryStatus.SENT).count() == 12
    data = await gql("query($id: ID!) { node(id: $id) { ... on Job { status progress } } }", {"id": job["id"]})
    assert data["node"] == {"status": "SUCCEEDED", "progress": 1.0}


async def test_a_large_log_is_checked_before_any_job(setup, small_threshold, make_segment, log_segment):
    segment_id = await make_segment()
    await SegmentLine.filter(contact__no="C07").update(date=None)
    res = await log_segment(segment_id)
    assert res["job"] is None and [e["contactNo"] for e in res["userErrors"]] == ["C07"]
    assert not await Job.all().exists()


async def test_a_log_at_the_threshold_answers_at_once(setup, monkeypatch, make_segment, log_segment):
    monkeypatch.setenv("SEGMENTUM_LOG_JOB_THRESHOLD", "12")
    res = await log_segment(await make_segment())
    assert res["job"] is None and res["interactionsCreated"] == 12
    assert not await Job.all().exists()


async def test_a_line_that_fails_by_the_time_the_job_runs_fails_the_job_and_writes_nothing(
        setup, small_threshold, make_segment, log_segment, held_jobs):
    segment_id = await make_segment()
    res = await log_segment(segment_id)
    assert res["job"] is not None
    await SegmentLine.filter(contact__no="C03").update(date=None)
    await held_jobs.release()
    job = await Job.get(kind="segment.log")
    assert job.status == JobStatus.FAILED and job.error is not None and "Date must have a value" in job.error
    assert not await LoggedSegment.all().exists()
    assert await SegmentLine.all().count() == 12
