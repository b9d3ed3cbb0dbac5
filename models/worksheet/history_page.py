"""A page of a segment's membership history, or of its members at a moment, read in order from indexes.

The events are those of models.worksheet.membership (its encoding of ids, its order by (at, id)); here each kind of
row that gives them is read from an index in that order, from the cursor on and no further than a page, and the
branches are merged by the page's own ORDER BY ... LIMIT (resolvers.pagination.keyset_rows_page):
- current lines by (segment_id, entered_at, id): their entries;
- archived lines (LINE, EVENT) by (segment_id, entered_at, id) and (segment_id, left_at, id): entries and exits;
- left CONTACTS rows by (segment_id, entered_at, id DESC) and (segment_id, left_at, id DESC): the rows of one moment
  in the order of their elements' ids (2n + k - id * SPAN falls as the row id rises), each expanded only when the
  page reaches it (at most models.worksheet.store.CHUNK elements), its answered elements left out through
  (segment_id, action_id, contact_id).
So a page reads what it shows, whatever the size of the history. A line's contact exists (a contact on a segment
cannot be deleted), so only archived rows check theirs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from segmentum.models.sql import Params, null_safe_equal
from segmentum.models.worksheet.membership import SPAN

MIN_INT, MAX_INT = -(2**31), 2**31 - 1


def _row_after(index: int, step: int, after: int) -> int:
    """The greatest row id whose event id (row id * step + index) is not after `after`, within 32 bits (row ids
    are 32-bit: beyond them every row, or none, is after)."""
    return max(MIN_INT, min(MAX_INT, (after - index) // step))


def _contact_exists(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM contact c WHERE c.id = {column})"


def element_rows(p: Params) -> tuple[str, str, str]:
    """FROM item expanding a.contact_ids, the element's contact id and its number (from 1)."""
    if p.dialect == "postgres":
        return ("CROSS JOIN LATERAL jsonb_array_elements_text(a.contact_ids) WITH ORDINALITY e(value, n)",
                "CAST(e.value AS INTEGER)", "e.n")
    return ", json_each(a.contact_ids) e", "e.value", "(e.key + 1)"


def unanswered(p: Params, contact: str) -> str:
    """An element (`contact`) of the left CONTACTS row a that no row of its own answers (models.worksheet.membership:
    a LINE or MOVED row of its tag, contact and entry)."""
    same = null_safe_equal(p.dialect)
    return ("NOT EXISTS (SELECT 1 FROM segment_line_archive h WHERE h.segment_id = a.segment_id AND h.action_id IS "
            f"NOT NULL AND h.action_id = a.action_id AND h.contact_id = {contact} AND h.kind IN ('LINE', 'MOVED') "
            f"AND h.entered_at {same} a.entered_at AND h.entered_cause {same} a.entered_cause)")


def _big(p: Params, column: str) -> str:
    return f"CAST({column} AS BIGINT)" if p.dialect == "postgres" else column


def _null_time(p: Params) -> str:
    return "CAST(NULL AS TIMESTAMPTZ)" if p.dialect == "postgres" else "NULL"


def _rows(p: Params, select: str, table: str, alias: str, at: str, index: int, conds: list[str],
          after: list[Any] | None, limit: int) -> str:
    """A branch of rows each giving one event (id = row id * 4 + index) at column `at`, in order from the cursor."""
    if after is not None:
        conds.append(f"({alias}.{at}, {alias}.id) > ({p.add(after[0])}, {p.add(_row_after(index, 4, after[1]))})")
    return (f"SELECT {select} FROM {table} {alias} WHERE {' AND '.join(conds)} "
            f"ORDER BY {alias}.{at}, {alias}.id LIMIT {int(limit)}")


