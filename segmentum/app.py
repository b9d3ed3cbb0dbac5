"""The wired ASGI application: the API's routes (schema/app.py) with the lifespan that opens the database
connections and the job queue. `uvicorn --factory segmentum.app:create_app` serves it."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.types import Message, Receive, Scope, Send
from tortoise import Tortoise

from segmentum.config.connectivity import Unreachable, check_database, check_redis
from segmentum.config.database import tortoise_config
from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.schema.app import build_app
from segmentum.workers import queue, schedule


def lifespan_for(settings: Settings, *,
                 manage_database: bool) -> Callable[[Starlette], AbstractAsyncContextManager[dict[str, Any]]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        if manage_database:
            # A service that does not answer stops the start with what to do (StartupRefused below), rather
            # than a start that answers every request with an error.
            await check_database(settings.database_url)
            if settings.redis_url:
                await check_redis(settings.redis_url)
            # uvicorn runs the lifespan in another task than the requests: the context must be global.
            # API requests run under the statement timeout (long work belongs in jobs: see README).
            await Tortoise.init(config=tortoise_config(settings.database_url, settings.statement_timeout_ms),
                                _enable_global_fallback=True)
        scheduler: asyncio.Task[None] | None = None
        try:
            await queue.configure(settings, JOBS)
            if not settings.redis_url and manage_database:
                # Without Redis this process runs the jobs: pick up what a previous run left queued, and keep
                # DYNAMIC segments current (with Redis, the workers' cron does).
                await queue.resume_in_process()
                scheduler = asyncio.create_task(schedule.run_in_process(settings.schedule_seconds),
                                                name="segmentum-schedule")
            pool = await queue.current_pool()
            app.state.arq = pool
            yield {"arq": pool}
        finally:
            if scheduler is not None:
                scheduler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await scheduler
            await queue.shutdown()
            if manage_database:
                await Tortoise.close_connections()

    return lifespan


def _refusals_in_one_line(lifespan: Callable[[Scope, Receive, Send], Awaitable[None]]) -> Any:
    """The router's lifespan, reporting a start refused for an Unreachable service by its message alone:
    Starlette hands the server the whole traceback as the reason, and uvicorn prints it."""

    async def run(scope: Scope, receive: Receive, send: Send) -> None:
        async def reporting(message: Message) -> None:
            failing = sys.exc_info()[1]  # Starlette reports from inside its `except`
            if message["type"] == "lifespan.startup.failed" and isinstance(failing, Unreachable):
                message = {**message, "message": str(failing)}
            await send(message)

        await lifespan(scope, receive, reporting)

    return run


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The API. With manage_database=False the caller has initialised Tortoise already (tests)."""
    settings = settings or Settings.from_env()
    app = build_app(settings, lifespan_for(settings, manage_database=manage_database))
    app.router.lifespan = _refusals_in_one_line(app.router.lifespan)  # type: ignore[method-assign]
    return app
