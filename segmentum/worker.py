"""The arq worker: `segmentum worker` runs `WorkerSettings` with the options of this process's Settings.

`WorkerSettings` is a plain arq settings class: what every worker runs, no environment read when it is imported.
What depends on the deployment (Redis, the queue's name, the time limit) comes from the Settings object, as
arq's `run_worker(WorkerSettings, **worker_options(settings))` overrides; `startup` puts the settings and the
job table (segmentum/jobs.py) into the worker context, where `run_job` finds them (arq's `ctx`).
arq ignores attribute names it does not know, so tests compare these names with arq's Worker parameters.
"""

from __future__ import annotations

from typing import Any, ClassVar

from arq import cron
from tortoise import Tortoise
from tortoise.context import get_current_context

from segmentum.config.database import tortoise_config
from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.workers import queue, reconcile
from segmentum.workers.events import publisher, set_publisher
from segmentum.workers.jobs import DELIVERIES, arq_job_timeout, run_job
from segmentum.workers.schedule import schedule_tick
from segmentum.workers.webhooks.dispatch import dispatch


def worker_options(settings: Settings) -> dict[str, Any]:
    """The arq Worker options that come from the settings (the context carries the settings themselves)."""
    return {
        "redis_settings": queue.redis_settings(settings.redis_url),
        "queue_name": settings.queue_name,
        "job_timeout": arq_job_timeout(settings),
        "ctx": {"settings": settings},
    }


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx.setdefault("settings", Settings.from_env())
    ctx["jobs"] = JOBS
    # A worker embedded in a process that already has the database and the queue (tests, a combined process)
    # reuses them.
    if get_current_context() is None:
        await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
        ctx["owns_tortoise"] = True
    if not queue.configured():
        # Jobs start jobs (a log its delivery, a re-evaluation its readers): through this worker's Redis.
        await queue.configure(settings, JOBS)
        ctx["owns_queue"] = True
    if publisher() is None:
        set_publisher(ctx.get("redis"), settings.job_poll_seconds)
        ctx["owns_publisher"] = True
    # Jobs the queue has forgotten (a Redis restarted without persistence) go back to it.
    if ctx.get("redis") is not None:
        reconcile.start(ctx)
        # Webhook deliveries a process committed but did not queue (it died in between) are queued now.
        await dispatch()


async def shutdown(ctx: dict[str, Any]) -> None:
    await reconcile.stop(ctx)
    if ctx.pop("owns_queue", False):
        await queue.shutdown()
    if ctx.pop("owns_publisher", False):
        set_publisher(None)
    if ctx.pop("owns_tortoise", False):
        await Tortoise.close_connections()


class WorkerSettings:
    functions: ClassVar[list[Any]] = [run_job]
    # Every minute one worker (unique per tick) enqueues the DYNAMIC segments that are due.
    cron_jobs: ClassVar[list[Any]] = [cron(schedule_tick, second={0}, unique=True)]
    on_startup = startup
    on_shutdown = shutdown
    # One more than run_job's own limit, so that run_job gets the last word and records the failure.
    max_tries = DELIVERIES
    # Results live in the Job row; a kept arq result would also block the next run with the same job id.
    keep_result = 0
    poll_delay = 0.1
    # A job may hold two of the pool's five connections at once (its transaction, and the bookkeeping of its
    # progress, written beside it so clients see it): two jobs at a time never wait on each other for one.
    # More throughput comes from more worker processes (they scale out; see README).
    max_jobs = 2
    health_check_interval = 60
