"""The contacts of the lines an Add inserted, kept when they are written, so that Go Back of the Add deletes
its lines by their tag alone (no RETURNING, no copy) and only marks what it kept as left.

Every line tagged with an action belongs to one pending archive row: contact_ids (a JSON array in line order)
for one (action_id, entered_at, entered_cause), with no left_at. The paths that write tagged lines keep it: an
Add (its own entry), manual line adds, and Go Back of a Reduce or Refine (the lines it restores enter again).
Re-evaluation re-tags lines without touching these arrays (patching them would cost as much as the Add's
contacts, not the few that changed): it marks the actions whose tag it gave or took (`pending_stale`), and
their Go Back writes their pending rows again from the lines first. Go Back of the Add sets their left_at; the
membership history reads a left array row as its contacts' exits, except the contacts whose stint from that
entry already ended on its own archive row (the line was removed by a later action or by hand before the Go
Back).
"""

from __future__ import annotations

from collections.abc import Callable

from models.sql import Params, dialect, execute
from models.worksheet.recording import NO_LINE, NO_LINE_VALUES, now

# The lines that entered together with one tag: (id, contact_id, action_id, entered_at, entered_cause) rows.
LineRows = Callable[[Params], str]


def _contact_array() -> str:
    # Ordered by line id: the element number is the event's order within its entry.
    if dialect() == "postgres":
        return "to_jsonb(array_agg(x.contact_id ORDER BY x.id))"
    return "json_group_array(x.contact_id)"  # over a subquery ordered by id


def pending_insert(segment_id: int, p: Params, lines: str) -> str:
    """INSERT of the pending rows of `lines` (a FROM item of LineRows columns), one per tag and entry."""
    return (
        f"INSERT INTO segment_line_archive (segment_id, action_id, contact_ids, entered_at, entered_cause, {NO_LINE}) "
        f"SELECT {p.typed(segment_id, 'INTEGER')}, x.action_id, {_contact_array()}, x.entered_at, x.entered_cause, "
        f"{NO_LINE_VALUES} FROM {lines} x WHERE x.action_id IS NOT NULL "
        "GROUP BY x.action_id, x.entered_at, x.entered_cause"
    )


async def keep_pending(segment_id: int, which: LineRows) -> None:
    """The pending rows of the segment's lines that match `which` (SQL over alias l), just written."""
    p = Params()
    lines = (f"(SELECT l.id, l.contact_id, l.action_id, l.entered_at, l.entered_cause FROM segment_line l "
             f"WHERE l.segment_id = {p.add(segment_id)} AND {which(p)} ORDER BY l.id)")
    await execute(pending_insert(segment_id, p, lines), p)


def _pending(segment_id: int, p: Params) -> str:
    return (f"segment_id = {p.add(segment_id)} AND contact_ids IS NOT NULL AND action_id IS NOT NULL "
            "AND left_at IS NULL")


async def undo_add(segment_id: int, action_id: int, cause: str, stale: bool) -> int:
    """Go Back of an Add: delete its lines by their tag, and mark its pending rows as left. Returns how many
    lines left. `stale`: re-evaluation moved lines into or out of the tag since, so the rows are written again
    from the lines first."""
    if stale:
        await rebuild_pending(segment_id, {action_id})
    p = Params()
    left = await execute(
        f"DELETE FROM segment_line WHERE segment_id = {p.add(segment_id)} AND action_id = {p.add(action_id)}", p
    )
    p = Params()
    await execute(
        f"UPDATE segment_line_archive SET left_at = {p.typed(now(), 'TIMESTAMPTZ')}, "
        f"left_cause = {p.typed(cause[:100], 'VARCHAR')} WHERE {_pending(segment_id, p)} "
        f"AND action_id = {p.add(action_id)}",
        p,
    )
    return left


async def rebuild_pending(segment_id: int, action_ids: set[int]) -> None:
    """The pending rows of these tags written again from the segment's lines (re-evaluation tagged lines with
    them or took their tags). Contacts whose lines left since are dropped: their archive rows answer for them."""
    tags = sorted(action_ids)
    p = Params()
    await execute(
        f"DELETE FROM segment_line_archive WHERE {_pending(segment_id, p)} AND action_id IN {p.add_list(tags)}", p
    )
    await keep_pending(segment_id, lambda q: f"l.action_id IN {q.add_list(tags)}")
