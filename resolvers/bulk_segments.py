"""A segments export walked by its read plan (schema/bulk/segment_plan.py): each segment's line, then its lines in
line order, the line's contact joined into the same statement (one statement per segment streamed from a cursor on
PostgreSQL, resolvers/bulk_stream.py; keyset pages over (segment_id, line_no) on SQLite), each line with
`__parentId`: the lines the schema's path writes for the same query, without GraphQL execution per line.

The next page's statement runs while a page is built and written, as for contacts (resolvers/bulk_queries.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

from segmentum.models.bulk_files import ChunkWriter
from segmentum.models.readplan.plan import ObjectPlan
from segmentum.models.readplan.run import ObjectRunner, global_id
from segmentum.models.sql import Params, dialect
from segmentum.resolvers.bulk_stream import each_batch, ordered_select, stream, streams
from segmentum.resolvers.pagination import OrderKey, Page, keyset_rows_page
from segmentum.resolvers.readplan import one_connection

LINE_ORDER = [OrderKey("t.line_no", kind="bigint")]  # as the schema's lines connection (resolvers/segments.py)
Progress = Callable[[int, int | None], Awaitable[None]]
Pages = Callable[[str | None], Awaitable[Page[Any]]]


async def _pipelined(pages: Pages, each: Callable[[Page[Any]], Awaitable[None]]) -> None:
    """Every page of `pages`, handed to `each` while the next one is read."""
    page = await pages(None)
    upcoming: asyncio.Future[Page[Any]] | None = None
    try:
        while True:
            if page.has_next_page:
                upcoming = asyncio.ensure_future(pages(page.cursors[-1]))
            await each(page)
            if upcoming is None:
                return
            page, upcoming = await upcoming, None
    finally:
        if upcoming is not None and not upcoming.done():
            upcoming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await upcoming


async def walk_segment_lines(segment_plan: ObjectPlan, line_plan: ObjectPlan, writer: ChunkWriter,
                             page_size: int, progress: Progress) -> None:
    segments, lines = ObjectRunner(segment_plan), ObjectRunner(line_plan)
    segment_columns = ", ".join([*segments.columns, "t.id AS _segment"])
    line_columns, line_joins = ", ".join(lines.columns) or "t.id", " ".join(lines.joins)

    def segment_pages(after: str | None) -> Awaitable[Page[Any]]:
        return _page("segment", None, [OrderKey("t.no")], segment_columns, " ".join(segments.joins), after,
                     page_size)

    async with one_connection() as fetch:
        total = int((await fetch("SELECT COUNT(*) AS n FROM segment", Params(dialect())))[0]["n"])
    done = 0

    async def segment_page(page: Page[Any]) -> None:
        nonlocal done
        async with one_connection() as fetch:
            built = await segments.complete(page.items, fetch, dialect())
        for row, obj in zip(page.items, built, strict=True):
            await writer.write(orjson.dumps(obj) + b"\n", 1)
            await _lines_of(row["_segment"], lines, line_columns, line_joins, writer, page_size)
            done += 1
        await progress(done, total)

    await _pipelined(segment_pages, segment_page)


async def _lines_of(segment_id: int, lines: ObjectRunner, columns: str, joins: str, writer: ChunkWriter,
                    page_size: int) -> None:
    parent = global_id("Segment", segment_id)

    def line_pages(after: str | None) -> Awaitable[Page[Any]]:
        return _page("segment_line", segment_id, LINE_ORDER, columns, joins, after,
                     page_size)

    async def related(rows: list[Any]) -> list[Any]:
        if not lines.batches:
            return []
        async with one_connection() as fetch:
            return await lines.results(rows, fetch, dialect())

    async def write_rows(rows: list[Any], results: list[Any]) -> None:
        built = lines.build_all(rows, results)
        out = []
        for obj in built:
            obj["__parentId"] = parent
            out.append(orjson.dumps(obj) + b"\n")
        await writer.write(b"".join(out), len(out))

    async def write(page: Page[Any]) -> None:
        await write_rows(page.items, await related(page.items))

    if not streams():
        await _pipelined(line_pages, write)
        return
    p = Params(dialect())
    sql = ordered_select("segment_line", columns, joins, f"t.segment_id = {p.add(segment_id)}", LINE_ORDER)
    async with stream(sql, p, page_size) as batch:
        await each_batch(batch, write_rows, related)


async def _page(table: str, segment_id: int | None, order: list[OrderKey], columns: str, joins: str,
                after: str | None, page_size: int) -> Page[Any]:
    where = None if segment_id is None else (lambda p: f"t.segment_id = {p.add(segment_id)}")
    async with one_connection() as fetch:
        return await keyset_rows_page(table, list, where=where, order=order, first=page_size, after=after,
                                      max_size=page_size, columns=columns, joins=joins, fetch=fetch,
                                      last_cursor_only=True)

