"""jobUpdated over graphql-transport-ws, against a real uvicorn with a real WebSocket client.

With REDIS_URL the web process learns of changes made by another process (here: the test process, acting as
a worker) through Redis pub/sub: the server's own polling is set to a minute, so only pub/sub can deliver
the changes in time. Without Redis the web process runs the job itself.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from websockets.asyncio.client import ClientConnection

from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.segments import Segment
from segmentum.models.system import Job
from segmentum.resolvers.ids import encode_id
from segmentum.workers import events, jobs
from tests.http.conftest import MakeKey, live_server
from tests.http.test_websocket import opened
from tests.workers.conftest import REDIS_URL

SUBSCRIBE = "subscription($id: ID!) { jobUpdated(id: $id) { id kind status progress attempts error } }"


async def subscribe(ws: ClientConnection, operation_id: str, job_id: int) -> None:
    await ws.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": {
        "query": SUBSCRIBE, "variables": {"id": encode_id("Job", job_id)}}}))


async def next_state(ws: ClientConnection) -> dict[str, Any] | str:
    """The next job state, or 'complete'."""
    async with asyncio.timeout(15):
        message = json.loads(await ws.recv(decode=True))
    if message["type"] == "complete":
        return "complete"
    assert message["type"] == "next", message
    job = message["payload"]["data"]["jobUpdated"]
    return f"{job['status']} {job['progress']}"


@pytest.fixture
async def publisher() -> AsyncIterator[Redis]:
    redis = Redis.from_url(REDIS_URL)
    events.set_publisher(redis)
    yield redis
    events.set_publisher(None)
    await redis.aclose()


async def test_every_change_reaches_every_subscriber_through_redis(
    database_url: str, make_key: MakeKey, publisher: Redis
) -> None:
    secret = await make_key("read")
    job = await Job.create(kind=JobKind.CONTACTS_SEED, status=JobStatus.QUEUED)
    env = {"REDIS_URL": REDIS_URL, "SEGMENTUM_QUEUE": f"segmentum-test:{uuid.uuid4().hex[:12]}",
           "SEGMENTUM_JOB_POLL_SECONDS": "60"}
    async with live_server(database_url, **env) as base:
        url = base.replace("http://", "ws://") + "/graphql"
        first, second = await opened(url, secret), await opened(url, secret)
        try:
            await subscribe(first, "a", job.id)
            await subscribe(second, "b", job.id)
            assert [await next_state(first), await next_state(second)] == ["QUEUED None"] * 2

            assert await jobs._claim(job, Settings())  # the worker's own steps, with their notifications
            assert [await next_state(first), await next_state(second)] == ["RUNNING None"] * 2
            await events.report_progress(job, 0.5)
            assert [await next_state(first), await next_state(second)] == ["RUNNING 0.5"] * 2

            late = await opened(url, secret)
            try:
                await subscribe(late, "c", job.id)
                assert await next_state(late) == "RUNNING 0.5"  # the current state first
                await jobs._finish(job, JobStatus.SUCCEEDED, JOBS, result={"contacts": 0})
                for ws in (first, second, late):
                    assert [await next_state(ws), await next_state(ws)] == ["SUCCEEDED 1.0", "complete"]
            finally:
                await late.close()
        finally:
            await first.close()
            await second.close()


async def test_a_reevaluation_run_in_the_web_process_is_watched_to_its_end(
    database_url: str, make_key: MakeKey
) -> None:
    secret = await make_key("read", "write")
    segment = await Segment.create(no="SEG-WS", date="2026-01-01")
    async with live_server(database_url) as base:
        ws = await opened(base.replace("http://", "ws://") + "/graphql", secret)
        try:
            await ws.send(json.dumps({"id": "m", "type": "subscribe", "payload": {
                "query": "mutation($i: SegmentRefInput!) { segmentReevaluate(input: $i) { job { id } } }",
                "variables": {"i": {"segmentId": encode_id("Segment", segment.id)}}}}))
            reply = json.loads(await ws.recv(decode=True))
            job_id = reply["payload"]["data"]["segmentReevaluate"]["job"]["id"]
            assert json.loads(await ws.recv(decode=True))["type"] == "complete"
            await ws.send(json.dumps({"id": "w", "type": "subscribe", "payload": {
                "query": SUBSCRIBE, "variables": {"id": job_id}}}))
            states = []
            while (state := await next_state(ws)) != "complete":
                states.append(state)
            assert states[-1] == "SUCCEEDED 1.0"
        finally:
            await ws.close()
    done = await Job.get(id=int((await Job.all().only("id").first()).id))  # type: ignore[union-attr]
    assert (done.kind, done.status, done.tries) == (JobKind.SEGMENT_REEVALUATE, JobStatus.SUCCEEDED, 1)


async def test_watching_an_unknown_job_is_a_coded_error(database_url: str, make_key: MakeKey) -> None:
    async with live_server(database_url) as base:
        ws = await opened(base.replace("http://", "ws://") + "/graphql", await make_key("read"))
        try:
            await subscribe(ws, "x", 424242)
            async with asyncio.timeout(15):
                message = json.loads(await ws.recv(decode=True))
            assert message["type"] in ("error", "next"), message
            errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
            assert errors[0]["extensions"]["code"] == "NOT_FOUND"
        finally:
            await ws.close()
