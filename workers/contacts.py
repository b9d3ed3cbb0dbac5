"""Job kinds about contacts."""

from __future__ import annotations

from typing import Any

from segmentum.models.demo.seed import seed as load_demo_data
from segmentum.models.enums import JobKind
from segmentum.models.system import Job
from segmentum.workers import queue
from segmentum.workers.events import report_progress
from segmentum.workers.registry import JobContext

KIND = JobKind.CONTACTS_SEED


async def start(contacts: int = 2000, seed: int = 42) -> Job:
    """Loading the demo data: the load queued or running, else a new one (one at a time)."""
    return await queue.enqueue(KIND, {"contacts": contacts, "seed": seed}, key="demo")


async def seed_contacts(ctx: JobContext, job: Job, contacts: int = 2000, seed: int = 42) -> dict[str, Any]:
    """Load the demo data set (payload {"contacts": N}); refuses a database that already has contacts."""

    async def progress(done: int, total: int) -> None:
        await report_progress(job, done / total if total else 1.0)

    return await load_demo_data(contacts, progress=progress, seed=seed)
