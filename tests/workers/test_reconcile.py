"""Jobs the queue forgot: a Redis restarted without persistence under real `segmentum worker` processes.

Each test runs its own redis-server on a free port, without persistence (what a restart or a failover loses),
so the shared Redis is never restarted. Leases, renewals and reconciliation are shortened to seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

import pytest
from arq.connections import ArqRedis
from tortoise.transactions import in_transaction

from segmentum.config.settings import Settings
from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.interactions import InteractionGroup, InteractionLogEntry, InteractionTemplate, LoggedSegment
from segmentum.models.log.segment_log import log_segment
from segmentum.models.masters import Salesperson
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import add_contacts
from segmentum.models.worksheet.recording import lock_segment
from segmentum.workers import queue, reconcile
from segmentum.workers.schedule import start_reevaluation
from tests.conftest import test_db_kind as db_kind
from tests.conftest import use_queue
from tests.http.conftest import free_port
from tests.private_redis import private_redis
from tests.workers.reevaluation_events import reevaluation_events
from tests.workers.test_scale_out import _env, _expected, _held, _members, _people, _segments, _worker

pytestmark = [
    pytest.mark.skipif(db_kind() != "postgres", reason="workers run against PostgreSQL"),
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]

SHORT = {"SEGMENTUM_JOB_LEASE_SECONDS": "1", "SEGMENTUM_JOB_LEASE_RENEW_SECONDS": "0.2",
         "SEGMENTUM_JOB_RECONCILE_SECONDS": "0.2"}


@pytest.fixture
async def queue_name(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    name = f"segmentum-test:{free_port()}"
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    for key, value in SHORT.items():
        monkeypatch.setenv(key, value)
    yield name


def _volatile_redis(port: int) -> AbstractAsyncContextManager[asyncio.subprocess.Process]:
    """A private redis-server that keeps nothing: stopping it and starting another is a restart that lost all."""
    return private_redis(port)


async def _until(condition: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    try:
        async with asyncio.timeout(seconds):
            while not await condition():  # noqa: ASYNC110 - another process writes the row
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"not within {seconds} s: {what}") from None


async def _stop(worker: asyncio.subprocess.Process) -> str:
    if worker.returncode is None:
        worker.terminate()
    return (await worker.communicate())[0].decode()


async def _moved_segment() -> Segment:
    await _people(["GENT"] * 6 + ["BRUGGE"] * 4)
    segment = (await _segments(1))[0]
    await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": "GENT"}}}))
    await Contact.filter(no__in=["C0000", "C0001"]).update(city="BRUGGE")
    return segment


async def test_a_queued_job_lost_by_a_redis_restart_is_queued_again_counted_as_an_attempt(
    database_url: str, queue_name: str
) -> None:
    segment = await _moved_segment()
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    async with _volatile_redis(port):
        await use_queue(redis_url)
        try:
            job = await start_reevaluation(segment.id)
        finally:
            await queue.shutdown()
    # Restarted without persistence: the queue is empty, the row still QUEUED.
    async with _volatile_redis(port):
        worker = await _worker(_env(database_url, queue_name, redis_url, **SHORT))
        try:
            await _until(lambda: Job.filter(id=job.id, status=JobStatus.SUCCEEDED).exists(), 40, "the job ran")
        finally:
            output = await _stop(worker)
    done = await Job.get(id=job.id)
    # One attempt lost by the queue, one that ran.
    assert (done.status, done.tries, done.lease_expires_at) == (JobStatus.SUCCEEDED, 2, None), output
    assert await _members(segment.id) == await _expected("GENT")
    # The segment's key is free again: the next re-evaluation is a new job.
    assert (await start_reevaluation(segment.id)).id != job.id


async def test_a_running_job_whose_lease_is_renewed_survives_a_redis_restart_and_runs_once(
    database_url: str, queue_name: str
) -> None:
    segment = await _moved_segment()
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    env = _env(database_url, queue_name, redis_url, **SHORT)
    async with _volatile_redis(port) as redis:
        await use_queue(redis_url)
        try:
            async with _held(database_url, "segment_line"):
                job = await start_reevaluation(segment.id)
                worker = await _worker(env)
                # Running, and waiting for the table: it runs for longer than several leases.
                await _until(lambda: Job.filter(id=job.id, status=JobStatus.RUNNING).exists(), 30, "running")
                redis.kill()
                await redis.wait()
                async with _volatile_redis(port):
                    settings = await use_queue(redis_url)
                    pool = await queue.current_pool()
                    assert pool is not None
                    loop = asyncio.get_running_loop()
                    deadline = loop.time() + 3  # three leases, with the queue entry gone all along
                    while loop.time() < deadline:
                        assert await reconcile.reconcile(pool, settings) == []
                        await asyncio.sleep(0.1)
                    running = await Job.get(id=job.id)
                    assert (running.status, running.tries) == (JobStatus.RUNNING, 1)
                    assert running.lease_expires_at is not None
                    assert running.lease_expires_at > datetime.now(UTC)
                    # The table is released (leaving this block): the same run finishes.
            async with _volatile_redis(port):
                pass
        finally:
            await queue.shutdown()
    try:
        await _until(lambda: Job.filter(id=job.id, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).exists(),
                     30, "the run ended")
    finally:
        output = await _stop(worker)
    done = await Job.get(id=job.id)
    assert (done.status, done.tries) == (JobStatus.SUCCEEDED, 1), (done.error, output)
    assert len(await reevaluation_events()) == 2  # each exit applied once


async def test_a_requeued_log_whose_logged_segment_exists_succeeds_without_logging_twice(
    database_url: str, queue_name: str
) -> None:
    await _people(["GENT"] * 5)
    segment = (await _segments(1))[0]
    await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": "GENT"}}}))
    salesperson = await Salesperson.create(code="SP1", name="Sue Seller")
    group = await InteractionGroup.create(code="OUT", description="Outbound")
    template = await InteractionTemplate.create(code="LETTER", description="Letter", group=group)
    await Segment.filter(id=segment.id).update(description="Spring mailing")
    await SegmentLine.filter(segment_id=segment.id).update(salesperson_id=salesperson.id,
                                                           interaction_template_id=template.id, date="2026-01-01")
    segment = await Segment.get(id=segment.id)
    lines = await SegmentLine.filter(segment_id=segment.id).count()
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    async with _volatile_redis(port):
        await use_queue(redis_url)
        try:
            job = await queue.enqueue(JobKind.SEGMENT_LOG, {"segment_id": segment.id, "segment_no": segment.no},
                                      key=str(segment.id))
        finally:
            await queue.shutdown()
        # A worker took it, committed the log, and was killed before recording the job's end.
        await Job.filter(id=job.id).update(status=JobStatus.RUNNING, tries=1,
                                           lease_expires_at=datetime.now(UTC) - timedelta(seconds=5))
        async with in_transaction():
            await log_segment(await lock_segment(segment.id), deliver=False, create_follow_up=False)
    # ... and Redis restarted without persistence.
    async with _volatile_redis(port):
        worker = await _worker(_env(database_url, queue_name, redis_url, **SHORT))
        try:
            await _until(lambda: Job.filter(id=job.id, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).exists(),
                         40, "the job ended")
        finally:
            output = await _stop(worker)
    done = await Job.get(id=job.id)
    assert done.status == JobStatus.SUCCEEDED, (done.error, output)
    logged = await LoggedSegment.get(segment_no=segment.no)
    assert done.result is not None and done.result["loggedSegmentId"] == logged.id
    assert await LoggedSegment.all().count() == 1
    assert await InteractionLogEntry.filter(logged_segment_id=logged.id).count() == lines == 5



async def test_a_job_still_in_the_queue_is_left_alone_however_old_its_lease(
    arq_queue: tuple[str, ArqRedis], queue_name: str
) -> None:
    segment = await _moved_segment()
    name, pool = arq_queue
    job = await queue.enqueue(JobKind.SEGMENT_REEVALUATE, {"segment_id": segment.id}, key=f"segment:{segment.id}",
                              queue=pool)
    # Workers are busy: the job waits in the queue for longer than its lease.
    await Job.filter(id=job.id).update(lease_expires_at=datetime.now(UTC) - timedelta(minutes=5))
    settings = Settings.from_env()
    assert await reconcile.reconcile(pool, settings) == []
    waiting = await Job.get(id=job.id)
    assert (waiting.status, waiting.tries) == (JobStatus.QUEUED, 0)
    # Gone from the queue, it is queued again, once, counted as an attempt.
    await pool.delete(*[key async for key in pool.scan_iter(match=f"arq:job:{name}:*")])
    assert await reconcile.reconcile(pool, settings) == [job.id]
    assert await reconcile.reconcile(pool, settings) == []
    requeued = await Job.get(id=job.id)
    assert (requeued.status, requeued.tries) == (JobStatus.QUEUED, 1)
    assert await pool.exists(f"arq:job:{name}:{job.kind}:{job.key}")
