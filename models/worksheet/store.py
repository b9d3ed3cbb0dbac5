"""The store of a segment's lines and history: the statements that archive lines, keep and mark the contacts
of tagged lines, and record re-evaluation's moves live here, so that the actions, Go Back, re-evaluation and
logging read as domain steps. What each archive row holds is its kind (models.enums.ArchiveKind).

Archived lines (LINE): a removed line moves to the archive with every field and its stint (archive_lines).

Contacts of tagged lines (CONTACTS): every line tagged with an action is listed in a pending archive row of that tag
and its entry: contact_ids (a JSON array in line order, at most CHUNK elements: the lines of an entry are kept by
blocks of CHUNK line ids, the first lines in the row of the highest id) for one (action_id, entered_at,
entered_cause), with no left_at. The paths that write tagged lines write their rows: an Add (its own entry), manual
line adds, and Go Back of a Reduce or Refine (the lines it restores enter again). Go Back of the Add deletes its
lines by their tag and sets their left_at (undo_add), and adds the events of the lines it deleted (an entry, unless
from before 0004, and an exit each) to the segment's tally (segment_history_tally.array_events): every line of the
tag is exactly one element of its rows that no row of its own answers, so the tally counts the events the left rows
give without reading them (models.worksheet.history_count). The membership history reads a left array row as its
contacts' exits, except the contacts whose stint from that entry was answered by a row of its own: the line was
removed by a later action or by hand before the Go Back, or re-evaluation moved it out of the tag.

Moves (MOVED): re-evaluation moves lines between the last action's tag and none (or from an earlier tag to the
last one) and writes only what the moves change, never the arrays the Add wrote (those cost as much as the Add's
contacts): a contact moved out of a tag gets a MOVED row for that tag and entry; a contact moved into a tag gets
a pending row of its own entry, unless it comes back to a tag it was moved out of, whose MOVED row is then
deleted (moves_sql).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from segmentum.models.sql import Params, dialect, execute, fetch_all, fetch_value, null_safe_equal
from segmentum.models.worksheet.lines import LINE_COLUMN_LIST
from segmentum.models.worksheet.recording import STINT_COLUMNS, SqlFn, now

# The lines that entered together with one tag: (id, contact_id, action_id, entered_at, entered_cause) rows.
LineRows = Callable[[Params], str]


# Elements of one pending row at most: a page of the history expands only the rows it shows, never an Add's
# every contact (models.worksheet.history_page).
CHUNK = 1000


def _contact_array() -> str:
    # Ordered by line id: the element number is the event's order within its row.
    if dialect() == "postgres":
        return "to_jsonb(array_agg(x.contact_id ORDER BY x.id))"
    return "json_group_array(x.contact_id)"  # over a subquery ordered by id


def pending_insert(segment_id: int, p: Params, lines: str) -> str:
    """INSERT of the pending rows of `lines` (a FROM item of LineRows columns), one per tag, entry and block of
    CHUNK line ids (so at most CHUNK contacts a row, in line order). The last block is written first: the history
    orders an entry's rows by id descending."""
    block = f"x.id / {int(CHUNK)}"
    return (
        "INSERT INTO segment_line_archive (segment_id, kind, action_id, contact_ids, entered_at, entered_cause) "
        f"SELECT {p.typed(segment_id, 'INTEGER')}, 'CONTACTS', x.action_id, {_contact_array()}, x.entered_at, "
        f"x.entered_cause FROM {lines} x WHERE x.action_id IS NOT NULL "
        f"GROUP BY x.action_id, x.entered_at, x.entered_cause, {block} "
        f"ORDER BY x.action_id, x.entered_at, x.entered_cause, {block} DESC"
    )


async def insert_keeping_pending(segment_id: int, insert: str, p: Params, at: datetime, cause: str) -> int:
    """Run `insert` (an INSERT INTO segment_line of lines entering at `at` for `cause`) with the pending rows of
    the tagged ones; returns how many lines it inserted. PostgreSQL: one statement, from INSERT ... RETURNING;
    SQLite (no data-modifying WITH): the rows from the lines of that entry afterwards."""
    if p.dialect == "postgres":
        rows = await fetch_all(
            f"WITH entered AS ({insert} RETURNING id, contact_id, action_id, entered_at, entered_cause), "
            f"pending AS ({pending_insert(segment_id, p, 'entered')}) SELECT COUNT(*) AS n FROM entered",
            p,
        )
        return int(rows[0]["n"])
    inserted = await execute(insert, p)
    await keep_pending(segment_id, lambda q: f"l.entered_at = {q.add(at)} AND l.entered_cause = {q.add(cause)}")
    return inserted


