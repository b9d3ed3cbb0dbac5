"""What a WebSocket may hold, and for how long: its key is looked up again every few seconds (a key revoked or
restricted to registered documents ends its running subscriptions: close 4403), a socket without a running
operation or a message for the idle timeout is closed (4408), and one API key holds at most so many sockets in
a process (the next is refused: 4429)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from segmentum.schema.auth import authenticate
from segmentum.schema.context import Viewer

CLOSE_FORBIDDEN = 4403
CLOSE_IDLE = 4408
CLOSE_TOO_MANY = 4429
REVOKED = "Forbidden: the API key is not valid or has been revoked"
RESTRICTED = "Forbidden: this API key runs registered documents only, over HTTP"


def refusal_of(viewer: Viewer | None) -> str | None:
    """Why a key may not use a socket (None: it may)."""
    if viewer is None:
        return REVOKED
    if viewer.registered_documents_only:
        # Operations on a socket carry their document in the message: a restricted key has no way to use them.
        return RESTRICTED
    return None


@dataclass(frozen=True)
class SocketRules:
    handshake_seconds: float
    idle_seconds: float
    key_check_seconds: float
    per_key: int


class SocketCounts:
    """Open sockets per API key, in this process."""

    def __init__(self, per_key: int) -> None:
        self.per_key = per_key
        self.open: Counter[str] = Counter()

    def take(self, key: str) -> bool:
        if self.per_key and self.open[key] >= self.per_key:
            return False
        self.open[key] += 1
        return True

    def give_back(self, key: str) -> None:
        self.open[key] -= 1
        if self.open[key] <= 0:
            del self.open[key]


class Watch:
    """The task that keeps one socket within its rules, from its `connection_ack` to its end."""

    def __init__(self, rules: SocketRules, authorization: str | None, running: Callable[[], int],
                 close: Callable[[int, str], Awaitable[None]]) -> None:
        self.rules, self.authorization, self.running, self.close = rules, authorization, running, close
        self.last_message = time.monotonic()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self.run(), name="segmentum-socket-watch")

    def heard(self) -> None:
        self.last_message = time.monotonic()

    async def stop(self) -> None:
        if self.task is not None and self.task is not asyncio.current_task():
            self.task.cancel()
            try:
                await self.task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - the socket is going anyway
                pass

    async def run(self) -> None:
        next_check = time.monotonic() + self.rules.key_check_seconds
        while True:
            now = time.monotonic()
            idle_end = self.last_message + self.rules.idle_seconds
            await asyncio.sleep(max(0.0, min(next_check, idle_end) - now))
            now = time.monotonic()
            if now >= next_check:
                next_check = now + self.rules.key_check_seconds
                viewer, _ = await authenticate(self.authorization)
                refused = refusal_of(viewer)
                if refused is not None:
                    await self.close(CLOSE_FORBIDDEN, refused)
                    return
            if self.running():
                self.heard()  # a running subscription is not idle
            elif now >= self.last_message + self.rules.idle_seconds:
                await self.close(CLOSE_IDLE, f"Idle for {self.rules.idle_seconds:g} s: open a new socket when "
                                             "there is something to send")
                return
