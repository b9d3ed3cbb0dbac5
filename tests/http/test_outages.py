"""A service that goes away under a request: a coded SERVICE_UNAVAILABLE with a retry hint (HTTP 503), nothing
written, no traceback logged as a bug, and the next request served once it is back. Real servers, really
stopped: a Redis of the test's own, a PostgreSQL cluster of the test's own."""

from __future__ import annotations

import logging

import pytest

from segmentum.models.segments import Segment
from segmentum.models.system import Job
from segmentum.resolvers.ids import encode_id
from tests.http.conftest import ClientFor, codes, free_port, post
from tests.workers.test_scale_out import _redis_server

REEVALUATE = "mutation($i: SegmentRefInput!) { segmentReevaluate(input: $i) { job { id status } } }"


async def test_redis_down_at_enqueue_is_a_coded_503_and_leaves_no_job(
        client_for: ClientFor, key: str, tmp_path: str, caplog: pytest.LogCaptureFixture) -> None:
    segment = await Segment.create(no="SEG-OUTAGE", date="2026-01-01")
    variables = {"i": {"segmentId": encode_id("Segment", segment.id)}}
    port = free_port()
    async with _redis_server(port, str(tmp_path)) as redis_server:
        async with client_for(redis_url=f"redis://127.0.0.1:{port}/0") as client:
            redis_server.terminate()
            await redis_server.wait()
            with caplog.at_level(logging.ERROR):
                response = await post(client, key, REEVALUATE, variables)
            assert response.status_code == 503, response.text
            assert response.headers["Retry-After"] == "5"
            assert codes(response) == ["SERVICE_UNAVAILABLE"]
            error = response.json()["errors"][0]
            assert error["extensions"]["retryAfter"] == 5 and "job queue (Redis)" in error["message"]
            assert not [r for r in caplog.records if "Internal error" in r.getMessage()]
            assert await Job.all().count() == 0  # nothing waits for a queue entry that never came
            async with _redis_server(port, str(tmp_path)):
                response = await post(client, key, REEVALUATE, variables)
                assert response.status_code == 200, response.text
                assert response.json()["data"]["segmentReevaluate"]["job"]["status"] == "QUEUED"
    assert await Job.all().count() == 1
