"""The file of a bulk query, as its Job shows it once it succeeded."""

from __future__ import annotations

from datetime import datetime

import strawberry

from segmentum.models.bulk_files import BulkQueryFile

DOWNLOAD_PATH = "/bulk-queries/{job_id}"


@strawberry.type(description="The JSONL file a bulk query wrote: one line per node, a nested connection's nodes as "
                             "lines of their own with `__parentId`.")
class BulkQueryResult:
    url: str = strawberry.field(description="Where the file is downloaded (GET, with the API key that started the "
                                            "query, or an admin key, as `Authorization: Bearer <key>`), until "
                                            "`expiresAt`.")
    object_count: str = strawberry.field(description="Lines (objects) in the file, a 64-bit integer as text.")
    file_size: str = strawberry.field(description="Bytes of the file, a 64-bit integer as text.")
    expires_at: datetime = strawberry.field(description="After this the file is deleted and its URL answers 410.")
    expired: bool = strawberry.field(description="The file has expired (and is deleted).")


def result_of(file: BulkQueryFile, base_url: str) -> BulkQueryResult:
    assert file.expires_at is not None
    return BulkQueryResult(url=base_url.rstrip("/") + DOWNLOAD_PATH.format(job_id=file.job_id),  # type: ignore[attr-defined]
                           object_count=str(file.object_count), file_size=str(file.byte_count),
                           expires_at=file.expires_at, expired=file.deleted_at is not None or
                           file.expires_at <= datetime.now(file.expires_at.tzinfo))
