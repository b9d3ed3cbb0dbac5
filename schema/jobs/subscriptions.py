"""Subscriptions over graphql-transport-ws (schema/websocket.py authenticates them in connection_init).

A subscription's errors do not pass through the request's error shaping, so they are coded here: a refused
argument keeps its domain code, anything else is masked and logged as over HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from graphql import GraphQLError

from models.errors import DomainError
from resolvers import jobs
from schema.errors import INTERNAL_SERVER_ERROR, coded_error
from schema.jobs.types import Job

log = logging.getLogger("segmentum.graphql")


@strawberry.type(description="Live updates over graphql-transport-ws (authenticated in connection_init).")
class Subscription:
    @strawberry.subscription(description="The job now, then on every status or progress change; completes "
                             "when the job has ended. Any number of clients may watch one job.")
    async def job_updated(
        self, id: Annotated[strawberry.ID, strawberry.argument(description="The Job's global ID.")]
    ) -> AsyncGenerator[Job, None]:
        try:
            async for job in jobs.watch_job(id):
                yield job  # type: ignore[misc]
        except DomainError as exc:
            raise coded_error(str(exc), exc.errors[0].code.value) from None
        except GraphQLError:
            raise
        except Exception:
            log.exception("jobUpdated(%s) failed", str(id)[:40])
            raise coded_error("Internal server error", INTERNAL_SERVER_ERROR) from None
