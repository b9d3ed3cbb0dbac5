"""Bulk queries: starting one (a BULK_QUERY job), walking a `contacts` export by its read plan, and finding a
finished file for the key that asks for it."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from segmentum.models.bulk_files import BulkQueryFile, ChunkWriter, delete_expired
from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.readplan.plan import ObjectPlan
from segmentum.models.readplan.run import ObjectRunner
from segmentum.models.sql import Params, dialect
from segmentum.models.system import Job
from segmentum.resolvers.bulk_stream import each_batch, ordered_select, stream, streams
from segmentum.resolvers.contacts import contacts_where, order_keys
from segmentum.resolvers.ids import primary_key
from segmentum.resolvers.pagination import Page, keyset_rows_page
from segmentum.resolvers.readplan import one_connection
from segmentum.workers import queue

Progress = Callable[[int, int | None], Awaitable[None]]


def job_key(key_name: str | None, query: str) -> str:
    """One active export per key and query: asking again while it runs answers the same job."""
    digest = hashlib.sha256(f"{key_name or ''}\n{query}".encode()).hexdigest()
    return f"bulk:{digest}"


async def start(query: str, key_name: str | None, scopes: list[str]) -> Job:
    await delete_expired()
    return await queue.enqueue(JobKind.BULK_QUERY, {"query": query, "scopes": sorted(scopes)},
                               key=job_key(key_name, query))


async def report(job: Job, fraction: float) -> None:
    """The job's progress (JobCanceled when it was canceled meanwhile)."""
    await queue.report_progress(job, fraction)


async def walk_contacts(node: ObjectPlan, criteria: dict[str, Any] | None, order: list[tuple[str, bool]] | None,
                        writer: ChunkWriter, page_size: int, progress: Progress) -> None:
    """Every contact matching `criteria`, `page_size` at a time by keyset, one JSON line each: the page's statement,
    one per to-many relation and statistics, then the lines (the read plan's, as persisted reads answer).

    The next page's statement runs while this page is built and written (its cursor is known once this page's
    rows are): the database and Python work side by side, and at most two pages are held."""
    where = contacts_where(criteria)
    runner = ObjectRunner(node)
    columns, joins = ", ".join(runner.columns) or "t.id", " ".join(runner.joins)
    if streams():
        await _stream_contacts(runner, where, order, columns, joins, writer, page_size, progress)
        return

    async def rows_after(after: str | None) -> tuple[Page[Any], int | None]:
        """A page, and with the first one the number of contacts (for the progress)."""
        async with one_connection() as fetch:
            page: Page[Any] = await keyset_rows_page(
                "contact", list, where=where, order=order_keys(order), first=page_size, after=after,
                max_size=page_size, columns=columns, joins=joins, fetch=fetch, last_cursor_only=True)
            if after is not None:
                return page, None
            return page, await page.count() if page.has_next_page else len(page.items)

    done = 0
    upcoming = asyncio.ensure_future(rows_after(None))
    page, total = await upcoming
    try:
        while True:
            if page.has_next_page:
                upcoming = asyncio.ensure_future(rows_after(page.cursors[-1]))
            async with one_connection() as fetch:
                built = await runner.complete(page.items, fetch, dialect())
            await writer.write(b"".join(orjson.dumps(obj) + b"\n" for obj in built), len(built))
            done += len(built)
            await progress(done, total)
            if not page.has_next_page:
                return
            page = (await upcoming)[0]
    finally:
        if not upcoming.done():
            upcoming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await upcoming


async def _stream_contacts(runner: ObjectRunner, where: Callable[[Params], str] | None,
                           order: list[tuple[str, bool]] | None, columns: str, joins: str, writer: ChunkWriter,
                           page_size: int, progress: Progress) -> None:
    """As walk_contacts, from one statement for every contact (resolvers/bulk_stream.py), `page_size` at a time."""
    p = Params(dialect())
    condition = where(p) if where is not None else None
    async with one_connection() as fetch:
        count = "SELECT COUNT(*) AS n FROM contact t" + (f" WHERE {condition}" if condition else "")
        total = int((await fetch(count, p))[0]["n"])
    done = 0

    async def related(rows: list[Any]) -> list[Any]:
        if not runner.batches:
            return []
        async with one_connection() as fetch:
            return await runner.results(rows, fetch, dialect())

    async def write(rows: list[Any], results: list[Any]) -> None:
        nonlocal done
        built = runner.build_all(rows, results)
        await writer.write(b"".join(orjson.dumps(obj) + b"\n" for obj in built), len(built))
        done += len(built)
        await progress(done, total)

    async with stream(ordered_select("contact", columns, joins, condition, order_keys(order)), p, page_size) as batch:
        await each_batch(batch, write, related)


@dataclass(frozen=True)
class Download:
    """What a download request gets: `status` 200 with the file, or the HTTP status and message of a refusal."""

    status: int
    message: str = ""
    file: BulkQueryFile | None = None


def _is_expired(file: BulkQueryFile, at: datetime) -> bool:
    return file.deleted_at is not None or (file.expires_at is not None and file.expires_at <= at)


async def download(node_id: str, key_name: str, admin: bool) -> Download:
    """The finished file of the job `node_id` (its primary key) for the key `key_name`; another key's file is not
    found (its existence is not told), an expired one is gone (and its chunks deleted)."""
    pk = primary_key(node_id)
    job = await Job.get_or_none(id=pk, kind=JobKind.BULK_QUERY) if pk is not None else None
    if job is None or (job.started_by != key_name and not admin):
        return Download(404, f"No bulk query file {node_id!r} for this API key.")
    file = await BulkQueryFile.get_or_none(job_id=job.id)
    if job.status != JobStatus.SUCCEEDED or file is None or file.completed_at is None:
        return Download(404, f"The bulk query {node_id!r} has no file yet (its job is {job.status}).")
    if _is_expired(file, datetime.now(UTC)):
        await delete_expired()
        return Download(410, f"The file of bulk query {node_id!r} expired at {file.expires_at:%Y-%m-%dT%H:%M:%SZ}; "
                             "run the query again.")
    return Download(200, file=file)


async def file_of(job_id: int) -> BulkQueryFile | None:
    return await BulkQueryFile.get_or_none(job_id=job_id, completed_at__isnull=False)
