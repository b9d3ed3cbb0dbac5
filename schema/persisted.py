"""Automatic persisted queries, in the protocol Apollo clients speak (web, iOS, Kotlin).

A client sends `extensions.persistedQuery = {version: 1, sha256Hash}` without the query. A known hash runs its
document; an unknown one answers `PersistedQueryNotFound` (code PERSISTED_QUERY_NOT_FOUND), and the client sends
the hash again with the query: the hash is checked against the text, the document is stored and run. Over GET
(queries only) the URL is then short and the same for every client, so a CDN can cache it.

Documents are kept in Redis when REDIS_URL is set (shared by every process, expiring after a week unused), in an
LRU of this process otherwise; either way at most DOCUMENTS_PER_KEY stored by one API key and TOTAL_DOCUMENTS in
all, each of at most MAX_STORED_CHARS. Registered documents (`segmentum document register`, in the database)
are found too, and are all that a key restricted to registered documents may run.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any

from redis.exceptions import RedisError

from segmentum.resolvers.documents import document_hash, registered_text

logger = logging.getLogger("segmentum.persisted")

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # Apollo's PersistedQueryLink matches this message and this code
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
NOT_REGISTERED = "DOCUMENT_NOT_REGISTERED"
PREFIX = "segmentum:apq:"
TTL_SECONDS = 7 * 24 * 3600
# Documents kept in all, and stored by one API key: past either, the least recently used go (a client whose
# document went sends it again, as the protocol has it). With MAX_STORED_CHARS, the store holds at most
# 2,000 x 10,000 characters (20 MB), in the Redis that also holds the queue and the rate limits.
TOTAL_DOCUMENTS = 2_000
DOCUMENTS_PER_KEY = 100
# Larger documents run but are not stored (a client's generated documents are a few KB).
MAX_STORED_CHARS = 10_000

# Scores are times in seconds, to the microsecond (the text of the float: Lua would round a number to 14 digits).
# One round trip, atomic: store the document, index it by last use (in all) and by the key that stored it, drop
# what expired unused, then the oldest of the key past its budget and the oldest of all past the total.
_STORE = """
local doc, mine, all = KEYS[1], KEYS[2], KEYS[3]
local text, ttl, now, stamp = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[3]
local per_key, total, sha, prefix = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], ARGV[7]
for _, old in ipairs(redis.call('ZRANGEBYSCORE', all, '-inf', now - ttl, 'LIMIT', 0, 100)) do
  redis.call('ZREM', all, old)
  redis.call('DEL', prefix .. old)
end
redis.call('SET', doc, text, 'EX', ttl)
redis.call('ZADD', all, stamp, sha)
redis.call('ZADD', mine, stamp, sha)
redis.call('EXPIRE', mine, ttl)
local over = redis.call('ZCARD', mine) - per_key
if over > 0 then
  for _, old in ipairs(redis.call('ZRANGE', mine, 0, over - 1)) do
    redis.call('ZREM', mine, old)
    redis.call('ZREM', all, old)
    redis.call('DEL', prefix .. old)
  end
end
over = redis.call('ZCARD', all) - total
if over > 0 then
  for _, old in ipairs(redis.call('ZRANGE', all, 0, over - 1)) do
    redis.call('ZREM', all, old)
    redis.call('DEL', prefix .. old)
  end
