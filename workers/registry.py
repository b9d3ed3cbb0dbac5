"""What a job function is, the table of kinds the engine runs, and the errors a job run can end with.

The engine (queue, jobs, events, lease, reconcile) never imports a kind: the composition root builds a
`JobTable` (segmentum/jobs.py) and hands it over, to `queue.configure` in a process that runs jobs itself and
through arq's `startup` into the worker context (`ctx["jobs"]`) in a worker, as arq's own `functions` are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from segmentum.models.system import Job

JobContext = dict[str, Any]
# `async def fn(ctx, job, **payload)`: the Job row is claimed (RUNNING) when it is called.
JobFunction = Callable[..., Awaitable[Any]]


class UnknownJobKind(LookupError):
    pass


class RetryableJobError(Exception):
    """Raised by a job function for a transient failure: the job is run again after `defer` seconds."""

    def __init__(self, message: str, defer: float = 1.0) -> None:
        super().__init__(message)
        self.defer = defer


async def _nothing() -> None:
    return None


@dataclass(frozen=True)
class JobTable:
    """Every kind's function; the kinds whose end records no job.finished event (a webhook delivery's end would
    start another delivery); and what runs once a job's end has committed its events (queueing their delivery)."""

    functions: dict[str, JobFunction]
    quiet: frozenset[str] = frozenset()
    after_commit: Callable[[], Awaitable[Any]] = field(default=_nothing)

    def function(self, kind: str) -> JobFunction:
        fn = self.functions.get(kind)
        if fn is None:
            raise UnknownJobKind(f"No job kind {kind!r} is registered.")
        return fn


def describe(job: Job) -> str:
    return f"job {job.id} ({job.kind}{f' {job.key}' if job.key else ''})"
