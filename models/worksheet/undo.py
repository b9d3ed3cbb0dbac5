"""Go Back: undo the last action exactly. Lines it inserted leave by their tag (never by contact); lines it
removed come back from the archive with every field and their line numbers, except those whose contact has
since become privacy-blocked (SPEC §2.2: no action adds one); with nothing to undo, nothing happens (as BC).
Both leave their trace in the membership history: an Add's contacts were kept in the archive when its lines
entered (models.worksheet.store), so its Go Back only marks them as left; restored lines enter again."""

from __future__ import annotations

from segmentum.models.enums import SegmentAction
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, fetch_value
from segmentum.models.worksheet.actions import ActionResult
from segmentum.models.worksheet.lines import LINE_COLUMNS
from segmentum.models.worksheet.recording import now, plan_for_actions
from segmentum.models.worksheet.store import insert_keeping_pending, undo_add

# Contacts deleted since the line left come back as no contact (the archive holds plain ids).
RESTORED = {"contact_id": "c.id", "contact_company_id": "cc.id"}


async def go_back(segment: Segment) -> ActionResult:
    action = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("-position").first()
    if action is None:
        return ActionResult(segment=segment)
    await plan_for_actions()
    result = ActionResult(segment=segment, action=action)
    cause = f"go back: action {action.position}"

    if action.action == SegmentAction.ADD:
        # An Add only inserts: its lines leave by their tag. (A Reduce or Refine inserted none, so its Go Back
        # need not look for any among the segment's lines.)
        result.lines_removed = await undo_add(segment.id, action.id, cause)
        await action.delete()
        return result

    def removed(p: Params) -> str:
        return (
            "FROM segment_line_archive a LEFT JOIN contact c ON c.id = a.contact_id "
            "LEFT JOIN contact cc ON cc.id = a.contact_company_id "
            f"WHERE a.segment_id = {p.add(segment.id)} AND a.undo_action_id = {p.add(action.id)}"
        )

    p = Params()
    cols = ", ".join(RESTORED.get(c, f"a.{c}") for c in LINE_COLUMNS)
    at = now()
    restore = (
        f"INSERT INTO segment_line (segment_id, {', '.join(LINE_COLUMNS)}, action_id, entered_at, entered_cause) "
        f"SELECT a.segment_id, {cols}, a.action_id, {p.typed(at, 'TIMESTAMPTZ')}, {p.typed(cause, 'VARCHAR')} "
        f"{removed(p)} AND (c.id IS NULL OR NOT c.privacy_blocked) ORDER BY a.id"
    )
    # The restored lines enter again under their tags: their Adds keep their contacts (models.worksheet.store).
    result.lines_added = await insert_keeping_pending(segment.id, restore, p, at, cause)
    # What was not restored was left out for being privacy-blocked: counted from the action's archive rows alone,
    # so that contact is read once, by the restore (a count joining it read ~10,000 contact pages again at 1M).
    p = Params()
    archived = await fetch_value(f"SELECT COUNT(*) FROM segment_line_archive WHERE segment_id = {p.add(segment.id)} "
                                 f"AND undo_action_id = {p.add(action.id)}", p)
    result.skipped_privacy_blocked = int(archived or 0) - result.lines_added
    # The archive rows stay: they are the stints that ended with the action. They are not restored again: the
    # action they name is gone, and ids are never reused.
    await action.delete()
    return result
