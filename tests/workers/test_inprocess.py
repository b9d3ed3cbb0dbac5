"""Jobs without Redis: the same run_job, as tasks of this process, with the same Job records."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.system import Job
from segmentum.workers import queue
from segmentum.workers.events import report_progress, watch
from segmentum.workers.registry import RetryableJobError, UnknownJobKind
from tests.conftest import job_context, use_queue

pytestmark = pytest.mark.usefixtures("in_process")


async def test_seed_job_runs_in_process_and_succeeds() -> None:
    job = await queue.enqueue(JobKind.CONTACTS_SEED, {"contacts": 120})
    assert job.status == JobStatus.QUEUED
    await queue.drain()

    done = await Job.get(id=job.id)
    assert done.status == JobStatus.SUCCEEDED
    assert done.progress == 1.0
    assert done.tries == 1
    assert done.error is None
    assert done.started_at is not None and done.finished_at is not None
    assert done.enqueued_at <= done.started_at <= done.finished_at
    assert done.result["contacts"] == 120
    assert await Contact.all().count() == 120


async def test_watch_sees_progress_up_to_one_and_ends_with_the_job() -> None:
    job = await queue.enqueue(JobKind.CONTACTS_SEED, {"contacts": 12000})
    seen: list[tuple[JobStatus, float | None]] = []
    async with asyncio.timeout(120):
        async for state in watch(job.id, poll_interval=0.2):
            seen.append((state.status, state.progress))
    assert seen[-1] == (JobStatus.SUCCEEDED, 1.0)
    progress = [p for _, p in seen if p is not None]
    assert progress == sorted(progress)
    # The seed reports after every chunk of contacts; at least one report between start and end is seen.
    assert any(0 < p < 1 for p in progress), seen


async def test_same_key_while_active_returns_the_same_job(job_kinds: Any) -> None:
    release = asyncio.Event()

    async def slow(ctx: dict[str, Any], job: Job) -> str:
        await release.wait()
        return "done"

    kind = job_kinds("slow", slow)
    first = await queue.enqueue(kind, {}, key="segment-7")
    again = await queue.enqueue(kind, {}, key="segment-7")
    concurrent = await asyncio.gather(*(queue.enqueue(kind, {}, key="segment-7") for _ in range(5)))
    other_key = await queue.enqueue(kind, {}, key="segment-8")
    assert again.id == first.id
    assert {j.id for j in concurrent} == {first.id}
    assert other_key.id != first.id
    assert await Job.filter(kind=kind, key="segment-7").count() == 1

    release.set()
    await queue.drain()
    assert (await Job.get(id=first.id)).status == JobStatus.SUCCEEDED
    # Once it has ended, the key is free for the next run.
    next_run = await queue.enqueue(kind, {}, key="segment-7")
    assert next_run.id != first.id
    await queue.drain()
    assert await Job.filter(kind=kind, key="segment-7", status=JobStatus.SUCCEEDED).count() == 2


async def test_failing_job_is_recorded_as_failed_with_its_error(job_kinds: Any) -> None:
    async def broken(ctx: dict[str, Any], job: Job, value: int) -> None:
        raise ValueError(f"value {value} is not acceptable")

    kind = job_kinds("broken", broken)
    job = await queue.enqueue(kind, {"value": 42})
    await queue.drain()

    failed = await Job.get(id=job.id)
    assert failed.status == JobStatus.FAILED
    assert failed.error == "ValueError: value 42 is not acceptable"
    assert failed.tries == 1  # an ordinary error is not retried
    assert failed.finished_at is not None
    assert failed.result is None


async def test_retryable_error_runs_the_job_again(job_kinds: Any) -> None:
    calls: list[int] = []

    async def flaky(ctx: dict[str, Any], job: Job) -> dict[str, int]:
        calls.append(ctx["job_try"])
        if len(calls) < 3:
            raise RetryableJobError("database busy", defer=0.01)
        return {"calls": len(calls)}

    kind = job_kinds("flaky", flaky)
    job = await queue.enqueue(kind, {})
    await queue.drain()

    done = await Job.get(id=job.id)
    assert done.status == JobStatus.SUCCEEDED
    assert done.tries == 3
    assert done.result == {"calls": 3}
    assert done.error is None


async def test_retryable_error_gives_up_after_max_tries(job_kinds: Any) -> None:
    from segmentum.workers.jobs import MAX_TRIES

    async def always_busy(ctx: dict[str, Any], job: Job) -> None:
        raise RetryableJobError("still busy", defer=0)

    kind = job_kinds("busy", always_busy)
    job = await queue.enqueue(kind, {})
    await queue.drain()

    failed = await Job.get(id=job.id)
    assert failed.status == JobStatus.FAILED
    assert failed.tries == MAX_TRIES
    assert "still busy" in (failed.error or "")


async def test_a_finished_job_is_not_run_again(job_kinds: Any) -> None:
    from segmentum.workers.jobs import run_job

    calls: list[int] = []

    async def count(ctx: dict[str, Any], job: Job) -> int:
        calls.append(job.id)
        return len(calls)

    kind = job_kinds("count", count)
    job = await queue.enqueue(kind, {})
    await queue.drain()
    before = await Job.get(id=job.id)

    await run_job({"job_try": 2, **job_context()}, job.id)
    after = await Job.get(id=job.id)
    assert calls == [job.id]
    assert (after.status, after.tries, after.finished_at, after.result) == (
        before.status, before.tries, before.finished_at, before.result)


async def test_cancel_stops_a_running_job(job_kinds: Any) -> None:
    started = asyncio.Event()

    async def endless(ctx: dict[str, Any], job: Job) -> None:
        started.set()
        for step in range(10_000):
            await report_progress(job, step / 10_000)
            await asyncio.sleep(0.01)

    kind = job_kinds("endless", endless)
    job = await queue.enqueue(kind, {})
    async with asyncio.timeout(10):
        await started.wait()
    assert await queue.cancel(job.id) is True
    await queue.drain()

    canceled = await Job.get(id=job.id)
    assert canceled.status == JobStatus.CANCELED
    assert canceled.finished_at is not None
    assert await queue.cancel(job.id) is False  # already ended


async def test_unknown_kind_is_refused_before_a_row_exists() -> None:
    with pytest.raises(UnknownJobKind, match="no.such.kind"):
        await queue.enqueue("no.such.kind", {})
    assert await Job.all().count() == 0


async def test_job_enqueued_in_a_rolled_back_transaction_never_runs(
    job_kinds: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tortoise.transactions import in_transaction

    from segmentum.workers import jobs

    # How long a runner waits for an uncommitted Job row to appear, and between deliveries; shortened.
    monkeypatch.setattr(jobs, "VISIBILITY_WAIT_S", 0.05)
    monkeypatch.setattr(jobs, "MISSING_ROW_DEFER_S", 0.01)
    calls: list[int] = []

    async def record(ctx: dict[str, Any], job: Job) -> None:
        calls.append(job.id)

    kind = job_kinds("record", record)
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await queue.enqueue(kind, {})
            raise RuntimeError("the mutation failed")
    await queue.drain()
    assert calls == []
    assert await Job.all().count() == 0


async def test_jobs_left_queued_or_running_are_resumed_at_startup(job_kinds: Any) -> None:
    calls: list[int] = []

    async def record(ctx: dict[str, Any], job: Job) -> None:
        calls.append(job.id)

    kind = job_kinds("resume", record)
    # As a process that stopped before running one job and in the middle of another leaves them.
    queued = await Job.create(kind=kind, status=JobStatus.QUEUED)
    interrupted = await Job.create(kind=kind, status=JobStatus.RUNNING, tries=1)
    finished = await Job.create(kind=kind, status=JobStatus.SUCCEEDED, tries=1)

    assert await queue.resume_in_process() == [queued.id, interrupted.id]
    await queue.drain()
    assert sorted(calls) == [queued.id, interrupted.id]
    assert (await Job.get(id=interrupted.id)).tries == 2
    assert (await Job.get(id=finished.id)).tries == 1
    assert {j.status for j in await Job.filter(kind=kind)} == {JobStatus.SUCCEEDED}


async def test_a_job_committed_late_still_runs(job_kinds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A job enqueued in a transaction that commits after the runner looked for it is delivered again."""
    from tortoise.transactions import in_transaction

    from segmentum.workers import jobs

    monkeypatch.setattr(jobs, "VISIBILITY_WAIT_S", 0.05)
    monkeypatch.setattr(jobs, "MISSING_ROW_DEFER_S", 0.05)
    calls: list[int] = []

    async def record(ctx: dict[str, Any], job: Job) -> None:
        calls.append(ctx["job_try"])

    kind = job_kinds("late", record)
    async with in_transaction():
        job = await queue.enqueue(kind, {})
        # The mutation goes on for a while after enqueueing.
        await asyncio.sleep(0.3)
    await queue.drain()
    assert (await Job.get(id=job.id)).status == JobStatus.SUCCEEDED
    assert len(calls) == 1


