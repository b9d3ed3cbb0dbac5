"""How many events a segment's membership history holds, without reading the left contact arrays.

The count of models.worksheet.membership's events by kind of row: the entries of the current lines and the entries
and exits of the archived lines are index-only counts (as the count of the lines is), and the events of the left
CONTACTS rows come from segment_history_tally (models.worksheet.store.undo_add adds them when a Go Back of an Add
leaves its rows; migration 0021 counted the histories there were). A contact deleted since takes its events out of
the history: an archived line whose contact was deleted before 0021 holds none, and contact_deletion records every
deletion since. Only while some contact has been deleted does the count read again what such a contact may be in:
the segment's archived lines, and the left rows that entered before a deletion (never when no contact is deleted).
"""

from __future__ import annotations

from segmentum.models.sql import Params, execute
from segmentum.models.worksheet.history_page import element_rows, unanswered
from segmentum.models.worksheet.recording import now


def _deleted_in_rows(p: Params, s: str) -> str:
    """The events of archived lines whose contact is deleted since 0021."""
    return ("(SELECT COUNT(a.entered_at) + COUNT(a.left_at) FROM segment_line_archive a "
            f"WHERE a.segment_id = {s} AND a.kind IN ('LINE', 'EVENT') "
            "AND a.contact_id IN (SELECT d.contact_id FROM contact_deletion d))")


def _deleted_in_arrays(p: Params, s: str) -> str:
    """The events of elements of left CONTACTS rows whose contact is deleted (only rows that entered before a
    deletion are expanded: a fence keeps the planner from expanding first)."""
    expand, contact, _ = element_rows(p)
    fence = "OFFSET 0" if p.dialect == "postgres" else "LIMIT -1 OFFSET 0"
    rows = ("(SELECT a.* FROM segment_line_archive a "
            f"WHERE a.segment_id = {s} AND a.kind = 'CONTACTS' AND a.left_at IS NOT NULL AND EXISTS (SELECT 1 "
            f"FROM contact_deletion d WHERE a.entered_at IS NULL OR d.deleted_at >= a.entered_at) {fence})")
    return (f"(SELECT COUNT(*) + COUNT(a.entered_at) FROM {rows} a {expand} "
            f"WHERE {contact} IN (SELECT d.contact_id FROM contact_deletion d) AND {unanswered(p, contact)})")


def events_count(segment_id: int, p: Params) -> str:
    """A SELECT of one value: the number of the segment's membership events."""
    s = p.add(segment_id)
    archived = f"FROM segment_line_archive a WHERE a.segment_id = {s} AND a.kind IN ('LINE', 'EVENT') AND " \
               "a.contact_id IS NOT NULL AND"
    return (
        f"SELECT (SELECT COUNT(*) FROM segment_line l WHERE l.segment_id = {s} AND l.entered_at IS NOT NULL) "
        f"+ (SELECT COUNT(*) {archived} a.entered_at IS NOT NULL) "
        f"+ (SELECT COUNT(*) {archived} a.left_at IS NOT NULL) "
        f"+ COALESCE((SELECT t.array_events FROM segment_history_tally t WHERE t.segment_id = {s}), 0) "
        "- CASE WHEN EXISTS (SELECT 1 FROM contact_deletion) "
        f"THEN {_deleted_in_rows(p, s)} + {_deleted_in_arrays(p, s)} ELSE 0 END AS n"
    )


async def record_deletions(contact_ids: list[int]) -> None:
    """Note the deletion of these contacts (their events leave the history: events_count)."""
    moment = now()
    for start in range(0, len(contact_ids), 1000):  # bound the statement's parameters
        p = Params()
        at = p.typed(moment, "TIMESTAMPTZ")
        values = ", ".join(f"({p.typed(c, 'INTEGER')}, {at})" for c in contact_ids[start:start + 1000])
        await execute(f"INSERT INTO contact_deletion (contact_id, deleted_at) VALUES {values} "
                      "ON CONFLICT (contact_id) DO NOTHING", p)