end
return redis.call('ZCARD', all)
"""


class PersistedQueryError(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def persisted_hash(extensions: dict[str, Any] | None) -> str | None:
    """The sha256Hash of a persisted query request, or None for a plain request."""
    pq = (extensions or {}).get("persistedQuery")
    if pq is None:
        return None
    if not isinstance(pq, dict) or pq.get("version") != 1:
        raise PersistedQueryError(400, "Only version 1 of persisted queries is supported.", NOT_SUPPORTED)
    sha = pq.get("sha256Hash")
    if not isinstance(sha, str) or len(sha) != 64 or any(c not in "0123456789abcdefABCDEF" for c in sha):
        raise PersistedQueryError(400, "`persistedQuery.sha256Hash` must be 64 hexadecimal digits.", NOT_SUPPORTED)
    return sha.lower()


class PersistedQueries:
    """Where persisted documents are kept: Redis when the app has a pool, this process's LRU otherwise; at most
    `per_key` documents stored by one API key and `size` in all."""

    def __init__(self, size: int = TOTAL_DOCUMENTS, per_key: int = DOCUMENTS_PER_KEY, prefix: str = PREFIX) -> None:
        self.size, self.per_key, self.prefix = size, per_key, prefix
        self._lru: OrderedDict[str, tuple[str, str]] = OrderedDict()  # sha -> (document, key that stored it)
        self._by_key: dict[str, OrderedDict[str, None]] = {}

    async def resolve(self, sha: str, query: str | None, redis: Any, registered_only: bool) -> tuple[str, bool]:
        """The document to run for a request carrying hash `sha` (and perhaps its `query`), and whether to store
        it once it turns out valid (`store`)."""
        if registered_only:
            text = await registered_text(sha)
            if text is None:
                raise PersistedQueryError(403, "This API key runs registered documents only, and no document "
                                               "is registered with this sha256Hash.", NOT_REGISTERED)
            return text, False
        if query is not None:
            if document_hash(query) != sha:
                raise PersistedQueryError(400, "provided sha does not match query", HASH_MISMATCH)
            return query, len(query) <= MAX_STORED_CHARS
        text = await self._get(sha, redis)
        if text is None:
            text = await registered_text(sha)
        if text is None:
            raise PersistedQueryError(200, NOT_FOUND_MESSAGE, NOT_FOUND)
        return text, False

    async def store(self, sha: str, query: str, redis: Any, owner: str) -> None:
        """Keeps a document that parsed and validated (junk is never stored, so the store holds what clients
        really send), on the budget of the API key `owner` that sent it."""
        if len(query) > MAX_STORED_CHARS:
            return
        if redis is not None:
            try:
                await redis.eval(_STORE, 3, self.prefix + sha, self.prefix + "key:" + owner, self.prefix + "all",
                                 query.encode("utf-8"), TTL_SECONDS, repr(time.time()), self.per_key, self.size,
                                 sha, self.prefix)
                return
            except (RedisError, OSError):
                logger.warning("Redis does not answer: the persisted query is kept in this process", exc_info=True)
        self._put(sha, query, owner)

    async def _get(self, sha: str, redis: Any) -> str | None:
        if redis is not None:
            try:
                # One round trip: read the document, renew its expiry (GETEX, Redis 6.2) and its last use.
                async with redis.pipeline(transaction=False) as pipe:
                    pipe.getex(self.prefix + sha, ex=TTL_SECONDS)
                    pipe.zadd(self.prefix + "all", {sha: time.time()}, xx=True)
                    raw, _ = await pipe.execute()
                if raw is None:
                    return None
                return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            except (RedisError, OSError):
                logger.warning("Redis does not answer: persisted queries are looked up in this process",
                               exc_info=True)
        found = self._lru.get(sha)
        if found is None:
            return None
        self._lru.move_to_end(sha)
        return found[0]

    def _put(self, sha: str, query: str, owner: str) -> None:
        if sha in self._lru:
            self._lru.move_to_end(sha)
            return
        self._lru[sha] = (query, owner)
        mine = self._by_key.setdefault(owner, OrderedDict())
        mine[sha] = None
        while len(mine) > self.per_key:
            self._drop(next(iter(mine)))
        while len(self._lru) > self.size:
            self._drop(next(iter(self._lru)))

    def _drop(self, sha: str) -> None:
        _, owner = self._lru.pop(sha)
        mine = self._by_key[owner]
        del mine[sha]
        if not mine:
            del self._by_key[owner]
