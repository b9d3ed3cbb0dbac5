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

from config.settings import Settings
from schema.graphiql.assets import serve_asset
from schema.http import GraphQLView
from schema.root import build_schema

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
        Route("/graphiql/{name}", serve_asset, methods=["GET"]),
        Route("/", home, methods=["GET"]),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
