"""arq worker configuration: `arq workers.settings.WorkerSettings` (or `segmentum worker`).

arq ignores attribute names it does not know, so tests compare these names with arq's Worker parameters.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings
from tortoise import Tortoise
from tortoise.context import get_current_context

from config.database import tortoise_config
from workers import reconcile
from workers.events import publisher, set_publisher
from workers.jobs import DELIVERIES, JOB_TIMEOUT_S, run_job
from workers.queue import queue_name, redis_settings
from workers.schedule import schedule_tick


def _redis_settings() -> RedisSettings:
    url = os.environ.get("REDIS_URL")
    return redis_settings(url) if url else RedisSettings()


async def startup(ctx: dict[str, Any]) -> None:
    # A worker embedded in a process that already has the database (tests, a combined process) reuses it.
    if get_current_context() is None:
        await Tortoise.init(config=tortoise_config(), _enable_global_fallback=True)
        ctx["owns_tortoise"] = True
    if publisher() is None:
        set_publisher(ctx.get("redis"))
        ctx["owns_publisher"] = True
    # Jobs the queue has forgotten (a Redis restarted without persistence) go back to it.
    if ctx.get("redis") is not None:
        reconcile.start(ctx)
        # Webhook deliveries a process committed but did not queue (it died in between) are queued now.
        from workers.webhooks.dispatch import dispatch  # the dispatcher uses the queue, which imports the kinds

        await dispatch()


async def shutdown(ctx: dict[str, Any]) -> None:
    await reconcile.stop(ctx)
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
    redis_settings = _redis_settings()
    queue_name = queue_name()
    # One more than run_job's own limit, so that run_job gets the last word and records the failure.
    max_tries = DELIVERIES
    job_timeout = JOB_TIMEOUT_S + min(60, JOB_TIMEOUT_S)
    # Results live in the Job row; a kept arq result would also block the next run with the same job id.
    keep_result = 0
    poll_delay = 0.1
    # A job may hold two of the pool's five connections at once (its transaction, and the bookkeeping of its
    # progress, written beside it so clients see it): two jobs at a time never wait on each other for one.
    # More throughput comes from more worker processes (they scale out; see README).
    max_jobs = 2
    health_check_interval = 60