async def keep_pending(segment_id: int, which: LineRows) -> None:
    """The pending rows of the segment's lines that match `which` (SQL over alias l), just written."""
    p = Params()
    lines = (f"(SELECT l.id, l.contact_id, l.action_id, l.entered_at, l.entered_cause FROM segment_line l "
             f"WHERE l.segment_id = {p.add(segment_id)} AND {which(p)} ORDER BY l.id)")
    await execute(pending_insert(segment_id, p, lines), p)


def _pending(segment_id: int, p: Params) -> str:
    return (f"segment_id = {p.add(segment_id)} AND kind = 'CONTACTS' AND action_id IS NOT NULL "
            "AND left_at IS NULL")


async def undo_add(segment_id: int, action_id: int, cause: str) -> int:
    """Go Back of an Add: delete its lines by their tag, mark its pending rows as left, and tally the events they
    give. Returns how many lines left."""
    p = Params()
    tagged = f"segment_line WHERE segment_id = {p.add(segment_id)} AND action_id = {p.add(action_id)}"
    # Lines from before 0004 have no entry, so no entry event: found through the index by entry (there are
    # none but in old segments), not by reading back every line the DELETE removes.
    unentered = int(await fetch_value(f"SELECT COUNT(*) FROM {tagged} AND entered_at IS NULL", p) or 0)
    left = await execute(f"DELETE FROM {tagged}", p)
    await tally(segment_id, 2 * left - unentered)
    p = Params()
    await execute(
        f"UPDATE segment_line_archive SET left_at = {p.typed(now(), 'TIMESTAMPTZ')}, "
        f"left_cause = {p.typed(cause[:100], 'VARCHAR')} WHERE {_pending(segment_id, p)} "
        f"AND action_id = {p.add(action_id)}",
        p,
    )
    return left


async def tally(segment_id: int, events: int) -> None:
    """Add `events` to the segment's count of the events its left CONTACTS rows give."""
    if not events:
        return
    p = Params()
    await execute(
        "INSERT INTO segment_history_tally (segment_id, array_events) VALUES "
        f"({p.typed(segment_id, 'INTEGER')}, {p.typed(events, 'BIGINT')}) ON CONFLICT (segment_id) DO UPDATE "
        "SET array_events = segment_history_tally.array_events + excluded.array_events",
        p,
    )


def moves_sql(segment_id: int, last_id: int, moves: str, params: Callable[[], Params]) -> list[tuple[str, Params]]:
    """What re-evaluation writes for the lines it moved between tags, `moves` being a relation of them (line_id,
    contact_id, old_tag, new_tag, entered_at, entered_cause; new_tag is the last action's `last_id` or null):
    statements with the Params each was built with (`params` gives them: one shared by all to make them parts of
    one statement). In this order, or as parts of one data-modifying WITH (all read the archive as it was before):
    - a contact moved into a tag gets a pending row of its entry, unless the tag has its `moved` row from then;
    - that `moved` row is deleted: the contact is back in the tag's arrays;
    - a contact moved out of a tag gets its `moved` row."""
    same = null_safe_equal(dialect())  # entries from before 0004 are null

    def back(q: Params) -> str:
        # The last action's rows found through the archive's index by tag, not among every archived line.
        return (f"h.segment_id = {q.add(segment_id)} AND h.action_id = {q.add(last_id)} "
                "AND h.kind = 'MOVED' AND h.action_id = mv.new_tag "
                f"AND h.contact_id = mv.contact_id AND h.entered_at {same} mv.entered_at "
                f"AND h.entered_cause {same} mv.entered_cause")

    p1 = params()
    moved_in = (f"(SELECT mv.line_id AS id, mv.contact_id, mv.new_tag AS action_id, mv.entered_at, mv.entered_cause "
                f"FROM {moves} mv WHERE mv.new_tag IS NOT NULL AND NOT EXISTS (SELECT 1 FROM segment_line_archive h "
                f"WHERE {back(p1)}) ORDER BY mv.line_id)")
    p2 = params()
    undo = (f"DELETE FROM segment_line_archive WHERE id IN (SELECT h.id FROM segment_line_archive h "
            f"JOIN {moves} mv ON {back(p2)})")
    p3 = params()
    out = ("INSERT INTO segment_line_archive (segment_id, kind, action_id, contact_id, entered_at, entered_cause) "
           f"SELECT {p3.typed(segment_id, 'INTEGER')}, 'MOVED', mv.old_tag, mv.contact_id, mv.entered_at, "
           f"mv.entered_cause FROM {moves} mv "
           "WHERE mv.old_tag IS NOT NULL")
    return [(pending_insert(segment_id, p1, moved_in), p1), (undo, p2), (out, p3)]


