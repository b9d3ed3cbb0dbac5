"""The typed per-request context that every resolver receives as `info.context`."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from typing import Any

from segmentum.config.settings import Settings
from segmentum.resolvers.loaders import Loaders


@dataclass(frozen=True)
class Viewer:
    name: str
    scopes: frozenset[str]
    # The key runs registered documents only, by their hash (schema/persisted.py).
    registered_documents_only: bool = False
    # ApiKey.id: what the records the request writes carry as `created_by_id`, and its audit events as `key_id`.
    key_id: int | None = None

    def can(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


@dataclass
class Context:
    settings: Settings
    viewer: Viewer | None
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None
    response: Any = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    # The arq pool when Redis is configured, else None (jobs then run in-process).
    queue: Any = None
    # The payload of a WebSocket `connection_init` message (it may carry the Authorization key).
    connection_params: Any = None
    # The Authorization value a WebSocket was opened with: its key is checked again for every operation.
    authorization: str | None = None
    # Why a WebSocket's connection_init was refused: the reason its close frame carries.
    rejection: str | None = None
    rejection_code: int = 4403
    # The API key whose socket count this WebSocket holds (schema/socket_watch.py).
    socket_key: str | None = None
    # Per-key rate and concurrency limits (schema/throttle.py); None runs without them.
    throttle: Any = None
    # Expensive fields of one request run one at a time (schema/expensive.py).
    expensive_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