def _elements_branch(p: Params, segment_id: int, at: str, k: int, select: str, conds: list[str],
                     after: list[Any] | None, limit: int) -> str:
    """A branch of the elements of left CONTACTS rows, one event each at the row's column `at` (id = 2n + k - row
    id * SPAN), in order from the cursor: rows by (at, id DESC), elements by number. On PostgreSQL each row's
    elements are a LATERAL subquery of its own with a LIMIT, which the planner cannot flatten: rows come from the
    index in order and are expanded one by one until the page is full (an incremental sort by element number)."""
    expand, contact, n = element_rows(p)
    event_id = f"2 * {n} + {k} - {_big(p, 'a.id')} * {SPAN}"
    conds = [f"a.segment_id = {p.add(segment_id)}", "a.kind = 'CONTACTS'", "a.left_at IS NOT NULL",
             f"a.{at} IS NOT NULL", *conds]
    element_conds = [unanswered(p, contact), _contact_exists(contact)]
    if after is not None:
        at0 = p.add(after[0])
        # The rows of the cursor's moment that may hold an id after it: a row's ids lie below -(id - 1) * SPAN.
        last_row = p.typed((SPAN - 2 - after[1]) // SPAN, "BIGINT")
        conds += [f"a.{at} >= {at0}", f"(a.{at} > {at0} OR a.id <= {last_row})"]
        element_conds.append(f"(a.{at} > {at0} OR {event_id} > {p.typed(after[1], 'BIGINT')})")
    if p.dialect == "postgres":
        return (f"SELECT {event_id} AS id, a.segment_id, e.contact_id, {select} "
                f"FROM segment_line_archive a CROSS JOIN LATERAL (SELECT {contact} AS contact_id, {n} AS n "
                f"FROM jsonb_array_elements_text(a.contact_ids) WITH ORDINALITY e(value, n) "
                f"WHERE {' AND '.join(element_conds)} ORDER BY {n} LIMIT {int(limit)}) e "
                f"WHERE {' AND '.join(conds)} ORDER BY a.{at}, a.id DESC, e.n LIMIT {int(limit)}")
    return (f"SELECT {event_id} AS id, a.segment_id, {contact} AS contact_id, {select} "
            f"FROM segment_line_archive a {expand} WHERE {' AND '.join([*conds, *element_conds])} "
            f"ORDER BY a.{at}, a.id DESC, {n} LIMIT {int(limit)}")


def _union(branches: list[str]) -> str:
    return "(" + " UNION ALL ".join(f"SELECT * FROM ({b}) b{i}" for i, b in enumerate(branches)) + ")"


def events_source(segment_id: int, after: list[Any] | None, limit: int, p: Params) -> str:
    """The first `limit` events of the segment after the cursor values `after` ([at, id]) or from the start, as
    rows (id, segment_id, contact_id, kind, at, cause): a parenthesised SELECT, to be ordered by (at, id)."""
    s = p.add(segment_id)
    archived = [f"a.segment_id = {s}", "a.kind IN ('LINE', 'EVENT')", "a.contact_id IS NOT NULL",
                _contact_exists("a.contact_id")]
    return _union([
        _rows(p, f"{_big(p, 'l.id')} * 4 + 3 AS id, l.segment_id, l.contact_id, 'ADDED' AS kind, l.entered_at AS at, "
              "l.entered_cause AS cause", "segment_line", "l", "entered_at", 3,
              [f"l.segment_id = {s}", "l.entered_at IS NOT NULL"], after, limit),
        _rows(p, f"{_big(p, 'a.id')} * 4 + 1 AS id, a.segment_id, a.contact_id, 'ADDED' AS kind, a.entered_at AS at, "
              "a.entered_cause AS cause", "segment_line_archive", "a", "entered_at", 1,
              [*archived, "a.entered_at IS NOT NULL"], after, limit),
        _rows(p, f"{_big(p, 'a.id')} * 4 + 2 AS id, a.segment_id, a.contact_id, 'REMOVED' AS kind, a.left_at AS at, "
              "a.left_cause AS cause", "segment_line_archive", "a", "left_at", 2,
              [*archived, "a.left_at IS NOT NULL"], after, limit),
        _elements_branch(p, segment_id, "entered_at", 0, "'ADDED' AS kind, a.entered_at AS at, "
                         "a.entered_cause AS cause", [], after, limit),
        _elements_branch(p, segment_id, "left_at", 1, "'REMOVED' AS kind, a.left_at AS at, a.left_cause AS cause",
                         [], after, limit),
    ])


def members_source(segment_id: int, as_of: datetime, after: list[Any] | None, limit: int, p: Params) -> str:
    """The first `limit` stints open at `as_of` (entered at or before it, not left by then) after the cursor values
    `after` ([at, id]) or from the start, as rows (id, segment_id, contact_id, at, cause, left_at), `at` when the
    stint entered and id the id of that entry in the history: a parenthesised SELECT, to be ordered by (at, id)."""
    s, moment = p.add(segment_id), p.add(as_of.astimezone(UTC))
    return _union([
        _rows(p, f"{_big(p, 'l.id')} * 4 + 3 AS id, l.segment_id, l.contact_id, l.entered_at AS at, "
              f"l.entered_cause AS cause, {_null_time(p)} AS left_at", "segment_line", "l", "entered_at", 3,
              [f"l.segment_id = {s}", "l.entered_at IS NOT NULL", f"l.entered_at <= {moment}"], after, limit),
        _rows(p, f"{_big(p, 'a.id')} * 4 + 1 AS id, a.segment_id, a.contact_id, a.entered_at AS at, "
              "a.entered_cause AS cause, a.left_at", "segment_line_archive", "a", "entered_at", 1,
              [f"a.segment_id = {s}", "a.kind = 'LINE'", "a.entered_at IS NOT NULL", "a.contact_id IS NOT NULL",
               f"a.entered_at <= {moment}",
               f"a.left_at > {moment}", _contact_exists("a.contact_id")], after, limit),
        # The exit is compared as an expression, which no index serves: the rows must come from the index by
        # entry, in the page's order, not from the index by exit (every row then expanded and sorted).
        _elements_branch(p, segment_id, "entered_at", 0, "a.entered_at AS at, a.entered_cause AS cause, a.left_at",
                         [f"a.entered_at <= {moment}", f"COALESCE(a.left_at, a.entered_at) > {moment}"], after,
                         limit),
    ])
