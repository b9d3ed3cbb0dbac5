"""Per-key limits: requests per minute, and expensive requests running at once.

With Redis (REDIS_URL) every process of the deployment counts in the same keys; without it (or while Redis
does not answer) this process counts alone. The rate is a fixed one-minute window per key. A running
expensive request holds a lease that expires by itself (after `lease_seconds`), so a process that dies
mid-request frees its key's slots in time.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

logger = logging.getLogger("segmentum.throttle")

RATE_LIMITED = "RATE_LIMITED"
WINDOW_SECONDS = 60
PREFIX = "segmentum:throttle"

# KEYS[1] the key's lease set; ARGV: lease seconds, limit, lease id. Returns 1 when the lease was taken.
_ACQUIRE = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local ttl = tonumber(ARGV[1]) * 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms - ttl)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ms, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
"""


@dataclass(frozen=True)
class Refusal:
    """Why a request may not run now, and when to try again."""

    message: str
    retry_after: int  # whole seconds, at least 1
    # The first request over the rate in its window (counted across processes when Redis counts): the audit
    # trail records that one, not every refused request of a flood.
    first: bool = False


@dataclass(frozen=True)
class Lease:
    key: str
    lease_id: str
    redis: Any


class Throttle:
    def __init__(self, rate_per_minute: int, max_concurrent: int, lease_seconds: int) -> None:
        self.rate_per_minute = rate_per_minute
        self.max_concurrent = max_concurrent
        self.lease_seconds = max(1, lease_seconds)
        self._counts: dict[tuple[str, int], int] = {}
        self._running: defaultdict[str, set[str]] = defaultdict(set)

    # ---------------------------------------------------------------- rate
    async def hit(self, key: str, redis: Any = None) -> Refusal | None:
        """Counts one request of `key`; a Refusal when it is over the rate."""
        if self.rate_per_minute <= 0:
            return None
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        count = None
        if redis is not None:
            name = f"{PREFIX}:rate:{key}:{window}"
            try:
                async with redis.pipeline(transaction=True) as pipe:
                    pipe.incr(name)
                    pipe.expire(name, WINDOW_SECONDS + 5)
                    count, _ = await pipe.execute()
            except (RedisError, OSError):
                logger.warning("Redis does not answer: requests are counted in this process", exc_info=True)
        if count is None:
            if len(self._counts) > 10_000:  # forget the windows that are over
                self._counts = {k: v for k, v in self._counts.items() if k[1] == window}
            count = self._counts[(key, window)] = self._counts.get((key, window), 0) + 1
        if int(count) <= self.rate_per_minute:
            return None
        retry = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        return Refusal(f"The API key has made more than {self.rate_per_minute} requests this minute; "
                       f"try again in {retry} s.", retry, first=int(count) == self.rate_per_minute + 1)

    # ---------------------------------------------------------------- concurrency
    async def acquire(self, key: str, redis: Any = None) -> Lease | Refusal:
        """A lease for one expensive request of `key`, or a Refusal when the key runs its maximum already."""
        lease_id = uuid.uuid4().hex
        if self.max_concurrent <= 0:
            return Lease(key, lease_id, None)
        taken = None
        if redis is not None:
            try:
                taken = await redis.eval(_ACQUIRE, 1, f"{PREFIX}:running:{key}", self.lease_seconds,
                                         self.max_concurrent, lease_id)
            except (RedisError, OSError):
                logger.warning("Redis does not answer: expensive requests are counted in this process",
                               exc_info=True)
            if taken is not None and int(taken):
                return Lease(key, lease_id, redis)
        if taken is None:
            running = self._running[key]
            if len(running) < self.max_concurrent:
                running.add(lease_id)
                return Lease(key, lease_id, None)
        return Refusal(f"The API key runs {self.max_concurrent} expensive requests already; wait for one to "
                       "finish.", 1)

    async def release(self, lease: Lease) -> None:
        if lease.redis is not None:
            try:
                await lease.redis.zrem(f"{PREFIX}:running:{lease.key}", lease.lease_id)
            except (RedisError, OSError):
                logger.warning("Redis does not answer: the lease expires by itself", exc_info=True)
            return
        running = self._running.get(lease.key)
        if running is not None:
            running.discard(lease.lease_id)
            if not running:
                del self._running[lease.key]
