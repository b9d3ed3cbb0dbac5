"""Job kinds: a kind name maps to `async def fn(ctx, job, **payload)`.

Kinds live in their own modules and register themselves on import; `load_kinds()` imports them all,
so a worker process and an in-process queue know the same kinds.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import Any

from models.system import Job
from workers.events import report_progress

JobContext = dict[str, Any]
JobFunction = Callable[..., Awaitable[Any]]

# Modules that register job kinds; add new ones here.
KIND_MODULES = ["workers.contacts", "workers.segment_log", "workers.delivery"]

_kinds: dict[str, JobFunction] = {}

__all__ = [
    "JobContext",
    "JobFunction",
    "RetryableJobError",
    "UnknownJobKind",
    "get_kind",
    "job_kind",
    "load_kinds",
    "register",
    "registered_kinds",
    "report_progress",
    "unregister",
]


class UnknownJobKind(LookupError):
    pass


class RetryableJobError(Exception):
    """Raised by a job function for a transient failure: the job is run again after `defer` seconds."""

    def __init__(self, message: str, defer: float = 1.0) -> None:
        super().__init__(message)
        self.defer = defer


def register(kind: str, fn: JobFunction) -> JobFunction:
    if kind in _kinds and _kinds[kind] is not fn:
        raise ValueError(f"Job kind {kind!r} is already registered by {_kinds[kind].__qualname__}.")
    _kinds[kind] = fn
    return fn


def unregister(kind: str) -> None:
    _kinds.pop(kind, None)


def job_kind(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Decorator form of `register`."""

    def decorate(fn: JobFunction) -> JobFunction:
        return register(kind, fn)

    return decorate


def load_kinds() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def get_kind(kind: str) -> JobFunction:
    load_kinds()
    try:
        return _kinds[kind]
    except KeyError:
        raise UnknownJobKind(f"No job kind {kind!r} is registered.") from None


def registered_kinds() -> list[str]:
    load_kinds()
    return sorted(_kinds)


def describe(job: Job) -> str:
    return f"job {job.id} ({job.kind}{f' {job.key}' if job.key else ''})"
