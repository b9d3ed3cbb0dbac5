"""Scale-out and faults with real `segmentum worker` processes, real Redis and PostgreSQL.

Each test has its own queue name (and the Redis restart its own redis-server), so parallel runs and other
users of the shared Redis are not disturbed. PostgreSQL only: the embedded SQLite default has no workers.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, JobStatus
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import add_contacts
from segmentum.workers import queue
from segmentum.workers.schedule import start_reevaluation
from tests.conftest import test_db_kind as db_kind
from tests.conftest import use_queue
from tests.http.conftest import free_port
from tests.private_redis import private_redis
from tests.workers.conftest import REDIS_URL
from tests.workers.reevaluation_events import archive_state, reevaluation_events

pytestmark = [
    pytest.mark.skipif(db_kind() != "postgres", reason="workers run against PostgreSQL"),
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]

ROOT = Path(__file__).resolve().parents[2]
SEGMENTUM = str(Path(sys.executable).parent / "segmentum")


@pytest.fixture
async def queue_name(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    name = f"segmentum-test:{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    yield name


def _env(database_url: str, queue_name: str, redis_url: str = REDIS_URL, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SEGMENTUM_QUEUE": queue_name,
            "PYTHONUNBUFFERED": "1", **extra}


async def _worker(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(SEGMENTUM, "worker", *args, cwd=ROOT, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)


async def _people(cities: list[str]) -> None:
    await Contact.bulk_create([Contact(no=f"C{i:04}", type=ContactType.PERSON, name=f"P{i}", city=city)
                               for i, city in enumerate(cities)])


async def _segments(count: int) -> list[Segment]:
    segments = []
    for i in range(count):
        segment = await Segment.create(no=f"S{i:04}", date="2026-01-01")
        await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": f"CITY{i % 5}"}}}))
        segments.append(segment)
    return segments


async def _members(segment_id: int) -> set[int]:
    return set(await SegmentLine.filter(segment_id=segment_id).values_list("contact_id", flat=True))  # type: ignore[arg-type]


async def _expected(city: str) -> set[int]:
    return set(await Contact.filter(city=city).values_list("id", flat=True))  # type: ignore[arg-type]


async def test_two_workers_drain_a_burst_of_200_reevaluations(database_url: str, queue_name: str) -> None:
    await _people([f"CITY{i % 5}" for i in range(100)])
    segments = await _segments(200)
    await Contact.filter(no__in=[f"C{i:04}" for i in range(0, 100, 7)]).update(city="CITY1")  # ~15 move
    await use_queue(REDIS_URL)
    try:
        jobs = [await start_reevaluation(s.id) for s in segments]
        # Asking again while queued is the same job: one run per segment.
        assert [j.id for j in [await start_reevaluation(s.id) for s in segments[:20]]] == \
            [j.id for j in jobs[:20]]
    finally:
        await queue.shutdown()

    env = _env(database_url, queue_name)
    workers = [await _worker(env, "--burst"), await _worker(env, "--burst")]
    outputs = await _outputs(workers, 120)
    assert [w.returncode for w in workers] == [0, 0], outputs
    ran = [out.count("run_job(") for out in outputs]
    assert all(n > 0 for n in ran), ran  # both workers took part

    done = await Job.filter(id__in=[j.id for j in jobs]).values_list("status", "tries")
    assert set(done) == {(JobStatus.SUCCEEDED, 1)}
    for i, segment in enumerate(segments):
        assert await _members(segment.id) == await _expected(f"CITY{i % 5}"), segment.no
    # Every entry and exit was applied exactly once.
    moved = 15
    events = len(await reevaluation_events())
    assert events == moved * 40 + moved * 40 - (await _moved_from_city1(moved)) * 40 * 2


async def _outputs(workers: list[asyncio.subprocess.Process], seconds: float) -> list[str]:
    """What the workers printed until they stopped; they are killed after `seconds`."""
    try:
        async with asyncio.timeout(seconds):
            return [(await w.communicate())[0].decode() for w in workers]
    finally:
        for w in workers:
            if w.returncode is None:
                w.kill()
                print((await w.communicate())[0].decode()[-3000:])


async def _moved_from_city1(moved: int) -> int:
    # Contacts moved to CITY1 that were in CITY1 already changed nothing.
    return sum(1 for i in range(0, 100, 7) if i % 5 == 1)


@asynccontextmanager
async def _held(database_url: str, table: str) -> AsyncIterator[asyncpg.Connection]:
    """Another session holding `table` so that writes to it wait (reads go on)."""
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    tx = conn.transaction()
    await tx.start()
    await conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    try:
        yield conn
    finally:
        await tx.rollback()
        await conn.close()


async def test_a_worker_killed_during_the_apply_step_changes_nothing_and_the_retry_completes(
    database_url: str, queue_name: str
) -> None:
    await _people(["GENT"] * 6 + ["BRUGGE"] * 4)
    segment = (await _segments(1))[0]
    await Segment.filter(id=segment.id).update(no="S0000")
    await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": "GENT"}}}))
    before_lines = sorted(await SegmentLine.filter(segment_id=segment.id).values_list("id", "line_no", "contact_id"))
    before_history = await archive_state(segment.id)
    await Contact.filter(no__in=["C0000", "C0001"]).update(city="BRUGGE")
    await Contact.filter(no__in=["C0006"]).update(city="GENT")

    # A short job timeout: arq hands the job of a dead worker to another one after it (plus 10 s).
    env = _env(database_url, queue_name, SEGMENTUM_JOB_TIMEOUT_S="3")
    await use_queue(REDIS_URL)
    try:
        async with _held(database_url, "segment_line"):
            job = await start_reevaluation(segment.id)
            worker = await _worker(env)
            # The replay of both actions is reported (2/3); the apply step then waits for the table.
            async with asyncio.timeout(30):
                while ((await Job.get(id=job.id)).progress or 0) < 0.6:  # noqa: ASYNC110 - another process writes it
                    await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            worker.send_signal(signal.SIGKILL)
            await worker.wait()
        # Its transaction can never commit: the client that would send COMMIT is gone.
        await asyncio.sleep(0.5)
    finally:
        await queue.shutdown()

    assert sorted(await SegmentLine.filter(segment_id=segment.id).values_list("id", "line_no", "contact_id")) == \
        before_lines
    assert await archive_state(segment.id) == before_history
    assert await reevaluation_events() == []
    assert (await Job.get(id=job.id)).status == JobStatus.RUNNING

    restarted = await _worker(env, "--burst")
    async with asyncio.timeout(60):
        output = (await restarted.communicate())[0].decode()
    finished = await Job.get(id=job.id)
    assert (finished.status, finished.tries) == (JobStatus.SUCCEEDED, 2), (finished.error, output)
    assert await _members(segment.id) == await _expected("GENT")


def _redis_server(port: int, data_dir: str) -> AbstractAsyncContextManager[asyncio.subprocess.Process]:
    """Append-only with fsync on every write: a restart keeps every queued job, as a production Redis should."""
    return private_redis(port, data_dir)


async def test_redis_restarted_during_a_burst_loses_no_job_and_runs_each_once(
    database_url: str, queue_name: str
) -> None:
    await _people([f"CITY{i % 5}" for i in range(50)])
    segments = await _segments(40)
    await Contact.filter(no__in=["C0000", "C0005"]).update(city="CITY1")  # CITY0 loses 2, CITY1 gains 2
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    env = _env(database_url, queue_name, redis_url)
    with tempfile.TemporaryDirectory() as data_dir:
        async with _redis_server(port, data_dir) as redis:
            await use_queue(redis_url)
            try:
                jobs = [await start_reevaluation(s.id) for s in segments]
            finally:
                await queue.shutdown()
            worker = await _worker(env)
            async with asyncio.timeout(60):
                while await Job.filter(status=JobStatus.SUCCEEDED).count() < 5:  # noqa: ASYNC110 - written by a worker
                    await asyncio.sleep(0.05)
            redis.kill()  # mid-burst, without warning
            await redis.wait()
        await asyncio.sleep(0.5)
        async with _redis_server(port, data_dir):
            async with asyncio.timeout(90):
                while await Job.filter(id__in=[j.id for j in jobs], status=JobStatus.SUCCEEDED).count() < len(jobs):
                    if worker.returncode is not None:  # a supervisor (Procfile) starts it again
                        worker = await _worker(env)
                    await asyncio.sleep(0.2)
            if worker.returncode is None:
                worker.terminate()
            await worker.communicate()

    assert set(await Job.filter(id__in=[j.id for j in jobs]).values_list("status", flat=True)) == {
        JobStatus.SUCCEEDED}
    for i, segment in enumerate(segments):
        assert await _members(segment.id) == await _expected(f"CITY{i % 5}"), segment.no
    # Each change applied once: 8 CITY0 segments lose 2, 8 CITY1 segments gain 2.
    assert len(await reevaluation_events()) == 8 * 2 + 8 * 2