async def archive_lines(segment_id: int, which: SqlFn, cause: str, undo_action_id: int | None) -> int:
    """Move the lines of `which` (SQL over alias l) to the archive, every field kept, and delete them; Go Back
    of `undo_action_id` (if any) brings them back. Returns how many lines left."""
    p = Params()
    at, why = p.typed(now(), "TIMESTAMPTZ"), p.typed(cause[:100], "VARCHAR")
    undo = p.typed(undo_action_id, "INTEGER")
    archive = (
        f"INSERT INTO segment_line_archive (segment_id, kind, undo_action_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}, "
        f"left_at, left_cause) SELECT l.segment_id, 'LINE', {undo}, {LINE_COLUMN_LIST}, {STINT_COLUMNS}, {at}, {why}"
    )
    if dialect() == "postgres":
        # One statement: the lines are read once, and the archive takes exactly the rows that were deleted.
        return await execute(
            f"WITH l AS (DELETE FROM segment_line l WHERE {which(p)} RETURNING l.*) {archive} FROM l ORDER BY l.id", p
        )
    await execute(f"{archive} FROM segment_line l WHERE {which(p)} ORDER BY l.id", p)
    q = Params()
    return await execute(f"DELETE FROM segment_line WHERE id IN (SELECT l.id FROM segment_line l WHERE {which(q)})", q)


async def archive_unlined(segment_id: int, undo_action_id: int, line_select: str, cause: str, p: Params,
                          contacts: str) -> None:
    """Archive, as lines Go Back of `undo_action_id` restores, the lines `line_select` makes (a SELECT list of
    LINE_COLUMN_LIST over `contacts`, a FROM ... WHERE of contacts as m) for the contacts that have none there
    yet: the lines a Reduce or Refine would have removed had they been lines."""
    at = p.typed(now(), "TIMESTAMPTZ")
    await execute(
        f"INSERT INTO segment_line_archive (segment_id, kind, undo_action_id, {LINE_COLUMN_LIST}, left_at, "
        f"left_cause) SELECT {p.typed(segment_id, 'INTEGER')}, 'LINE', {p.typed(undo_action_id, 'INTEGER')}, "
        f"{line_select}, {at}, {p.typed(cause[:100], 'VARCHAR')} FROM {contacts} AND NOT EXISTS (SELECT 1 "
        f"FROM segment_line_archive h WHERE h.segment_id = {p.add(segment_id)} AND h.undo_action_id = "
        f"{p.add(undo_action_id)} AND h.contact_id = m.contact_id)",
        p,
    )


async def forget_restorable(segment_id: int, undo_action_id: int, still_removed: str) -> None:
    """Archived lines Go Back of `undo_action_id` would restore stay so only for the contacts of `still_removed`
    (a SELECT of contact ids); the others' stay as history only."""
    p = Params()
    await execute(
        f"UPDATE segment_line_archive SET undo_action_id = NULL WHERE segment_id = {p.add(segment_id)} AND "
        f"undo_action_id = {p.add(undo_action_id)} AND (contact_id IS NULL OR contact_id NOT IN ({still_removed}))",
        p,
    )


async def delete_segment_rows(segment_id: int) -> None:
    """Delete every line and archive row of a segment about to be deleted (what ON DELETE CASCADE did before
    migration 0025 dropped those keys on PostgreSQL). The caller holds the segment row locked (lock_segment): every
    writer of lines and archive rows locks it first, so none runs meanwhile, and one that waits for it finds the
    segment gone once the delete commits (under READ COMMITTED its lock re-reads the row): no row can name a
    missing segment."""
    p = Params()
    await execute(f"DELETE FROM segment_line WHERE segment_id = {p.add(segment_id)}", p)
    q = Params()
    await execute(f"DELETE FROM segment_line_archive WHERE segment_id = {q.add(segment_id)}", q)
