"""A segment's membership history, read from the current lines and the archive of removed ones.

A line entered when it was inserted (entered_at, entered_cause); an archived line also left (left_at,
left_cause). The contacts of the lines that entered together with one tag are kept as archive rows (JSON arrays of
at most models.worksheet.store.CHUNK contacts, pending until Go Back of that Add gives them left_at), so undoing an
Add deletes its lines without copying them. So every entry and exit is answered without an event row per line.
Each event gets a unique integer id (the encoding below) for paging: (at, id) orders the history.

This module says what the history is: membership_source, the union of every event, is its definition (and the
recount the migrations and tests check against). A page is read through models.worksheet.history_page, the same
events in the same order from the indexes of each kind of row; totalCount through models.worksheet.history_count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from segmentum.models.enums import MembershipEventKind
from segmentum.models.segments import SegmentMembershipEvent

# Event ids (64-bit), one encoding: a row of the archive or a line gives 4 * id + 1 (archived line entered),
# + 2 (archived line left), + 3 (current line entered); element n (from 1) of a contact array gives
# 2 * n + k - id * SPAN (k: 0 entered, 1 left), negative and in element order within its array. Archive ids and
# contact ids are 32-bit: an array holds fewer than 2^31 contacts (an Add's array at most one element per
# contact), so 2 * n + k < SPAN and no two elements of any arrays share an id, and id * SPAN < 2^63.
SPAN = 2**32


def elements(dialect: str) -> tuple[str, str, str]:
    """FROM clause expanding a.contact_ids into (e.value, e.n) rows, the contact id and the element number."""
    if dialect == "postgres":
        return ("CROSS JOIN LATERAL jsonb_array_elements_text(a.contact_ids) WITH ORDINALITY e(value, n)",
                "CAST(e.value AS INTEGER)", "e.n")
    return ", json_each(a.contact_ids) e", "e.value", "(e.key + 1)"


def _answered(dialect: str) -> tuple[str, str]:
    """The stints of an Add's contacts (action_id set) that already ended on a row of their own, as rows (segment_id,
    action_id, contact_id, entered_at, entered_cause) that an element of a left contact array of that tag and entry
    is anti-joined with: the line was removed by a later action or by hand before the Go Back (that row answers for
    it, a LINE row), or re-evaluation moved the line out of the tag (a MOVED row: whatever holds the line now
    answers for it). Entries from before 0004 are null:
    they are compared through a value no entry has, so that the join is on plain equalities, which PostgreSQL
    hashes and SQLite indexes automatically: one pass over the history, never a search of the archive per
    element (the history of an Add of n contacts, m of them reduced, cost n * m before)."""
    never = "CAST('-infinity' AS TIMESTAMPTZ)" if dialect == "postgres" else "''"
    rows = (
        "(SELECT h.segment_id, h.action_id, h.contact_id, COALESCE(h.entered_at, "
        f"{never}) AS entered_at, COALESCE(h.entered_cause, '') AS entered_cause FROM segment_line_archive h "
        "WHERE h.action_id IS NOT NULL AND h.kind IN ('LINE', 'MOVED'))"
    )
    return rows, never


def answered_arrays(dialect: str) -> str:
    """FROM and WHERE of the elements of left CONTACTS arrays (alias a, e) that no row of their own answers."""
    expand, contact, _ = elements(dialect)
    answered, never = _answered(dialect)
    return (f"FROM segment_line_archive a {expand} LEFT JOIN {answered} h ON h.segment_id = a.segment_id "
            f"AND h.action_id = a.action_id AND h.contact_id = {contact} "
            f"AND h.entered_at = COALESCE(a.entered_at, {never}) AND h.entered_cause = COALESCE(a.entered_cause, '') "
            "WHERE a.kind = 'CONTACTS' AND a.left_at IS NOT NULL AND h.segment_id IS NULL")


def array_events_source(dialect: str) -> str:
    """The events of the elements of left CONTACTS rows as rows (id, segment_id, contact_id, kind, at, cause), a
    parenthesised SELECT; what segment_history_tally counts (contacts deleted since left out)."""
    _, contact, n = elements(dialect)
    aid = "CAST(a.id AS BIGINT)" if dialect == "postgres" else "a.id"
    arrays = answered_arrays(dialect)
    return (
        "(SELECT x.* FROM ("
        f"SELECT 2 * {n} - {aid} * {SPAN} AS id, a.segment_id, {contact} AS contact_id, 'ADDED' AS kind, "
        f"a.entered_at AS at, a.entered_cause AS cause {arrays} AND a.entered_at IS NOT NULL "
        f"UNION ALL SELECT 2 * {n} + 1 - {aid} * {SPAN}, a.segment_id, {contact}, 'REMOVED', a.left_at, a.left_cause "
        f"{arrays}"
        ") x WHERE EXISTS (SELECT 1 FROM contact c WHERE c.id = x.contact_id))"
    )


def membership_source(dialect: str) -> str:
    """Every membership event as rows (id, segment_id, contact_id, kind, at, cause), a parenthesised SELECT.
    Events of contacts deleted since are left out, as the deletion of a contact took its events along before.
    A pending contact array (its lines are there) gives none: its contacts are answered by their lines."""
    _, contact, n = elements(dialect)

    def big(column: str) -> str:
        return f"CAST({column} AS BIGINT)" if dialect == "postgres" else column

    arrays = answered_arrays(dialect)
    return (
        "(SELECT x.* FROM ("
        f"SELECT {big('a.id')} * 4 + 1 AS id, a.segment_id, a.contact_id, 'ADDED' AS kind, a.entered_at AS at, "
        "a.entered_cause AS cause FROM segment_line_archive a WHERE a.entered_at IS NOT NULL "
        "AND a.kind IN ('LINE', 'EVENT') "
        f"UNION ALL SELECT {big('a.id')} * 4 + 2, a.segment_id, a.contact_id, 'REMOVED', a.left_at, a.left_cause "
        "FROM segment_line_archive a WHERE a.left_at IS NOT NULL AND a.kind IN ('LINE', 'EVENT') "
        f"UNION ALL SELECT {big('l.id')} * 4 + 3, l.segment_id, l.contact_id, 'ADDED', l.entered_at, l.entered_cause "
        "FROM segment_line l WHERE l.entered_at IS NOT NULL "
        f"UNION ALL SELECT 2 * {n} - {big('a.id')} * {SPAN}, a.segment_id, {contact}, 'ADDED', a.entered_at, "
        "a.entered_cause "
        f"{arrays} AND a.entered_at IS NOT NULL "
        f"UNION ALL SELECT 2 * {n} + 1 - {big('a.id')} * {SPAN}, a.segment_id, {contact}, 'REMOVED', a.left_at, "
        "a.left_cause "
        f"{arrays}"
        ") x WHERE EXISTS (SELECT 1 FROM contact c WHERE c.id = x.contact_id))"
    )


def as_datetime(value: Any) -> Any:
    """A timestamp read by raw SQL: SQLite answers the stored text (a union's columns have no declared type)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def membership_events(rows: list[dict[str, Any]]) -> list[SegmentMembershipEvent]:
    return [
        SegmentMembershipEvent(
            id=int(r["id"]),
            segment_id=int(r["segment_id"]),
            contact_id=int(r["contact_id"]),
            kind=MembershipEventKind(r["kind"]),
            at=as_datetime(r["at"]),
            cause=str(r["cause"]),
        )
        for r in rows
    ]
