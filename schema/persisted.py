"""Automatic persisted queries, in the protocol Apollo clients speak (web, iOS, Kotlin).

A client sends `extensions.persistedQuery = {version: 1, sha256Hash}` without the query. A known hash runs its
document; an unknown one answers `PersistedQueryNotFound` (code PERSISTED_QUERY_NOT_FOUND), and the client sends
the hash again with the query: the hash is checked against the text, the document is stored and run. Over GET
(queries only) the URL is then short and the same for every client, so a CDN can cache it.

Documents are kept in Redis when REDIS_URL is set (shared by every process, expiring after a week unused), in a
bounded LRU of this process otherwise. Registered documents (`segmentum document register`, in the database)
are found too, and are all that a key restricted to registered documents may run.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from redis.exceptions import RedisError

from resolvers.documents import document_hash, registered_text

logger = logging.getLogger("segmentum.persisted")

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # Apollo's PersistedQueryLink matches this message and this code
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
NOT_REGISTERED = "DOCUMENT_NOT_REGISTERED"
PREFIX = "segmentum:apq:"
TTL_SECONDS = 7 * 24 * 3600
LRU_SIZE = 2000
# Larger documents run but are not stored: the store's size stays bounded by LRU_SIZE (or the TTL) times this.
MAX_STORED_CHARS = 100_000


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
    """Where persisted documents are kept: Redis when the app has a pool, this process's LRU otherwise."""

    def __init__(self, size: int = LRU_SIZE) -> None:
        self.size = size
        self._lru: OrderedDict[str, str] = OrderedDict()

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

    async def store(self, sha: str, query: str, redis: Any) -> None:
        """Keeps a document that parsed and validated (junk is never stored, so the store holds what clients
        really send)."""
        await self._put(sha, query, redis)

    async def _get(self, sha: str, redis: Any) -> str | None:
        if redis is not None:
            try:
                # One round trip: read the document and renew its expiry (GETEX, Redis 6.2).
                raw = await redis.getex(PREFIX + sha, ex=TTL_SECONDS)
                if raw is None:
                    return None
                return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            except (RedisError, OSError):
                logger.warning("Redis does not answer: persisted queries are looked up in this process",
                               exc_info=True)
        text = self._lru.get(sha)
        if text is not None:
            self._lru.move_to_end(sha)
        return text

    async def _put(self, sha: str, query: str, redis: Any) -> None:
        if redis is not None:
            try:
                await redis.set(PREFIX + sha, query.encode("utf-8"), ex=TTL_SECONDS)
                return
            except (RedisError, OSError):
                logger.warning("Redis does not answer: the persisted query is kept in this process", exc_info=True)
        self._lru[sha] = query
        self._lru.move_to_end(sha)
        while len(self._lru) > self.size:
            self._lru.popitem(last=False)
