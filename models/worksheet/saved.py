"""Save criteria under a code, and reuse them: replay every action, in order, against current data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from segmentum.models.criteria import Criteria
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.rules.common import code_value, fits, optional_text, unique_code
from segmentum.models.segments import SavedSegmentCriteria, SavedSegmentCriteriaAction, Segment, SegmentCriteriaAction
from segmentum.models.system import created_by
from segmentum.models.worksheet.actions import ActionResult, run_action
from segmentum.models.worksheet.options import ActionOptions

# Besides the options (ActionOptions), what a saved action keeps of the recorded one.
COPIED = ("position", "action", "criteria", "manual", "reuse_logged", "lines_added", "lines_removed")


async def save_criteria(segment: Segment, code: str, description: str | None) -> SavedSegmentCriteria:
    code = code_value(code, "code", 20)
    await unique_code(SavedSegmentCriteria, code)
    actions = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("position")
    if not actions:
        raise DomainError(
            ErrorCode.CONFLICT, f"Segment {segment.no} has no criteria actions to save.", ["input", "segmentId"]
        )
    saved = await SavedSegmentCriteria.create(code=code, description=optional_text(description, "description", 100),
                                              created_by_id=created_by())
    await SavedSegmentCriteriaAction.bulk_create(
        [
            SavedSegmentCriteriaAction(
                saved_criteria_id=saved.id, **{f: getattr(a, f) for f in COPIED}, **ActionOptions.of(a).columns()
            )
            for a in actions
        ]
    )
    return saved


async def saved_actions(code: str) -> list[SavedSegmentCriteriaAction]:
    """The actions saved under `code`, in order (none when there is no such code)."""
    key = code.strip().upper()
    if not fits(SavedSegmentCriteria, "code", key):
        return []
    return await SavedSegmentCriteriaAction.filter(saved_criteria__code=key).order_by("position")


async def find_saved(code: str) -> SavedSegmentCriteria:
    key = code.strip().upper()
    saved = await SavedSegmentCriteria.filter(code=key).first() if fits(SavedSegmentCriteria, "code", key) else None
    if saved is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, f"Saved segment criteria {shown(code)} does not exist.", ["input", "savedCriteriaCode"]
        )
    return saved


async def check_confirmed(segment: Segment, confirm_existing: bool, what: str) -> None:
    """CONFLICT when the segment has criteria actions and the request did not confirm reusing `what` on it."""
    count = 0 if confirm_existing else await SegmentCriteriaAction.filter(segment_id=segment.id).count()
    if count:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"Segment {segment.no} already has {count} criteria actions; "
            f"pass confirmExistingCriteria: true to reuse {what} on it.",
            ["input", "confirmExistingCriteria"],
        )


async def reuse_criteria(segment: Segment, code: str, confirm_existing: bool,
                         progress: Callable[[float], Awaitable[None]] | None = None) -> ActionResult:
    """Replay the saved actions in order; `progress` (0..1) is told after each one."""
    saved = await find_saved(code)
    await check_confirmed(segment, confirm_existing, "saved criteria")
    total = ActionResult(segment=segment)
    steps = await SavedSegmentCriteriaAction.filter(saved_criteria_id=saved.id).order_by("position")
    for done, saved_action in enumerate(steps, start=1):
        # A saved action is replayed with its own options (Entire Companies on Refine too, where BC applies it to
        # the wrong report object); the filter check was made when it was recorded.
        step = await run_action(
            segment, saved_action.action, Criteria.parse(saved_action.criteria), ActionOptions.of(saved_action),
            manual=saved_action.manual, reuse_logged=saved_action.reuse_logged,
        )
        for attr in ("lines_added", "lines_removed", "skipped_excluded", "skipped_existing", "skipped_privacy_blocked"):
            setattr(total, attr, getattr(total, attr) + getattr(step, attr))
        total.action = step.action
        if progress is not None:
            await progress(done / len(steps))
    return total
