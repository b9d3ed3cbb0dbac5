"""Who was in a segment at a moment, and what brought a line in: read from the stints the lines and the archive keep.

A stint is one contact's time on one line: it entered (entered_at, entered_cause) and, unless it is a current line,
left (left_at). Current lines are stints without an exit; LINE rows, and the elements of left CONTACTS arrays that
no row of their own answers (models.worksheet.membership), are stints with one. EVENT halves from before the
archive (migration 0004) are not paired into stints, and lines from before it have no entry: neither is answered.
Ids follow the membership history's encoding (the event id of the stint's entry), so pages are ordered by
(entered_at, id) exactly as the history orders entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from segmentum.models.enums import SegmentEntryKind
from segmentum.models.segments import SegmentCriteriaAction
from segmentum.models.sql import Params
from segmentum.models.worksheet.membership import SPAN, answered_arrays, elements


def stints_source(dialect: str) -> str:
    """Every stint as rows (id, segment_id, contact_id, at, cause, left_at), a parenthesised SELECT; `at` is when it
    entered. Stints of contacts deleted since are left out, as in the history."""
    _, contact, n = elements(dialect)

    def big(column: str) -> str:
        return f"CAST({column} AS BIGINT)" if dialect == "postgres" else column

    return (
        "(SELECT x.* FROM ("
        f"SELECT {big('l.id')} * 4 + 3 AS id, l.segment_id, l.contact_id, l.entered_at AS at, "
        "l.entered_cause AS cause, NULL AS left_at FROM segment_line l WHERE l.entered_at IS NOT NULL "
        f"UNION ALL SELECT {big('a.id')} * 4 + 1, a.segment_id, a.contact_id, a.entered_at, a.entered_cause, "
        "a.left_at FROM segment_line_archive a WHERE a.kind = 'LINE' AND a.entered_at IS NOT NULL "
        f"UNION ALL SELECT 2 * {n} - {big('a.id')} * {SPAN}, a.segment_id, {contact}, a.entered_at, "
        f"a.entered_cause, a.left_at {answered_arrays(dialect)} AND a.entered_at IS NOT NULL"
        ") x WHERE EXISTS (SELECT 1 FROM contact c WHERE c.id = x.contact_id))"
    )


def members_at(as_of: datetime, p: Params) -> str:
    """The condition (over alias t of stints_source) of the stints open at `as_of`: entered at or before it and
    not left by then."""
    at = p.add(as_of.astimezone(UTC))
    return f"t.at <= {at} AND (t.left_at IS NULL OR t.left_at > {at})"


# Causes as the actions write them (models.worksheet.recording.action_cause, undo, reevaluate).
CAUSE = re.compile(r"^(?:(manual): |(go back): )?action (\d+)$")


@dataclass(frozen=True)
class Entry:
    """What brought a line in: an action (ACTION, or MANUAL for a line added or changed by hand) with the recorded
    action when it is still there, a Go Back of the action at `position` (since deleted), or a re-evaluation."""

    kind: SegmentEntryKind
    at: datetime
    cause: str
    position: int | None = None
    action: SegmentCriteriaAction | None = None


def entry_of(at: datetime | None, cause: str | None, actions: list[SegmentCriteriaAction]) -> Entry | None:
    """The entry of a stint that entered at `at` for `cause`, given the segment's recorded actions now. The action
    at a position is the one that brought the line in only if it was recorded by then: a Go Back deletes an action
    and its position is taken again by the next one."""
    if at is None or cause is None:
        return None
    if cause == "re-evaluation":
        return Entry(SegmentEntryKind.REEVALUATION, at, cause)
    found = CAUSE.match(cause)
    if found is None:
        return None
    position = int(found.group(3))
    if found.group(2):
        return Entry(SegmentEntryKind.GO_BACK, at, cause, position)
    action = next((a for a in actions if a.position == position and a.created_at <= at), None)
    return Entry(SegmentEntryKind.MANUAL if found.group(1) else SegmentEntryKind.ACTION, at, cause, position, action)
