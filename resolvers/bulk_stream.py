"""The rows of one export statement read as COPY reads them: on PostgreSQL one statement for every row, planned for
all its rows and fetched from a cursor a batch at a time, instead of a keyset page per statement.

A keyset page of a few thousand rows joins its to-one records by an index probe per row (random reads, about
2,600 per page of contacts); the whole statement lets PostgreSQL hash-join the tables once, as the export's COPY
does. The cursor lives in a read-only REPEATABLE READ transaction (the file is one snapshot of the data) with
`cursor_tuple_fraction = 1`, so the planner optimises for the last row, not the first. The next batch is fetched
while the current one is built and written. SQLite has no such planner difference: callers page by keyset there.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from segmentum.models.sql import Params, connection, dialect
from segmentum.resolvers.pagination import OrderKey

Batch = Callable[[], Awaitable[list[Any]]]


def streams() -> bool:
    return dialect() == "postgres"


def ordered_select(table: str, columns: str, joins: str, where: str | None, order: list[OrderKey]) -> str:
    """The statement of every row of `table` (alias t) in the keyset order of `order` then `t.id`: the rows of its
    keyset pages, in their order."""
    keys = [*order, OrderKey("t.id")]
    return (f"SELECT {columns} FROM {table} t{' ' + joins if joins else ''}" + (f" WHERE {where}" if where else "")
            + " ORDER BY " + ", ".join(f"{k.expr} {'DESC' if k.desc else 'ASC'}" for k in keys))


@asynccontextmanager
async def stream(sql: str, params: Params, batch: int) -> AsyncIterator[Batch]:
    """A function giving the next `batch` rows of `sql` (an empty list at the end), on a connection of its own."""
    async with connection().acquire_connection() as raw, raw.transaction(isolation="repeatable_read",
                                                                           readonly=True):
        await raw.execute("SET LOCAL cursor_tuple_fraction = 1")
        cursor = await raw.cursor(sql, *params.values)

        async def fetch() -> list[Any]:
            return await cursor.fetch(batch)  # type: ignore[no-any-return]

        yield fetch


async def each_batch(fetch: Batch, each: Callable[[list[Any], Any], Awaitable[None]],
                     prepare: Callable[[list[Any]], Awaitable[Any]]) -> None:
    """`each(rows, prepare(rows))` for every batch of `fetch`; the next batch and its `prepare` (the statements
    of its to-many relations) run meanwhile."""

    async def next_batch() -> tuple[list[Any], Any]:
        rows = await fetch()
        return rows, (await prepare(rows) if rows else None)

    rows, prepared = await next_batch()
    while rows:
        upcoming = asyncio.ensure_future(next_batch())
        try:
            await each(rows, prepared)
        except BaseException:
            upcoming.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await upcoming
            raise
        rows, prepared = await upcoming
