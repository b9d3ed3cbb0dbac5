"""Subscriptions over graphql-transport-ws (schema/websocket.py authenticates them in connection_init).

A subscription's errors do not pass through the request's error shaping, so they are coded here: a refused
argument keeps its domain code, anything else is masked and logged as over HTTP.

An API key holds at most `max_subscriptions_per_key` subscriptions in one process (over it: RATE_LIMITED), and
all of them share the process's one pub/sub connection (workers/events.py)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from typing import Annotated

import strawberry
from graphql import GraphQLError

from segmentum.models.errors import DomainError
from segmentum.resolvers import jobs
from segmentum.schema.errors import INTERNAL_SERVER_ERROR, coded_error
from segmentum.schema.jobs.types import Job
from segmentum.schema.throttle import RATE_LIMITED

log = logging.getLogger("segmentum.graphql")

# Running subscriptions per API key name, in this process.
_running: Counter[str] = Counter()


@contextmanager
def _counted(key: str, limit: int) -> Iterator[None]:
    if _running[key] >= limit:
        raise coded_error(f"The API key holds {limit} subscriptions already (SEGMENTUM_MAX_SUBSCRIPTIONS_PER_KEY); "
                          "end one first.", RATE_LIMITED, retryAfter=1)
    _running[key] += 1
    try:
        yield
    finally:
        _running[key] -= 1
        if _running[key] <= 0:
            del _running[key]


@strawberry.type(description="Live updates over graphql-transport-ws (authenticated in connection_init).")
class Subscription:
    @strawberry.subscription(description="The job now, then on every status or progress change; completes "
                             "when the job has ended. Any number of clients may watch one job.")
    async def job_updated(
        self, info: strawberry.Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The Job's global ID.")],
    ) -> AsyncGenerator[Job, None]:
        viewer = info.context.viewer
        key = viewer.name if viewer is not None else ""
        try:
            with _counted(key, info.context.settings.max_subscriptions_per_key):
                async for job in jobs.watch_job(id):
                    yield job  # type: ignore[misc]
        except DomainError as exc:
            raise coded_error(str(exc), exc.errors[0].code.value) from None
        except GraphQLError:
            raise
        except Exception:
            log.exception("jobUpdated(%s) failed", str(id)[:40])
            raise coded_error("Internal server error", INTERNAL_SERVER_ERROR) from None
