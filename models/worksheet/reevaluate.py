"""Re-evaluation (SPEC §2.4): replay every recorded action against current data, then reconcile the lines.

The replay computes per contact `n`, how many lines the contact has after every action (more than one only
where an action allowed existing contacts), and `d`, what the last action changed for it (+ added, - removed):
the actions are folded into one statement over one scan of contact (models.worksheet.fold), or one per run of
them for a segment of very many actions. The same statement compares the counts with the segment's lines and
fills the scratch table `reeval_members(contact_id, n, d, gone, coming, retag)` with the contacts whose lines
change only.

Reconciling then touches only the difference, through the storage helpers the actions use:
- lines of contacts that stay are kept as they are, per-line edits included;
- lines of contacts that left go to the archive (their exit, cause "re-evaluation"); newcomers get lines after
  every line number in use (their entry, cause "re-evaluation");
- Go Back of the last action undoes it as replayed: an Add's lines are the lines tagged with it, re-tagged to
  the contacts it adds now; a Reduce or Refine restores the archived lines it removes now (kept from its own
  run, or archived by this one with their edits), and a contact it removes now that never had a line gets an
  archived line as the action would have found it. Earlier actions keep their tags and archive as recorded.
  What the moves change in the contacts the Adds keep for their Go Back is written for the moved lines only
  (models.worksheet.store).

The caller runs all of it in one transaction with the segment locked, so a run that dies changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from segmentum.models.enums import SegmentAction
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, dialect, execute, fetch_all
from segmentum.models.worksheet.fold import chunks, folded_counts_sql
from segmentum.models.worksheet.lines import LINE_COLUMN_LIST, NEW_LINE_ORDER, init_select, line_defaults
from segmentum.models.worksheet.recording import (
    STINT_COLUMNS,
    check_line_room,
    drop_temp,
    max_contact_id,
    now,
    plan_for_actions,
)
from segmentum.models.worksheet.replay import adds_existing
from segmentum.models.worksheet.statistics import plan_for_reevaluation
from segmentum.models.worksheet.store import (
    archive_lines,
    archive_unlined,
    forget_restorable,
    insert_keeping_pending,
    moves_sql,
)

MEMBERS = "reeval_members"
LEAVERS = "reeval_leavers"
CARRIED = "reeval_carried"
MOVES = "reeval_moves"
EARLIER = "reeval_earlier"
CAUSE = "re-evaluation"

Progress = Callable[[int, int], Awaitable[None]]


@dataclass
class Reevaluation:
    actions: int = 0
    lines_added: int = 0
    lines_removed: int = 0


def lines_may_repeat(actions: list[SegmentCriteriaAction]) -> bool:
    """Whether the segment's lines, or the replayed counts, may hold a contact twice: an Add that allows existing
    contacts, or a manual line add (which never checks; its replay does)."""
    return any(adds_existing(a) or (a.manual and a.action == SegmentAction.ADD) for a in actions)


async def replay(segment: Segment, actions: list[SegmentCriteriaAction], progress: Progress | None = None) -> None:
    """Fill MEMBERS with what reconciling has to change: the actions folded into one statement
    (models.worksheet.fold), or one per run of them, compared with the segment's lines. Progress is reported
    per action once its run is in."""
    runs = chunks(actions, dialect())
    duplicates = lines_may_repeat(actions)
    done = 0
    for i, run in enumerate(runs):
        p = Params()
        carried = None
        if i > 0:
            await execute(f"ALTER TABLE {CARRIED} RENAME TO {EARLIER}")
            carried = EARLIER
        counts = folded_counts_sql(run, p, carried)
        if i < len(runs) - 1:
            await drop_temp(CARRIED)
            await execute(f"CREATE TEMP TABLE {CARRIED} (contact_id INTEGER NOT NULL, n INTEGER NOT NULL)")
            await execute(f"INSERT INTO {CARRIED} (contact_id, n) SELECT contact_id, n FROM ({counts}) f "
                          "WHERE n > 0", p)
        else:
            await _compare_with_lines(segment, run[-1], duplicates, counts, p)
        await drop_temp(EARLIER)
        for _ in run:
            done += 1
            if progress is not None:
                await progress(done, len(actions) + 1)
    if not runs:  # no action left: every line leaves
        await _compare_with_lines(segment, None, True, "SELECT 0 AS contact_id, 0 AS n, 0 AS d WHERE 1 = 0",
                                  Params())
    if dialect() == "postgres":
        # Only the columns statements filter on: the planner then sees how few contacts each step concerns.
        await execute(f"ANALYZE {MEMBERS} (d, gone, coming, retag)")


async def _compare_with_lines(segment: Segment, last: SegmentCriteriaAction | None, duplicates: bool, counts: str,
                              p: Params) -> None:
    """MEMBERS: the contacts whose lines change, from the counts (contact_id, n, d) and the segment's lines
    per contact (cur of them, tagged of them tagged with the last action), read once. `gone` lines leave (the
    last ones by line number), `coming` lines come, `retag` marks a contact whose lines' tag may change: the last
    action adds it (d > 0) and fewer than d of its lines carry its tag (an Add that allows existing contacts tags
    one line of a contact that has another: that contact needs no move), or it does not and some line carries the
    tag; stayers with nothing to change are not kept. The three are columns of their own so that the planner's
    statistics see how few contacts each concerns."""
    await drop_temp(MEMBERS)
    await execute(f"CREATE TEMP TABLE {MEMBERS} (contact_id INTEGER NOT NULL, n INTEGER NOT NULL, "
                  "d INTEGER NOT NULL, gone INTEGER NOT NULL, coming INTEGER NOT NULL, retag INTEGER NOT NULL)")
    tag = "0" if last is None else f"CASE WHEN action_id = {p.add(last.id)} THEN 1 ELSE 0 END"
    where = f"WHERE segment_id = {p.add(segment.id)} AND contact_id IS NOT NULL"
    if duplicates:
        lines = (f"SELECT contact_id, COUNT(*) AS cur, SUM({tag}) AS tagged FROM segment_line {where} "
                 "GROUP BY contact_id")
    else:  # without an action that allows existing contacts every path writing lines keeps one per contact
        lines = f"SELECT contact_id, 1 AS cur, {tag} AS tagged FROM segment_line {where}"
    if p.dialect == "postgres":
        both = (
            "SELECT COALESCE(f.contact_id, k.contact_id) AS contact_id, COALESCE(f.n, 0) AS n, COALESCE(f.d, 0) AS d, "
            "COALESCE(k.cur, 0) AS cur, COALESCE(k.tagged, 0) AS tagged "
            "FROM f FULL JOIN k ON k.contact_id = f.contact_id"
        )
    else:  # the full join as two halves: SQLite has FULL JOIN only since 3.39
        both = (
            "SELECT f.contact_id, f.n, f.d, COALESCE(k.cur, 0) AS cur, COALESCE(k.tagged, 0) AS tagged "
            "FROM f LEFT JOIN k ON k.contact_id = f.contact_id UNION ALL SELECT k.contact_id, 0, 0, k.cur, k.tagged "
            "FROM k WHERE NOT EXISTS (SELECT 1 FROM f WHERE f.contact_id = k.contact_id)"
        )
    await execute(
        f"WITH f AS ({counts}), k AS ({lines}) INSERT INTO {MEMBERS} (contact_id, n, d, gone, coming, retag) "
        "SELECT j.contact_id, j.n, j.d, CASE WHEN j.cur > j.n THEN j.cur - j.n ELSE 0 END, "
        "CASE WHEN j.n > j.cur THEN j.n - j.cur ELSE 0 END, "
        "CASE WHEN (j.d > 0 AND j.tagged < CASE WHEN j.d < j.cur THEN j.d ELSE j.cur END) "
        "OR (j.d <= 0 AND j.tagged > 0) THEN 1 ELSE 0 END "
        f"FROM ({both}) j WHERE j.n <> j.cur OR j.d <> 0 OR j.tagged > 0",
        p,
    )


async def reevaluate(segment: Segment, progress: Progress | None = None) -> Reevaluation:
    """Replay and reconcile; call inside a transaction with the segment locked."""
    await plan_for_actions()
    await plan_for_reevaluation()
    actions = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("position")
    result = Reevaluation(actions=len(actions))
    duplicates = lines_may_repeat(actions)
    # Before the replay: a contact gets at most one line per action that adds it.
    await check_line_room(segment.id, await max_contact_id() * (len(actions) if duplicates else 1))
    await replay(segment, actions, progress)
    last = actions[-1] if actions else None
    # Only a Reduce or Refine removes contacts (d < 0): after an Add nothing is restorable by its Go Back.
    remover = last if last is not None and last.action != SegmentAction.ADD else None
    if remover is not None:
        await _drop_stale_history(segment, remover)
    result.lines_removed = await _remove_leavers(segment, duplicates, remover)
    result.lines_added = await _add_newcomers(segment, duplicates, len(actions), last)
    if last is not None:
        await _rebuild_last_history(segment, last)
    await drop_temp(MEMBERS)
    return result


async def _remove_leavers(segment: Segment, duplicates: bool, remover: SegmentCriteriaAction | None) -> int:
    """A contact keeps its first n lines (by line number), the rest leave: the lines of the contacts with lines
    to lose (`gone`) only, read by contact. Leavers the last action removes now (d < 0) come back with its Go
    Back, as they are (edits included)."""
    if duplicates:
        await drop_temp(LEAVERS)
        await execute(f"CREATE TEMP TABLE {LEAVERS} (line_id INTEGER PRIMARY KEY)")
        p = Params()
        await execute(
            f"INSERT INTO {LEAVERS} (line_id) SELECT DISTINCT x.id FROM (SELECT l.id, l.contact_id, "
            f"ROW_NUMBER() OVER (PARTITION BY l.contact_id ORDER BY l.line_no) AS rk FROM segment_line l "
            f"WHERE l.segment_id = {p.add(segment.id)} AND l.contact_id IN "
            f"(SELECT contact_id FROM {MEMBERS} WHERE gone > 0)) x "
            f"JOIN {MEMBERS} m ON m.contact_id = x.contact_id WHERE x.rk > m.n",
            p,
        )
        lines = f"l.id IN (SELECT line_id FROM {LEAVERS})"
    else:  # at most one line per contact: a contact with a line to lose loses it
        lines = "1 = 1"

    def which(q: Params, by_last: bool) -> str:
        members = f"m.gone > 0 AND m.d {'<' if by_last else '>='} 0"
        if q.dialect == "postgres" and not duplicates:
            return _lines_by_contact(q, segment, members)
        return (f"l.segment_id = {q.add(segment.id)} AND {lines} AND l.contact_id IN (SELECT m.contact_id "
                f"FROM {MEMBERS} m WHERE {members})")

    removed = 0
    if remover is not None:
        removed += await archive_lines(segment.id, lambda q: which(q, True), CAUSE, remover.id)
    removed += await archive_lines(segment.id, lambda q: which(q, False), CAUSE, None)
    await drop_temp(LEAVERS)
    return removed


def _lines_of_members(p: Params, segment: Segment, columns: str, alias: str) -> str:
    """PostgreSQL: a join of MEMBERS m to the segment's lines of each contact, as `alias` with `columns`, read by
    contact through the index: OFFSET 0 keeps the planner from scanning every line of the segment instead, for a
    few thousand contacts."""
    return (f"CROSS JOIN LATERAL (SELECT {columns} FROM segment_line WHERE segment_id = {p.add(segment.id)} "
            f"AND contact_id = m.contact_id OFFSET 0) {alias}")


def _lines_by_contact(p: Params, segment: Segment, members: str) -> str:
    """The segment's lines (alias l) of the MEMBERS rows (alias m) that match `members`, found by contact
    (`_lines_of_members`) and then read by their physical address."""
    return (f"l.ctid = ANY (ARRAY (SELECT x.ctid FROM {MEMBERS} m {_lines_of_members(p, segment, 'ctid', 'x')} "
            f"WHERE {members}))")


async def _drop_stale_history(segment: Segment, action: SegmentCriteriaAction) -> None:
    """Archived lines the last action's Go Back would restore stay so only for contacts it still removes."""
    await forget_restorable(segment.id, action.id, f"SELECT contact_id FROM {MEMBERS} WHERE d < 0")


