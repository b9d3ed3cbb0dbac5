"""The files of bulk queries: JSONL kept in the database as numbered chunks, so that every web process can serve
what any worker wrote (no shared folder), streamed chunk by chunk, and deleted once expired."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import fields
from tortoise.models import Model

from segmentum.models.sql import dialect
from segmentum.models.system import Job

# Bytes gathered before one chunk row is written: large enough for few rows, small enough to hold in memory.
CHUNK_BYTES = 1 << 20


class BulkQueryFile(Model):
    """The file of one BULK_QUERY job (one per job: a retry writes it again)."""

    id = fields.IntField(primary_key=True)
    job: fields.OneToOneRelation[Job] = fields.OneToOneField(
        "models.Job", related_name="bulk_file", on_delete=fields.CASCADE)
    object_count = fields.BigIntField(default=0)
    byte_count = fields.BigIntField(default=0)
    chunk_count = fields.IntField(default=0)
    completed_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True, db_index=True)
    # Set when an expired file's chunks were deleted; the row stays so that its URL answers 410, not 404.
    deleted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "bulk_query_file"


class BulkQueryChunk(Model):
    id = fields.BigIntField(primary_key=True)
    file: fields.ForeignKeyRelation[BulkQueryFile] = fields.ForeignKeyField(
        "models.BulkQueryFile", related_name="chunks", on_delete=fields.CASCADE)
    seq = fields.IntField()
    data = fields.BinaryField()

    class Meta:
        table = "bulk_query_chunk"
        unique_together = (("file", "seq"),)


def now() -> datetime:
    return datetime.now(UTC)


class ChunkWriter:
    """Appends lines to a file in chunks of about CHUNK_BYTES; at most one chunk is held in memory."""

    def __init__(self, file: BulkQueryFile) -> None:
        self.file = file
        self.buffer = bytearray()
        self.seq = 0
        self.bytes = 0
        self.objects = 0
        self.pending: asyncio.Future[Any] | None = None

    @classmethod
    async def restart(cls, job_id: int) -> ChunkWriter:
        """The job's file, emptied: a job that runs again writes its file from the start."""
        file, _ = await BulkQueryFile.get_or_create(job_id=job_id)
        await BulkQueryChunk.filter(file_id=file.id).delete()
        await BulkQueryFile.filter(id=file.id).update(object_count=0, byte_count=0, chunk_count=0,
                                                      completed_at=None, expires_at=None, deleted_at=None)
        return cls(file)

    async def write(self, line: bytes, objects: int = 1) -> None:
        self.buffer += line
        self.objects += objects
        if len(self.buffer) >= CHUNK_BYTES:
            await self.flush()

    async def flush(self) -> None:
        """Writes the buffer as the next chunk. On PostgreSQL the insert runs while the export builds the next
        chunk (another pooled connection; one insert at a time, awaited before the next and by close)."""
        if not self.buffer:
            return
        data, seq = bytes(self.buffer), self.seq
        self.seq += 1
        self.bytes += len(data)
        self.buffer = bytearray()
        await self._written()
        insert = BulkQueryChunk.create(file_id=self.file.id, seq=seq, data=data)
        if dialect() == "postgres":
            self.pending = asyncio.ensure_future(insert)
        else:
            await insert

    async def _written(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            await pending

    async def close(self, ttl_seconds: float) -> BulkQueryFile:
        await self.flush()
        await self._written()
        done = now()
        values = {"object_count": self.objects, "byte_count": self.bytes, "chunk_count": self.seq,
                  "completed_at": done, "expires_at": done + timedelta(seconds=ttl_seconds)}
        await BulkQueryFile.filter(id=self.file.id).update(**values)
        await self.file.refresh_from_db()
        return self.file


async def read_chunks(file: BulkQueryFile) -> AsyncIterator[bytes]:
    """The file's bytes, one chunk (one statement) at a time."""
    for seq in range(file.chunk_count):
        chunk = await BulkQueryChunk.filter(file_id=file.id, seq=seq).only("data").first()
        if chunk is None:  # deleted meanwhile (expired): the answer ends short, as a dropped connection would
            return
        yield bytes(chunk.data)


async def delete_expired(at: datetime | None = None) -> int:
    """Deletes the chunks of every expired file (one statement for all), marking the files deleted."""
    when = at or now()
    ids = await BulkQueryFile.filter(expires_at__lt=when, deleted_at__isnull=True).values_list("id", flat=True)
    if not ids:
        return 0
    await BulkQueryChunk.filter(file_id__in=list(ids)).delete()
    return await BulkQueryFile.filter(id__in=list(ids)).update(deleted_at=when)
