"""How much of the database the expensive work of this process may hold at once.

Expensive statements (counts over whole tables, criteria evaluations, worksheet actions) share a number of
slots two below the connection pool's size, so that the health check and cheap reads always find a free
connection while expensive requests queue for theirs.
"""

from __future__ import annotations

import asyncio

from tortoise import connections

RESERVED_CONNECTIONS = 2

_slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}


def pool_size() -> int:
    """The maximum number of connections of the default database client (1 for SQLite's one connection)."""
    try:
        client = connections.get("default")
    except Exception:  # noqa: BLE001 - not initialised: nothing to share
        return 1
    return int(getattr(client, "pool_maxsize", 1) or 1)


def expensive_slots() -> asyncio.Semaphore:
    """This event loop's semaphore of expensive slots."""
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        for old in [known for known in _slots if known.is_closed()]:
            del _slots[old]
        slots = _slots[loop] = asyncio.Semaphore(max(1, pool_size() - RESERVED_CONNECTIONS))
    return slots
