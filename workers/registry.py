"""What a job function is, and the errors a job run can end with.

The kinds themselves are in one explicit table, `workers/kinds.py`, as arq's own `functions` list is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from models.system import Job

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


def describe(job: Job) -> str:
    return f"job {job.id} ({job.kind}{f' {job.key}' if job.key else ''})"