async def _next_line_base(segment_id: int) -> int:
    """After every line number in use by a line or by history that Go Back may restore (the archived lines of the
    recorded actions). Each maximum is read from the end of an index: one for the lines, one per action for the
    archive, instead of from every row."""
    p = Params()
    seg = p.add(segment_id)
    rows = await fetch_all(
        f"SELECT (SELECT MAX(line_no) FROM segment_line WHERE segment_id = {seg}) AS line, "
        "(SELECT MAX((SELECT MAX(h.line_no) FROM segment_line_archive h WHERE h.segment_id = a.segment_id "
        f"AND h.undo_action_id = a.id)) FROM segment_criteria_action a WHERE a.segment_id = {seg}) AS kept",
        p,
    )
    return max(int(rows[0]["line"] or 0), int(rows[0]["kept"] or 0))


def _copies(limit: int) -> str:
    # 1..limit as rows: a contact gets at most one line per action that added it.
    return " UNION ALL ".join(f"SELECT {i} AS i" for i in range(1, max(limit, 1) + 1))


async def _add_newcomers(segment: Segment, duplicates: bool, action_count: int,
                         last: SegmentCriteriaAction | None) -> int:
    """The `coming` lines of every contact with fewer lines than its count, tagged with the last action where it
    added them (its Go Back deletes them, and marks the pending row of their entry, written here, as left)."""
    base = await _next_line_base(segment.id)
    defaults = await line_defaults(segment)
    p = Params()
    at = now()
    line_no = f"{p.typed(base, 'BIGINT')} + 10000 * ROW_NUMBER() OVER (ORDER BY {NEW_LINE_ORDER})"
    tag = "NULL" if last is None else f"CASE WHEN m.d > 0 THEN {p.typed(last.id, 'INTEGER')} END"
    stint = f"{tag}, {p.typed(at, 'TIMESTAMPTZ')}, {p.typed(CAUSE, 'VARCHAR')}"
    insert = (
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {init_select(defaults, p, line_no)}, {stint} "
        f"FROM {MEMBERS} m JOIN contact c ON c.id = m.contact_id LEFT JOIN contact co ON co.id = c.company_id "
        f"JOIN ({_copies(action_count if duplicates else 1)}) cp ON cp.i <= m.coming WHERE m.coming > 0"
    )
    return await insert_keeping_pending(segment.id, insert, p, at, CAUSE)


