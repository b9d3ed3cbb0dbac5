"""Whether the services the API needs (the database, Redis) answer, as the requests and /healthz find them.

A service that goes away is logged once, with what is missing, and requests answer 503 with the code
SERVICE_UNAVAILABLE (no traceback per request); its return is logged once too.
"""

from __future__ import annotations

import logging

from segmentum.models.db_errors import causes, is_unavailable

logger = logging.getLogger("segmentum.availability")

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
RETRY_AFTER_S = 5


class Availability:
    def __init__(self) -> None:
        self.down: dict[str, str] = {}

    def failed(self, service: str, reason: str) -> None:
        if service not in self.down:
            logger.error("%s is unavailable (%s): requests answer 503 and /healthz says so until it is back.",
                         service, reason)
        self.down[service] = reason

    def answered(self, service: str) -> None:
        if self.down and self.down.pop(service, None) is not None:
            logger.warning("%s is available again.", service)

    def message(self, service: str) -> str:
        return f"The {_NAMES.get(service, service.lower())} is unavailable; try again in a few seconds."


_NAMES = {"Database": "database", "Redis": "job queue (Redis)"}


def _is_redis_error(exc: BaseException) -> bool:
    return any(type(e).__module__.startswith("redis.") for e in causes(exc))


def unavailable_service(exc: BaseException) -> str | None:
    """"Redis" or "Database" when `exc` says that service cannot be reached (refused, reset, shut down, timed
    out connecting), None for anything else."""
    if _is_redis_error(exc):
        redis_down = any(isinstance(e, OSError) or type(e).__name__ in _REDIS_DOWN for e in causes(exc))
        return "Redis" if redis_down else None
    return "Database" if is_unavailable(exc) else None


# redis-py's errors for a server that cannot be reached or stopped answering.
_REDIS_DOWN = frozenset({"ConnectionError", "TimeoutError", "BusyLoadingError", "MaxConnectionsError"})


def reason_of(exc: BaseException) -> str:
    """The first line of an exception's text, short, for the one log line."""
    text = str(exc).split("\n", 1)[0].strip() or type(exc).__name__
    return text[:200]


# One per process: every request and the health check report to it.
availability = Availability()
