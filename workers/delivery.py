"""The DELIVERY job: sends the PENDING e-mail and hard-copy interactions of a logged segment (or one entry).

Entries are read in batches by entry number. A transient failure keeps the entry PENDING with its reason and
the job is run again with backoff (SEGMENTUM_DELIVERY_RETRY_SECONDS, doubled each try); after the last try
the entry is FAILED, and interactionLogEntryResend queues it again. A canceled entry is no longer PENDING,
so canceling stops what has not been sent yet.
"""

from __future__ import annotations

from typing import Any

from segmentum.config.settings import Settings
from segmentum.models.enums import CorrespondenceType, DeliveryStatus, JobKind
from segmentum.models.log import delivery, merged
from segmentum.models.merge import RenderLimits
from segmentum.models.system import Job
from segmentum.workers import queue
from segmentum.workers.events import report_progress
from segmentum.workers.jobs import MAX_TRIES
from segmentum.workers.registry import JobContext, RetryableJobError
from segmentum.workers.transport import PermanentDeliveryError, transport

KIND = JobKind.DELIVERY
BATCH = 500


def job_key(*, logged_segment_id: int | None = None, entry_id: int | None = None) -> str:
    return f"logged:{logged_segment_id}" if logged_segment_id is not None else f"entry:{entry_id}"


async def start(*, logged_segment_id: int | None = None, entry_id: int | None = None) -> Job:
    """The delivery of a logged segment's PENDING entries, or of one entry: the job queued or running, else a new
    one. Queued inside the transaction that made them PENDING, it runs only if that commits."""
    if (logged_segment_id is None) == (entry_id is None):
        raise ValueError("A delivery is of a logged segment or of one entry.")
    payload = {"logged_segment_id": logged_segment_id} if logged_segment_id is not None else {"entry_id": entry_id}
    return await queue.enqueue(KIND, payload, key=job_key(logged_segment_id=logged_segment_id, entry_id=entry_id))


async def deliver(ctx: JobContext, job: Job, logged_segment_id: int | None = None,
                  entry_id: int | None = None) -> dict[str, Any]:
    settings: Settings = ctx["settings"]
    sender = transport(settings)
    limits = RenderLimits(settings.render_max_bytes, settings.render_max_seconds)
    sent = failed = 0
    retry: dict[int, str] = {}
    after = 0
    while True:
        batch = await delivery.pending_batch(after_id=after, limit=BATCH, logged_segment_id=logged_segment_id,
                                             entry_id=entry_id)
        if not batch:
            break
        after = batch[-1].entry_id
        no_address = [i.entry_id for i in batch if i.correspondence_type == CorrespondenceType.EMAIL and not i.email]
        failed += await delivery.mark(no_address, DeliveryStatus.FAILED, "The contact has no e-mail address.")
        files = await merged.attachments_of(batch)
        unmergeable: dict[int, Exception] = {}
        unreadable: dict[int, Exception] = {}
        mails = []
        for i in batch:
            if i.correspondence_type == CorrespondenceType.EMAIL and i.email:
                try:
                    mails.append((i.entry_id, merged.mail(i, settings.mail_from, limits, files,
                                                          settings.attachment_dir)))
                except merged.ContentError as exc:
                    unmergeable[i.entry_id] = PermanentDeliveryError(str(exc))
                except OSError as exc:  # the attachment's folder: tried again
                    unreadable[i.entry_id] = exc
        failures = await sender.send(mails) if mails else {}
        hard = [i for i in batch if i.correspondence_type == CorrespondenceType.HARD_COPY]
        if hard:
            documents = []
            for i in hard:
                try:
                    doc = merged.document(i, limits, files, settings.attachment_dir)
                except merged.ContentError as exc:
                    unmergeable[i.entry_id] = PermanentDeliveryError(str(exc))
                    continue
                except OSError as exc:
                    unreadable[i.entry_id] = exc
                    continue
                if doc is not None:
                    documents.append((i.entry_id, *doc))
            hard = [i for i in hard if i.entry_id not in unmergeable and i.entry_id not in unreadable]
            try:
                failures.update(await sender.documents(documents) if documents else {})
                if hard:
                    await sender.hard_copies(hard[0].segment_no or f"entry-{hard[0].entry_id}",
                                             delivery.hard_copy_lines(hard))
            except OSError as exc:
                failures.update({i.entry_id: exc for i in hard})
        failures.update(unmergeable)
        failures.update(unreadable)
        permanent = {k: v for k, v in failures.items() if isinstance(v, PermanentDeliveryError)}
        for entry, refused in permanent.items():
            failed += await delivery.mark([entry], DeliveryStatus.FAILED, str(refused))
        retry.update({k: f"{type(v).__name__}: {v}" for k, v in failures.items() if k not in permanent})
        done = [i for i, _ in mails if i not in failures] + [i.entry_id for i in hard if i.entry_id not in failures]
        sent += await delivery.mark(done, DeliveryStatus.SENT)
        await report_progress(job, 0.5 if retry else 0.99)
    if retry:
        if job.tries < MAX_TRIES:
            for entry, reason in retry.items():
                await delivery.note_retry([entry], reason)
            defer = settings.delivery_retry_seconds * 2 ** max(0, job.tries - 1)
            raise RetryableJobError(f"{len(retry)} deliveries failed; trying again in {defer:g} s.", defer=defer)
        for entry, reason in retry.items():
            failed += await delivery.mark([entry], DeliveryStatus.FAILED, f"{reason} (gave up after {job.tries} tries)")
    return {"sent": sent, "failed": failed}