async def _rebuild_last_history(segment: Segment, action: SegmentCriteriaAction) -> None:
    """Go Back of the last action undoes it as replayed: an Add's lines are those tagged with it (the lines of
    the contacts it added now), a Reduce or Refine restores the archived lines it removes now, and a contact it
    removes now that never had a line gets one as the action would have found it."""
    await _retag(segment, action)
    p = Params()
    await execute(f"UPDATE segment_line SET action_id = NULL WHERE segment_id = {p.add(segment.id)} "
                  f"AND contact_id IS NULL AND action_id = {p.add(action.id)}", p)
    if action.action != SegmentAction.ADD:
        await _keep_removed_without_line(segment, action)
    counts = (await fetch_all(f"SELECT SUM(CASE WHEN d > 0 THEN 1 ELSE 0 END) AS added, "
                              f"SUM(CASE WHEN d < 0 THEN -d ELSE 0 END) AS removed FROM {MEMBERS}"))[0]
    action.lines_added, action.lines_removed = int(counts["added"] or 0), int(counts["removed"] or 0)
    await action.save(update_fields=["lines_added", "lines_removed"])


async def _retag(segment: Segment, action: SegmentCriteriaAction) -> None:
    """Only lines whose tag changes are written (rewriting a line costs every index of segment_line): the lines of
    the contacts marked `retag` (the last action adds them now and some line is not tagged with it, or it does
    not and some line is), read by contact, with what the moves change in the contacts the Adds keep."""

    def moving(q: Params, lines: str) -> str:
        """The moving lines as MOVES columns (and the line's ctid), `lines` joining them to MEMBERS m as l."""
        act = q.typed(action.id, "INTEGER")
        ctid = "l.ctid, " if q.dialect == "postgres" else ""
        return (f"SELECT {ctid}l.id AS line_id, m.contact_id, l.action_id AS old_tag, CASE WHEN m.d > 0 THEN {act} "
                f"END AS new_tag, l.entered_at, l.entered_cause FROM {MEMBERS} m {lines} WHERE m.retag = 1 AND "
                f"((l.action_id = {act} AND m.d <= 0) OR ((l.action_id IS NULL OR l.action_id <> {act}) AND m.d > 0))")

    p = Params()
    if p.dialect == "postgres":
        # One statement: the lines read by contact, re-tagged, and what their moves change written from them.
        select = moving(p, _lines_of_members(p, segment, "ctid, id, action_id, entered_at, entered_cause", "l"))
        (moved_in, _), (moved_back, _), (moved_out, _) = moves_sql(segment.id, action.id, "mv", lambda: p)
        await execute(
            f"WITH mv AS (UPDATE segment_line SET action_id = o.new_tag FROM ({select}) o "
            "WHERE segment_line.ctid = o.ctid RETURNING o.line_id, o.contact_id, o.old_tag, o.new_tag, "
            f"o.entered_at, o.entered_cause), moved_in AS ({moved_in}), moved_back AS ({moved_back}) {moved_out}",
            p,
        )
        return
    await drop_temp(MOVES)
    lines = f"JOIN segment_line l ON l.segment_id = {p.add(segment.id)} AND l.contact_id = m.contact_id"
    await execute(f"CREATE TEMP TABLE {MOVES} AS {moving(p, lines)}", p)
    await execute(f"UPDATE segment_line SET action_id = (SELECT mv.new_tag FROM {MOVES} mv "
                  f"WHERE mv.line_id = segment_line.id) WHERE id IN (SELECT line_id FROM {MOVES})")
    for sql, q in moves_sql(segment.id, action.id, MOVES, Params):
        await execute(sql, q)
    await drop_temp(MOVES)


async def _keep_removed_without_line(segment: Segment, action: SegmentCriteriaAction) -> None:
    """A contact the Reduce or Refine removes now that never had a line gets an archived line as the action would
    have found it, for its Go Back."""
    base = await _next_line_base(segment.id)
    defaults = await line_defaults(segment)
    p = Params()
    line_no = f"{p.typed(base, 'BIGINT')} + 10000 * ROW_NUMBER() OVER (ORDER BY {NEW_LINE_ORDER})"
    await archive_unlined(segment.id, action.id, init_select(defaults, p, line_no), CAUSE, p,
                          f"{MEMBERS} m JOIN contact c ON c.id = m.contact_id LEFT JOIN contact co ON "
                          "co.id = c.company_id WHERE m.d < 0")
