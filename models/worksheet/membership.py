"""A segment's membership history, read from the current lines and the archive of removed ones.

A line entered when it was inserted (entered_at, entered_cause); an archived line also left (left_at,
left_cause). So every entry and exit is answered without an event row per line. Each event gets a unique
integer id, in the order its row was written, for paging: (at, id) orders the history.
"""

from __future__ import annotations

from typing import Any

from models.enums import MembershipEventKind
from models.segments import SegmentMembershipEvent

# Events of contacts deleted since are left out, as the deletion of a contact took its events along before.
MEMBERSHIP_EVENTS = (
    "(SELECT x.* FROM ("
    "SELECT a.id * 4 + 1 AS id, a.segment_id, a.contact_id, 'ADDED' AS kind, a.entered_at AS at, "
    "a.entered_cause AS cause FROM segment_line_archive a WHERE a.entered_at IS NOT NULL "
    "UNION ALL SELECT a.id * 4 + 2, a.segment_id, a.contact_id, 'REMOVED', a.left_at, a.left_cause "
    "FROM segment_line_archive a WHERE a.left_at IS NOT NULL "
    "UNION ALL SELECT l.id * 4 + 3, l.segment_id, l.contact_id, 'ADDED', l.entered_at, l.entered_cause "
    "FROM segment_line l WHERE l.entered_at IS NOT NULL"
    ") x WHERE EXISTS (SELECT 1 FROM contact c WHERE c.id = x.contact_id))"
)


def membership_events(rows: list[dict[str, Any]]) -> list[SegmentMembershipEvent]:
    return [
        SegmentMembershipEvent(
            id=int(r["id"]),
            segment_id=int(r["segment_id"]),
            contact_id=int(r["contact_id"]),
            kind=MembershipEventKind(r["kind"]),
            at=r["at"],
            cause=str(r["cause"]),
        )
        for r in rows
    ]
