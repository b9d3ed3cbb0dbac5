"""Logging a segment, reusing a logged one, and sending a failed delivery again.

A segment with more lines than the threshold is checked here, at once, and then logged by a job; smaller ones
are logged in the mutation's transaction. Deliveries always run as jobs, queued in that same transaction (a job
whose transaction rolls back never runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from segmentum.config.settings import Settings
from segmentum.models.interactions import InteractionLogEntry, LoggedSegment
from segmentum.models.log import delivery
from segmentum.models.log.segment_log import log_segment
from segmentum.models.log.validate import check_can_log
from segmentum.models.segments import Segment
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import ActionResult
from segmentum.models.worksheet.requests import ActionKind, ActionRequest
from segmentum.resolvers.commands import ReuseLogged
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.records import locked
from segmentum.resolvers.segment_actions import act
from segmentum.resolvers.segments import locked_segment
from segmentum.workers.delivery import start as start_delivery
from segmentum.workers.segment_log import start as start_log


@dataclass
class LogAnswer:
    logged: LoggedSegment | None = None
    job: Job | None = None
    delivery_job: Job | None = None
    follow_up: Segment | None = None
    interactions_created: int = 0


async def log(segment_id: Any, deliver: bool, create_follow_up: bool) -> LogAnswer:
    segment = await locked_segment(segment_id)
    count = await check_can_log(segment, deliver)
    if count > Settings.from_env().log_job_threshold:
        return LogAnswer(job=await start_log(segment, deliver=deliver, create_follow_up=create_follow_up))
    outcome = await log_segment(segment, deliver=deliver, create_follow_up=create_follow_up, checked=True)
    delivering = None
    if outcome.to_deliver:
        delivering = await start_delivery(logged_segment_id=outcome.logged.id)
    return LogAnswer(logged=outcome.logged, delivery_job=delivering, follow_up=outcome.follow_up,
                     interactions_created=outcome.interactions_created)


async def reuse_logged_segment(command: ReuseLogged) -> ActionResult:
    return await act(ActionRequest(
        ActionKind.REUSE_LOGGED, decode_id(command.segment_id, "Segment", "segmentId"),
        options={"ignore_exclusion": command.ignore_exclusion},
        logged_segment_id=decode_id(command.logged_segment_id, "LoggedSegment", "loggedSegmentId"),
        confirm_existing=command.confirm_existing_criteria))


async def resend(entry_id: Any) -> InteractionLogEntry:
    entry = await delivery.queue_again(await locked(InteractionLogEntry, entry_id))
    await start_delivery(entry_id=entry.id)
    return entry
