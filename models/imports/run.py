"""An import from start to end: stage the file, check every row, write the good ones chunk by chunk.

Each chunk is one transaction with its webhook events (one per chunk and kind of change, with counts); a run that
stops half-way (a worker killed) leaves whole chunks written and marked, and the next run goes on from there. A
file that is not well formed fails before anything is staged or written.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from typing import IO, Any

from tortoise.transactions import in_transaction

from segmentum.models.demo.writer import TableWriter
from segmentum.models.enums import ErrorCode, ImportFormat, ImportMode, WebhookEventType
from segmentum.models.imports.checks import Checks
from segmentum.models.imports.parse import STAGED, ImportFileError, Row, Utf8Check, no_rows, rows_of
from segmentum.models.imports.tables import ContactImport, ContactImportError
from segmentum.models.imports.write import Chunk, ChunkWriter
from segmentum.models.sql import Params, dialect, execute, fetch_all, fetch_value
from segmentum.models.webhooks import events

# Rows written per transaction.
CHUNK_ROWS = 100_000
# Rows staged per COPY (or batch of INSERTs on SQLite): the file's rows are never all held at once.
STAGE_ROWS = 10_000
# Bytes of the stored file read per statement.
SLICE_BYTES = 1 << 20

Progress = Callable[[float], Awaitable[None]]
AfterChunk = Callable[[], Awaitable[Any]]


def job_key(sha256: str, mode: str, file_format: str) -> str:
    """The same file in the same mode and format is one job while it runs: sending it twice starts it once."""
    return f"{sha256}:{mode}:{file_format}"


async def stored(import_id: int) -> ContactImport:
    """The import without its file (the job reads the file in slices)."""
    return await ContactImport.filter(id=import_id).only("id", "format", "mode", "file_name", "size", "staged",
                                                          "rows", "chunks_done").get()


async def stage(imp: ContactImport) -> int:
    """The file's rows into contact_import_row and their codes into contact_import_code; the row count.

    The stored file is read in slices into a temporary file and parsed once from there, batch by batch: neither
    the file nor its rows are ever held whole. A file that is not well formed raises ImportFileError with nothing
    staged (its rows so far are cleared) and nothing written."""
    await _clear(imp.id)
    with tempfile.TemporaryFile() as spool:
        hostile = await _spool(imp, spool)
        spool.seek(0)
        text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        try:
            count = await _stage_rows(imp, rows_of(text, ImportFormat(imp.format), hostile))
        except ImportFileError:
            await _clear(imp.id)
            raise
    await analyze()
    # (Staged again after a crash emptied the tables: no chunk of these rows is written.)
    await ContactImport.filter(id=imp.id).update(staged=True, rows=count, chunks_done=0)
    imp.staged, imp.rows, imp.chunks_done = True, count, 0
    return count


async def _spool(imp: ContactImport, spool: IO[bytes]) -> bool:
    """The stored file slice by slice into `spool`, checked as UTF-8 on the way; whether it may be hostile."""
    check = Utf8Check(ImportFormat(imp.format))
    size = await _size(imp.id)
    if not size:
        raise ImportFileError(ErrorCode.INVALID, "The file is empty.")
    for start in range(0, size, SLICE_BYTES):
        p = Params()
        piece = await fetch_value(f"SELECT SUBSTR(data, {p.typed(start + 1, 'INTEGER')}, "
                                  f"{p.typed(SLICE_BYTES, 'INTEGER')}) FROM contact_import WHERE id = "
                                  f"{p.typed(imp.id, 'INTEGER')}", p)
        piece = bytes(piece or b"")
        check.feed(piece, final=start + SLICE_BYTES >= size)
        spool.write(piece)
    return check.hostile


async def _size(import_id: int) -> int:
    p = Params()
    return int(await fetch_value(f"SELECT LENGTH(data) FROM contact_import WHERE id = "
                                 f"{p.typed(import_id, 'INTEGER')}", p) or 0)


async def _stage_rows(imp: ContactImport, parsed: Iterator[Row]) -> int:
    sql_dialect = dialect()
    row_writer = TableWriter("contact_import_row", ["contact_import_id", "row_no", *STAGED, "bad_field"], sql_dialect)
    code_writer = TableWriter("contact_import_code", ["contact_import_id", "row_no", "kind", "code"], sql_dialect)
    count = 0
    for row in parsed:
        row_writer.add((imp.id, row.row_no, *row.values, row.bad_field))
        for kind, code in row.codes:
            code_writer.add((imp.id, row.row_no, kind, code))
        count += 1
        if len(row_writer.rows) >= STAGE_ROWS:
            await row_writer.flush()
            await code_writer.flush()
    if count == 0:
        raise no_rows()
    await row_writer.flush()
    await code_writer.flush()
    return count


async def analyze(tables: str = "contact_import_row (contact_import_id, row_no), contact_import_code") -> None:
    """Statistics of the staged tables for the planner: without them it takes a million fresh rows of a new import
    for none and loops over them for each of them. Only what the statements filter and join on, from a small
    sample (3,000 rows: enough to see how many rows an import has)."""
    if dialect() == "postgres":
        async with in_transaction():
            await execute("SET LOCAL default_statistics_target = 10")
            await execute(f"ANALYZE {tables}")


async def tune() -> None:
    """PostgreSQL, for the rest of the transaction: no JIT compilation (the planner's cost of a statement over a
    chunk reaches its threshold, and compiling took longer than the statement saved: 4.5 s of a 34 s insert), and
    room to hash and sort a chunk's rows in memory."""
    if dialect() == "postgres":
        await execute("SET LOCAL jit = off")
        await execute("SET LOCAL work_mem = '64MB'")


