"""The membership history of re-evaluations, as stored: lines that entered and archived lines that left."""

from __future__ import annotations

from segmentum.models.segments import SegmentLine, SegmentLineArchive


async def reevaluation_events() -> list[tuple[int | None, str]]:
    """(contact id, ADDED / REMOVED) for every entry and exit caused by a re-evaluation."""
    added = await SegmentLine.filter(entered_cause="re-evaluation").values_list("contact_id", flat=True)
    removed = await SegmentLineArchive.filter(left_cause="re-evaluation", undo_action_id__isnull=True).values_list(
        "contact_id", flat=True)
    by_last = await SegmentLineArchive.filter(left_cause="re-evaluation", undo_action_id__isnull=False,
                                              line_no__lt=10**9).values_list("contact_id", flat=True)
    return [(c, "ADDED") for c in added] + [(c, "REMOVED") for c in [*removed, *by_last]]  # type: ignore[misc]


async def archive_state(segment_id: int) -> list[tuple[object, ...]]:
    return sorted(await SegmentLineArchive.filter(segment_id=segment_id).values_list(
        "undo_action_id", "line_no", "contact_id", "description"), key=repr)
