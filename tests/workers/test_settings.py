"""WorkerSettings: arq ignores attribute names it does not know, so every name is checked against arq."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import sys
from pathlib import Path

from arq.worker import Worker

from models.system import Job
from workers import jobs
from workers.settings import WorkerSettings, shutdown, startup

ROOT = Path(__file__).resolve().parents[2]


def _settings_names() -> list[str]:
    return [name for name in vars(WorkerSettings) if not name.startswith("__")]


def test_every_worker_setting_is_an_arq_worker_parameter() -> None:
    parameters = set(inspect.signature(Worker.__init__).parameters) - {"self"}
    names = _settings_names()
    assert names, "WorkerSettings defines nothing"
    assert [n for n in names if n not in parameters] == []
    assert {"functions", "on_startup", "on_shutdown", "redis_settings", "queue_name", "max_tries", "job_timeout",
            "keep_result", "poll_delay"} <= set(names)


def test_worker_settings_values() -> None:
    assert WorkerSettings.functions == [jobs.run_job]
    # run_job gets the last word on a job that keeps dying, and times out before arq cancels it.
    assert WorkerSettings.max_tries == jobs.MAX_TRIES + 1
    assert WorkerSettings.job_timeout > jobs.JOB_TIMEOUT_S
    # A kept result would block the next enqueue with the same job id.
    assert WorkerSettings.keep_result == 0
    assert WorkerSettings.poll_delay < 0.5


async def test_redis_and_queue_come_from_the_environment() -> None:
    code = (
        "import json; from workers.settings import WorkerSettings as W; r = W.redis_settings; "
        "print(json.dumps([r.host, r.port, r.database, W.queue_name]))"
    )
    env = {**os.environ, "REDIS_URL": "redis://cache.internal:6390/3", "SEGMENTUM_QUEUE": "segmentum:blue"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert json.loads(out) == ["cache.internal", 6390, 3, "segmentum:blue"]


async def test_startup_reuses_a_database_that_is_already_open() -> None:
    ctx: dict[str, object] = {}
    await startup(ctx)
    assert "owns_tortoise" not in ctx
    await shutdown(ctx)
    # The process's connections were not closed by the worker.
    assert await Job.all().count() == 0
