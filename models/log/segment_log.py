"""segmentLog as one domain operation: check, write, delete the segment, optionally create the follow-up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from segmentum.models.enums import NumberSeriesCode
from segmentum.models.log.validate import check_can_log
from segmentum.models.log.write import LogResult, write_log
from segmentum.models.numbering import next_number
from segmentum.models.segments import Segment
from segmentum.models.webhooks.events import segment_logged
from segmentum.models.worksheet.reuse_logged import reuse_logged

Progress = Callable[[float], Awaitable[None]]


@dataclass
class LogOutcome(LogResult):
    follow_up: Segment | None = None


async def _nothing(value: float) -> None:
    return None


async def log_segment(segment: Segment, *, deliver: bool, create_follow_up: bool, checked: bool = False,
                      progress: Progress = _nothing) -> LogOutcome:
    """Everything or nothing: the caller's transaction is rolled back on any error. `checked`: the caller has just
    run check_can_log on the locked segment."""
    if not checked:
        await check_can_log(segment, deliver)
    await progress(0.2)
    campaign_id, old_no = segment.campaign_id, segment.no
    result = await write_log(segment, deliver)
    await progress(0.8)
    outcome = LogOutcome(**vars(result))
    await segment_logged(result.logged.id, result.logged.segment_no, result.interactions_created)
    if create_follow_up:
        # BC: a new segment from the series, the logged segment's campaign, then Reuse Logged Segment.
        follow_up = await Segment.create(
            no=await next_number(NumberSeriesCode.SEGMENT, Segment),
            description=f"Follow-up on segment {old_no}"[:50],
            date=date.today(),
            campaign_id=campaign_id,
        )
        await reuse_logged(follow_up, result.logged)
        outcome.follow_up = follow_up
    return outcome
