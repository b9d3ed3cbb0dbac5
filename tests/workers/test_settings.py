"""WorkerSettings: arq ignores attribute names it does not know, so every name is checked against arq; what depends
on the deployment comes from the Settings object, never from the environment when the module is imported."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import sys
from pathlib import Path

import pytest
from arq.worker import Worker

from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.models.system import Job
from segmentum.worker import WorkerSettings, shutdown, startup, worker_options
from segmentum.workers import jobs

ROOT = Path(__file__).resolve().parents[2]


def _settings_names() -> list[str]:
    return [name for name in vars(WorkerSettings) if not name.startswith("__")]


def test_every_worker_setting_is_an_arq_worker_parameter() -> None:
    parameters = set(inspect.signature(Worker.__init__).parameters) - {"self"}
    names = _settings_names() + list(worker_options(Settings()))
    assert names, "WorkerSettings defines nothing"
    assert [n for n in names if n not in parameters] == []
    assert {"functions", "on_startup", "on_shutdown", "redis_settings", "queue_name", "max_tries", "job_timeout",
            "keep_result", "poll_delay", "ctx"} <= set(names)


def test_worker_settings_values() -> None:
    assert WorkerSettings.functions == [jobs.run_job]
    # run_job gets the last word on a job that keeps dying, and times out before arq cancels it.
    assert WorkerSettings.max_tries == jobs.MAX_TRIES + 1
    settings = Settings(job_timeout_seconds=3)
    assert worker_options(settings)["job_timeout"] > settings.job_timeout_seconds
    # A kept result would block the next enqueue with the same job id.
    assert WorkerSettings.keep_result == 0
    assert WorkerSettings.poll_delay < 0.5


def test_redis_and_queue_come_from_the_settings() -> None:
    settings = Settings(redis_url="redis://cache.internal:6390/3", queue_name="segmentum:blue", job_timeout_seconds=7)
    options = worker_options(settings)
    r = options["redis_settings"]
    assert [r.host, r.port, r.database, options["queue_name"]] == ["cache.internal", 6390, 3, "segmentum:blue"]
    assert options["ctx"] == {"settings": settings}


async def test_importing_the_worker_reads_no_environment() -> None:
    # The same values whatever the environment says: it is read once, into the Settings the process passes on.
    code = ("import json; from segmentum.worker import WorkerSettings as W; "
            "print(json.dumps(sorted((k, repr(v)) for k, v in vars(W).items() if not k.startswith('__') "
            "and not callable(v) and k not in ('functions', 'cron_jobs'))))")
    outputs = []
    for env in ({}, {"REDIS_URL": "redis://cache.internal:6390/3", "SEGMENTUM_QUEUE": "segmentum:blue",
                     "SEGMENTUM_JOB_TIMEOUT_S": "7"}):
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", code, cwd=ROOT, env={**os.environ, **env}, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] and "queue_name" not in dict(outputs[0])


def test_every_default_is_written_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # With no variable set, the settings read from the environment are the fields' own defaults.
    for name in [n for n in os.environ if n.startswith("SEGMENTUM_") or n in ("DATABASE_URL", "REDIS_URL")]:
        monkeypatch.delenv(name)
    assert Settings.from_env() == Settings()


async def test_startup_reuses_a_database_that_is_already_open() -> None:
    ctx: dict[str, object] = {}
    await startup(ctx)
    assert "owns_tortoise" not in ctx and "owns_queue" not in ctx
    assert ctx["jobs"] is JOBS and isinstance(ctx["settings"], Settings)
    await shutdown(ctx)
    # The process's connections were not closed by the worker.
    assert await Job.all().count() == 0
