"""Delivery through arq on the real Redis: the log queues the job, a real worker sends the entries."""

from __future__ import annotations

import pytest
from arq.connections import ArqRedis

from segmentum.models.enums import DeliveryStatus, JobStatus
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.system import Job
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.workers.conftest import REDIS_URL, arq_queue, run_worker_burst, unique  # noqa: F401 - fixtures

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")


async def test_a_delivery_job_runs_on_an_arq_worker(setup, outbox, make_segment, log_segment, monkeypatch,
                                                     arq_queue: tuple[str, ArqRedis]) -> None:  # noqa: F811
    name, _ = arq_queue
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    await use_queue(REDIS_URL)
    try:
        res = await log_segment(await make_segment(expr="C01|C02"), deliver=True)
        assert res["userErrors"] == []
        worker = await run_worker_burst(name)
    finally:
        await queue.shutdown()
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    assert (await Job.get(kind="delivery")).status == JobStatus.SUCCEEDED
    assert await InteractionLogEntry.filter(delivery_status=DeliveryStatus.SENT).count() == 2
    assert len(list(outbox.glob("entry-*.eml"))) == 2
