"""The CONTACT_IMPORT job: an uploaded file of contacts imported set-based, chunk by chunk (models/imports).

Run twice (a worker killed, a retry), it goes on from the last chunk that committed. A file that is not well
formed fails the job with the coded error, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from models.enums import JobKind
from models.imports.run import run_import, stored
from models.system import Job
from workers.events import report_progress
from workers.registry import JobContext

KIND = JobKind.CONTACT_IMPORT


async def import_contacts(ctx: JobContext, job: Job, import_id: int) -> dict[str, Any]:
    from workers.webhooks.dispatch import dispatch_if_recorded  # the dispatcher uses the queue

    imp = await stored(import_id)
    await report_progress(job, 0.01)

    async def progress(value: float) -> None:
        await report_progress(job, value)

    return await run_import(imp, job.id, progress, dispatch_if_recorded)
