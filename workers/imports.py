"""The CONTACT_IMPORT job: an uploaded file of contacts imported set-based, chunk by chunk (models/imports).

Run twice (a worker killed, a retry), it goes on from the last chunk that committed. A file that is not well
formed fails the job with the coded error, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from segmentum.models.enums import JobKind
from segmentum.models.imports.run import job_key, run_import, stored
from segmentum.models.imports.tables import ContactImport
from segmentum.models.system import Job
from segmentum.workers import queue
from segmentum.workers.events import ACTIVE, report_progress
from segmentum.workers.registry import JobContext
from segmentum.workers.webhooks.dispatch import dispatch_if_recorded

KIND = JobKind.CONTACT_IMPORT


def key_of(sha256: str, mode: str, file_format: str) -> str:
    """One import at a time of the same file, mode and format."""
    return job_key(sha256, mode, file_format)


async def started(sha256: str, mode: str, file_format: str) -> Job | None:
    """The import of this file, mode and format that is queued or running, if any."""
    return await Job.filter(kind=KIND, key=key_of(sha256, mode, file_format), status__in=ACTIVE).order_by("id").first()


async def start(imp: ContactImport) -> Job:
    """The import's job: the one queued or running for the same file, mode and format, else a new one (whose
    payload names another ContactImport when a concurrent request started first)."""
    return await queue.enqueue(KIND, {"import_id": imp.id}, key=key_of(imp.sha256, imp.mode, imp.format))


async def import_contacts(ctx: JobContext, job: Job, import_id: int) -> dict[str, Any]:
    imp = await stored(import_id)
    await report_progress(job, 0.01)

    async def progress(value: float) -> None:
        await report_progress(job, value)

    return await run_import(imp, job.id, progress, dispatch_if_recorded)
