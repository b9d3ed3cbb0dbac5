"""The ASGI routes: /graphql (HTTP, GraphiQL and WebSocket), /healthz and CORS. What runs around them (the
database connections, the job queue) is the lifespan the composition root passes in (segmentum/app.py)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Lifespan
from tortoise import connections

from segmentum.config.settings import Settings
from segmentum.schema.availability import availability, reason_of
from segmentum.schema.bulk.download import download
from segmentum.schema.graphiql.assets import serve_asset
from segmentum.schema.http import GraphQLView
from segmentum.schema.root import build_schema

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
    pool_log = logging.getLogger("asyncpg.pool")
    if not any(isinstance(f, _PoolRetriesAsOutage) for f in pool_log.filters):
        pool_log.addFilter(_PoolRetriesAsOutage())


class _PoolRetriesAsOutage(logging.Filter):
    """asyncpg's pool logs a traceback each time it fails to reconnect while the database is down (every 1 to
    60 s); the outage is one line of `availability` instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Failed to restore the pool connection floor"):
            return True
        failure = record.exc_info[1] if record.exc_info else None
        availability.failed("Database", reason_of(failure) if failure is not None else "cannot reconnect")
        return False


async def _database_ok() -> bool:
    try:
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        availability.failed("Database", reason_of(exc))
        return False
    availability.answered("Database")
    return True


async def _redis_ok(pool: Any) -> bool:
    if pool is None:
        return False
    try:
        await asyncio.wait_for(pool.ping(), HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001
        availability.failed("Redis", reason_of(exc))
        return False
    availability.answered("Redis")
    return True


def build_app(settings: Settings, lifespan: Lifespan[Starlette] | None = None) -> Starlette:
    """The API's routes on `settings`; `lifespan` opens what they need (see segmentum.app.create_app).

    A lifespan that yields {"arq": pool} gives requests the job queue's Redis pool (health check, context)."""
    _quiet_strawberry()
    view = GraphQLView(build_schema(settings), settings)

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
        Route("/bulk-queries/{job_id}", download, methods=["GET"]),
        Route("/graphiql/{name}", serve_asset, methods=["GET"]),
        Route("/", home, methods=["GET"]),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
