"""Contact imports: the uploaded file checked whole (encoding, header, records) before a job is started; the row
errors of an import, page by page."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from segmentum.models.attachments import UploadedFile
from segmentum.models.enums import ErrorCode, ImportFormat, ImportMode, JobKind
from segmentum.models.errors import DomainError, shown
from segmentum.models.imports.parse import ImportFileError, check_file
from segmentum.models.imports.tables import ContactImport, ContactImportError
from segmentum.models.sql import Params
from segmentum.models.system import Job
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page
from segmentum.workers.imports import start as start_import_job
from segmentum.workers.imports import started as started_import

MAX_NAME = 200


def _name(raw: str) -> str:
    # Only the last path component of what the client calls it: a label, never a path we open.
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    cleaned = "".join(ch for ch in name if ord(ch) >= 32)[:MAX_NAME]
    return cleaned or "import"


async def start_import(upload: Any, file_format: ImportFormat, mode: ImportMode, max_bytes: int) -> Job:
    """The CONTACT_IMPORT job of a well-formed file: the one running for the same file, mode and format, else a
    new one. A file that is not well formed is refused here, naming what is wrong, and nothing is stored."""
    if not isinstance(upload, UploadedFile):
        raise DomainError(ErrorCode.INVALID, "file must be a file of a multipart request (the GraphQL multipart "
                          "request specification).", ["file"])
    if len(upload.data) > max_bytes:
        raise DomainError(ErrorCode.TOO_LARGE, f"File {shown(upload.file_name)} has {len(upload.data):,} bytes; at "
                          f"most {max_bytes:,} are allowed (SEGMENTUM_MAX_IMPORT_BYTES).", ["file"])
    try:
        # Off the event loop: a large file takes a while to read through.
        await asyncio.to_thread(check_file, upload.data, file_format)
    except ImportFileError as exc:
        raise DomainError(exc.code, f"File {shown(_name(upload.file_name))}: {exc.message}", ["file"]) from exc
    digest = hashlib.sha256(upload.data).hexdigest()
    running = await started_import(digest, mode.value, file_format.value)
    if running is not None:
        return running
    imp = await ContactImport.create(format=file_format, mode=mode, file_name=_name(upload.file_name),
                                     size=len(upload.data), sha256=digest, data=upload.data)
    job = await start_import_job(imp)
    if (job.payload or {}).get("import_id") != imp.id:
        await imp.delete()  # a concurrent request started the same import first
    return job


async def import_of(job_id: Any, field: str = "jobId") -> tuple[Job, int]:
    job = await Job.get_or_none(id=decode_id(job_id, "Job", field))
    if job is None or job.kind != JobKind.CONTACT_IMPORT:
        raise DomainError(ErrorCode.NOT_FOUND, f"Contact import job {shown(str(job_id))} does not exist.", [field])
    return job, int((job.payload or {}).get("import_id") or 0)


async def errors_page(job_id: Any, *, first: int | None, after: str | None, last: int | None,
                      before: str | None) -> Page[ContactImportError]:
    """The row errors of an import, in row order."""
    _, import_id = await import_of(job_id)

    def where(p: Params) -> str:
        return f"t.contact_import_id = {p.typed(import_id, 'INTEGER')}"

    return await keyset_page(ContactImportError, where=where, order=[OrderKey("t.row_no", kind="int")],
                             first=first, after=after, last=last, before=before)