async def _clear(import_id: int) -> None:
    for table in ("contact_import_row", "contact_import_code", "contact_import_plan", "contact_import_error"):
        p = Params()
        await execute(f"DELETE FROM {table} WHERE contact_import_id = {p.typed(import_id, 'INTEGER')}", p)


async def run_import(imp: ContactImport, job_id: int, progress: Progress, after_chunk: AfterChunk) -> dict[str, Any]:
    if not imp.staged or not await _last_row(imp.id):
        # (Also when the staged rows are gone: PostgreSQL empties its unlogged tables after a crash.)
        await stage(imp)
    await progress(0.2)
    last_row = await _last_row(imp.id)
    chunks = [(kind, first) for kind in ("COMPANY", "PERSON") for first in range(1, last_row + 1, CHUNK_ROWS)]
    written = min(imp.chunks_done, len(chunks))
    for kind, first in chunks[:written]:
        # A run after one that stopped half-way: the rows of the chunks it committed are not checked again.
        await ChunkWriter(Chunk(imp.id, kind, first, first + CHUNK_ROWS - 1)).mark_done()
    async with in_transaction():
        await tune()
        await Checks(imp.id, ImportMode(imp.mode)).run()
    await progress(0.3)
    for n, (kind, first) in enumerate(chunks, start=1):
        if n <= written:
            continue
        async with in_transaction():
            await tune()
            chunk = Chunk(imp.id, kind, first, first + CHUNK_ROWS - 1, upsert=imp.mode == ImportMode.UPSERT)
            made, changed = await ChunkWriter(chunk).write()
            cause = {"jobId": events.global_id("Job", job_id), "chunk": n, "firstRow": first,
                     "lastRow": min(first + CHUNK_ROWS - 1, last_row)}
            await events.contacts_imported(WebhookEventType.CONTACT_CREATED, made, cause)
            await events.contacts_imported(WebhookEventType.CONTACT_UPDATED, changed, cause)
            # The chunks are counted, not their rows marked (a hundred thousand row updates per chunk).
            await ContactImport.filter(id=imp.id).update(chunks_done=n)
        imp.chunks_done = n
        await after_chunk()
        await progress(0.3 + 0.7 * n / len(chunks))
    return await summary(imp.id)


async def _last_row(import_id: int) -> int:
    p = Params()
    found = await fetch_all(f"SELECT MAX(row_no) AS n FROM contact_import_row WHERE contact_import_id = "
                            f"{p.typed(import_id, 'INTEGER')}", p)
    return int(found[0]["n"] or 0)


async def summary(import_id: int) -> dict[str, Any]:
    """What the job answers: its counts (the row errors are read page by page, see contactImportErrors)."""
    p = Params()
    imp = p.typed(import_id, "INTEGER")
    found = await fetch_all(
        "SELECT COUNT(*) AS total, SUM(CASE WHEN failed THEN 1 ELSE 0 END) AS failed, SUM(CASE WHEN new AND NOT "
        "failed THEN 1 ELSE 0 END) AS created, SUM(CASE WHEN changed AND NOT new AND NOT failed THEN 1 ELSE 0 END) "
        "AS updated "
        f"FROM contact_import_plan WHERE contact_import_id = {imp}", p)
    total, failed, created, updated = (int(found[0][k] or 0) for k in ("total", "failed", "created", "updated"))
    return {"importId": import_id, "rows": total, "created": created, "updated": updated,
            "unchanged": total - failed - created - updated, "failed": failed,
            "errors": await ContactImportError.filter(contact_import_id=import_id).count()}