async def test_progress_reported_inside_a_transaction_does_not_block(job_kinds: Any) -> None:
    from tortoise.transactions import in_transaction

    from segmentum.models.masters import Territory

    async def careful(ctx: dict[str, Any], job: Job) -> int:
        async with in_transaction():
            await Territory.create(code="T1", name="One")
            await report_progress(job, 0.5)
            await Territory.create(code="T2", name="Two")
        return await Territory.all().count()

    job = await queue.enqueue(job_kinds("careful", careful), {})
    async with asyncio.timeout(20):
        await queue.drain()
    done = await Job.get(id=job.id)
    assert done.status == JobStatus.SUCCEEDED, done.error
    assert done.result == {"value": 2}


async def test_a_job_that_runs_too_long_fails_as_timed_out(job_kinds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGMENTUM_JOB_TIMEOUT_S", "0.2")
    await use_queue()

    async def sleepy(ctx: dict[str, Any], job: Job) -> None:
        await asyncio.sleep(30)

    async def own_timeout(ctx: dict[str, Any], job: Job) -> None:
        raise TimeoutError("the mail server did not answer")

    slow = await queue.enqueue(job_kinds("sleepy", sleepy), {})
    other = await queue.enqueue(job_kinds("own", own_timeout), {})
    async with asyncio.timeout(20):
        await queue.drain()
    assert (await Job.get(id=slow.id)).error == "Timed out after 0.2 seconds."
    assert (await Job.get(id=other.id)).error == "TimeoutError: the mail server did not answer"
    assert {j.status for j in await Job.all()} == {JobStatus.FAILED}


async def test_a_kind_started_again_while_active_is_the_same_job() -> None:
    from tortoise.transactions import in_transaction

    from segmentum.workers import delivery
    from segmentum.workers.schedule import start_reevaluation
    from segmentum.workers.webhooks import deliver

    # Inside one transaction nothing has run yet: each start function's key makes the second start the first job.
    async with in_transaction():
        pairs = [(await start(), await start()) for start in (
            lambda: delivery.start(logged_segment_id=7), lambda: delivery.start(entry_id=7),
            lambda: start_reevaluation(7), lambda: deliver.start(7))]
    assert all(first.id == again.id for first, again in pairs)
    assert len({first.id for first, _ in pairs}) == 4  # a logged segment's delivery is not entry 7's
    assert [first.payload for first, _ in pairs] == [{"logged_segment_id": 7}, {"entry_id": 7}, {"segment_id": 7},
                                                    {"delivery_id": 7}]
    async with asyncio.timeout(30):
        await queue.drain()
