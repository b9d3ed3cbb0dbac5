"""SEGMENT_REEVALUATE: replay a segment's actions against current data and reconcile its lines (SPEC §2.4).

The replay and the reconcile run in one transaction with the segment row locked, so a run that dies (a
killed worker, a lost connection, a cancel) leaves the segment exactly as it was, and the job is retried.
Progress is reported per replayed action; the SegmentEvaluation row is written outside that transaction
so that clients see the run start, and filled inside it. A re-evaluation is started by
`workers.schedule.start_reevaluation`, beside the schedule that starts most of them (its payload and key).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from segmentum.models.enums import SegmentKind
from segmentum.models.line_references import hold_line_references
from segmentum.models.segments import Segment, SegmentEvaluation
from segmentum.models.system import Job
from segmentum.models.webhooks import events
from segmentum.models.worksheet.reevaluate import reevaluate
from segmentum.workers.connection import bookkeeping_client
from segmentum.workers.events import report_progress
from segmentum.workers.registry import JobContext
from segmentum.workers.schedule import enqueue_due, mark_readers_due


class SegmentGone(LookupError):
    """The segment was deleted after its re-evaluation was queued."""


async def reevaluate_segment(ctx: JobContext, job: Job, segment_id: int) -> dict[str, Any]:
    client = bookkeeping_client()
    if not await Segment.filter(id=segment_id).using_db(client).exists():
        raise SegmentGone(f"Segment {segment_id} no longer exists.")
    started = datetime.now(UTC)
    evaluation = await SegmentEvaluation.filter(job_id=job.id).using_db(client).first()
    if evaluation is None:
        evaluation = await SegmentEvaluation.create(segment_id=segment_id, job_id=job.id, started_at=started,
                                                    using_db=client)
    else:  # a retried run starts again
        await SegmentEvaluation.filter(id=evaluation.id).using_db(client).update(started_at=started)

    async def progress(done: int, total: int) -> None:
        await report_progress(job, done / total)

    async with in_transaction():
        await hold_line_references()  # it writes lines (models.line_references)
        segment = await Segment.filter(id=segment_id).select_for_update().first()
        if segment is None:
            raise SegmentGone(f"Segment {segment_id} no longer exists.")
        result = await reevaluate(segment, progress)
        finished = datetime.now(UTC)
        await SegmentEvaluation.filter(id=evaluation.id).update(
            lines_added=result.lines_added, lines_removed=result.lines_removed, finished_at=finished
        )
        if segment.kind == SegmentKind.DYNAMIC and segment.refresh_interval_minutes:
            segment.next_evaluation_at = finished + timedelta(minutes=segment.refresh_interval_minutes)
            await segment.save(update_fields=["next_evaluation_at"])
        await events.membership_changed(segment, result.lines_added, result.lines_removed,
                                        events.job_cause(job.id, job.kind))
        if result.lines_added or result.lines_removed:
            # DYNAMIC segments that read this one are due now: they follow it.
            await mark_readers_due(segment.id, finished)
    # Start what this run made due (or held back), now that this segment is current.
    await enqueue_due(finished_segment=segment_id)
    return {
        "segmentId": segment_id,
        "actions": result.actions,
        "linesAdded": result.lines_added,
        "linesRemoved": result.lines_removed,
    }
