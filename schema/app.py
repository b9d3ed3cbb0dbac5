"""The ASGI application: /graphql (HTTP, GraphiQL and WebSocket), /healthz, CORS, and the lifespan that opens
the database connections and the arq pool."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from tortoise import Tortoise, connections

from schema.http import GraphQLView
from schema.root import build_schema
from segmentum.database import tortoise_config
from segmentum.settings import Settings
from workers import queue

logger = logging.getLogger("segmentum.app")

HEALTH_TIMEOUT_SECONDS = 5.0


class _SkipStrawberryErrorLog(logging.Filter):
    """Strawberry logs every GraphQL error, users' mistakes included, at ERROR level; the errors that are
    bugs are logged by schema.limits, with the request id the client was given."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def _quiet_strawberry() -> None:
    strawberry_log = logging.getLogger("strawberry.execution")
    if not any(isinstance(f, _SkipStrawberryErrorLog) for f in strawberry_log.filters):
        strawberry_log.addFilter(_SkipStrawberryErrorLog())


async def _database_ok() -> bool:
    try:
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), HEALTH_TIMEOUT_SECONDS)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


async def _redis_ok(pool: Any) -> bool:
    if pool is None:
        return False
    try:
        await asyncio.wait_for(pool.ping(), HEALTH_TIMEOUT_SECONDS)
        return True
    except Exception:  # noqa: BLE001
        logger.warning("Health check: Redis does not answer", exc_info=True)
        return False


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The API. With manage_database=False the caller has initialised Tortoise already (tests)."""
    settings = settings or Settings.from_env()
    _quiet_strawberry()
    view = GraphQLView(build_schema(settings), settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        if manage_database:
            # uvicorn runs the lifespan in another task than the requests: the context must be global.
            await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
        try:
            await queue.configure(settings.redis_url)
            if not settings.redis_url and manage_database:
                # Without Redis this process runs the jobs: pick up what a previous run left queued.
                await queue.resume_in_process()
            pool = await queue.current_pool()
            app.state.arq = pool
            yield {"arq": pool}
        finally:
            await queue.shutdown()
            if manage_database:
                await Tortoise.close_connections()

    async def healthz(request: Request) -> Response:
        body = {"status": "ok", "database": "ok", "redis": "not configured"}
        healthy = await _database_ok()
        if not healthy:
            body["database"] = "unavailable"
        if settings.redis_url:
            redis_ok = await _redis_ok(getattr(request.app.state, "arq", None))
            body["redis"] = "ok" if redis_ok else "unavailable"
            healthy = healthy and redis_ok
        if not healthy:
            body["status"] = "unavailable"
        return JSONResponse(body, status_code=200 if healthy else 503)

    async def home(request: Request) -> Response:
        return RedirectResponse("/graphql")

    middleware = []
    if settings.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=600,
        ))
    routes = [
        Route("/graphql", view),
        WebSocketRoute("/graphql", view),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/", home, methods=["GET"]),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
