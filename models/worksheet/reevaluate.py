"""Re-evaluation (SPEC §2.4): replay every recorded action against current data, then reconcile the lines.

The replay fills a scratch table of counts, `reeval_members(contact_id, n, d)`: `n` is how many lines the
contact has after every action (more than one only where an action allowed existing contacts), `d` what the
last action changed for it (+ added, - removed). The actions are folded into one statement over one scan of
contact (models.worksheet.fold), or one per run of them for a segment of very many actions.

Reconciling then touches only the difference, through the storage helpers the actions use:
- lines of contacts that stay are kept as they are, per-line edits included;
- lines of contacts that left go to the archive (their exit, cause "re-evaluation"); newcomers get lines after
  every line number in use (their entry, cause "re-evaluation");
- Go Back of the last action undoes it as replayed: an Add's lines are the lines tagged with it, re-tagged to
  the contacts it adds now; a Reduce or Refine restores the archived lines it removes now (kept from its own
  run, or archived by this one with their edits), and a contact it removes now that never had a line gets an
  archived line as the action would have found it. Earlier actions keep their tags and archive as recorded.

The caller runs all of it in one transaction with the segment locked, so a run that dies changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from models.segments import Segment, SegmentCriteriaAction
from models.sql import Params, dialect, execute, fetch_value
from models.worksheet.fold import allows_duplicates, chunks, folded_counts_sql
from models.worksheet.lines import LINE_COLUMN_LIST, NEW_LINE_ORDER, init_select, line_defaults
from models.worksheet.recording import STINT_COLUMNS, archive_lines, drop_temp, stint_values

MEMBERS = "reeval_members"
LEAVERS = "reeval_leavers"
CARRIED = "reeval_carried"
CAUSE = "re-evaluation"

Progress = Callable[[int, int], Awaitable[None]]


@dataclass
class Reevaluation:
    actions: int = 0
    lines_added: int = 0
    lines_removed: int = 0


async def replay(actions: list[SegmentCriteriaAction], progress: Progress | None = None) -> None:
    """Fill MEMBERS with the segment's membership as its actions give it on today's data: the actions folded
    into one statement (models.worksheet.fold), or one per run of them. Progress is reported per action once
    its run is in."""
    await _create_members()
    done = 0
    for i, run in enumerate(chunks(actions, dialect())):
        p = Params()
        carried = None
        if i > 0:
            await execute(f"ALTER TABLE {MEMBERS} RENAME TO {CARRIED}")
            await _create_members()
            carried = CARRIED
        await execute(f"INSERT INTO {MEMBERS} (contact_id, n, d) {folded_counts_sql(run, p, carried)}", p)
        await drop_temp(CARRIED)
        for _ in run:
            done += 1
            if progress is not None:
                await progress(done, len(actions) + 1)
    if dialect() == "postgres":
        await execute(f"ANALYZE {MEMBERS}")


async def _create_members() -> None:
    await drop_temp(MEMBERS)
    await execute(f"CREATE TEMP TABLE {MEMBERS} (contact_id INTEGER PRIMARY KEY, n INTEGER NOT NULL, "
                  "d INTEGER NOT NULL DEFAULT 0)")


async def reevaluate(segment: Segment, progress: Progress | None = None) -> Reevaluation:
    """Replay and reconcile; call inside a transaction with the segment locked."""
    actions = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("position")
    result = Reevaluation(actions=len(actions))
    await replay(actions, progress)
    duplicates = any(allows_duplicates(a) for a in actions)
    last = actions[-1] if actions else None
    if last is not None:
        await _drop_stale_history(segment, last)
    result.lines_removed = await _remove_leavers(segment, duplicates, last)
    result.lines_added = await _add_newcomers(segment, duplicates, len(actions), last)
    if last is not None:
        await _rebuild_last_history(segment, last)
    await drop_temp(MEMBERS)
    return result


def _line_counts(seg: str) -> str:
    return f"SELECT contact_id, COUNT(*) AS cur FROM segment_line WHERE segment_id = {seg} GROUP BY contact_id"


async def _remove_leavers(segment: Segment, duplicates: bool, last: SegmentCriteriaAction | None) -> int:
    await drop_temp(LEAVERS)
    await execute(f"CREATE TEMP TABLE {LEAVERS} (line_id INTEGER PRIMARY KEY)")
    p = Params()
    seg = p.add(segment.id)
    if duplicates:
        # A contact keeps its first n lines (by line number); the rest leave.
        sql = (
            f"INSERT INTO {LEAVERS} (line_id) SELECT x.id FROM (SELECT l.id, l.contact_id, "
            f"ROW_NUMBER() OVER (PARTITION BY l.contact_id ORDER BY l.line_no) AS rk FROM segment_line l "
            f"WHERE l.segment_id = {seg} AND l.contact_id IS NOT NULL) x "
            f"LEFT JOIN {MEMBERS} m ON m.contact_id = x.contact_id WHERE x.rk > COALESCE(m.n, 0)"
        )
    else:
        sql = (
            f"INSERT INTO {LEAVERS} (line_id) SELECT l.id FROM segment_line l WHERE l.segment_id = {seg} "
            f"AND l.contact_id IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {MEMBERS} m WHERE m.contact_id = l.contact_id AND m.n > 0)"
        )
    await execute(sql, p)

    def which(q: Params, by_last: bool) -> str:
        # Leavers the last action removes now come back with its Go Back, as it is (edits included).
        test = "IN" if by_last else "NOT IN"
        return (f"l.segment_id = {q.add(segment.id)} AND l.id IN (SELECT line_id FROM {LEAVERS}) AND l.contact_id "
                f"{test} (SELECT contact_id FROM {MEMBERS} WHERE d < 0)")

    removed = 0
    if last is not None:
        removed += await archive_lines(segment.id, lambda q: which(q, True), CAUSE, last.id)
    removed += await archive_lines(segment.id, lambda q: which(q, False), CAUSE, None)
    await drop_temp(LEAVERS)
    return removed


async def _drop_stale_history(segment: Segment, action: SegmentCriteriaAction) -> None:
    """Archived lines the last action's Go Back would restore stay so only for contacts it still removes."""
    p = Params()
    await execute(
        f"UPDATE segment_line_archive SET undo_action_id = NULL WHERE segment_id = {p.add(segment.id)} AND "
        f"undo_action_id = {p.add(action.id)} AND (contact_id IS NULL OR contact_id NOT IN "
        f"(SELECT contact_id FROM {MEMBERS} WHERE d < 0))",
        p,
    )


async def _next_line_base(segment_id: int) -> int:
    """After every line number in use by a line or by history that Go Back may restore."""
    p = Params()
    seg = p.add(segment_id)
    value = await fetch_value(
        f"SELECT COALESCE(MAX(x.line_no), 0) FROM (SELECT line_no FROM segment_line WHERE segment_id = {seg} "
        f"UNION ALL SELECT line_no FROM segment_line_archive WHERE segment_id = {seg} "
        "AND undo_action_id IS NOT NULL) x",
        p,
    )
    return int(value or 0)


def _copies(limit: int) -> str:
    # 1..limit as rows: a contact gets at most one line per action that added it.
    return " UNION ALL ".join(f"SELECT {i} AS i" for i in range(1, max(limit, 1) + 1))


async def _add_newcomers(segment: Segment, duplicates: bool, action_count: int,
                         last: SegmentCriteriaAction | None) -> int:
    base = await _next_line_base(segment.id)
    defaults = await line_defaults(segment)
    p = Params()
    seg = p.add(segment.id)
    if duplicates:
        source = (
            f"FROM {MEMBERS} m JOIN contact c ON c.id = m.contact_id LEFT JOIN contact co ON co.id = c.company_id "
            f"LEFT JOIN ({_line_counts(seg)}) k ON k.contact_id = m.contact_id "
            f"JOIN ({_copies(action_count)}) cp ON cp.i <= m.n - COALESCE(k.cur, 0) WHERE m.n > 0"
        )
    else:
        source = (
            f"FROM {MEMBERS} m JOIN contact c ON c.id = m.contact_id LEFT JOIN contact co ON co.id = c.company_id "
            f"WHERE m.n > 0 AND NOT EXISTS (SELECT 1 FROM segment_line l WHERE l.segment_id = {seg} "
            "AND l.contact_id = m.contact_id)"
        )
    line_no = f"{p.typed(base, 'INTEGER')} + 10000 * ROW_NUMBER() OVER (ORDER BY {NEW_LINE_ORDER})"
    return await execute(
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {init_select(defaults, p, line_no)}, "
        f"{stint_values(last.id if last else None, CAUSE, p)} {source}",
        p,
    )


async def _rebuild_last_history(segment: Segment, action: SegmentCriteriaAction) -> None:
    """Go Back of the last action undoes it as replayed: an Add's lines are those tagged with it (the lines of
    the contacts it added now), a Reduce or Refine restores the archived lines it removes now, and a contact it
    removes now that never had a line gets one as the action would have found it."""
    p = Params()
    seg, act = p.add(segment.id), p.add(action.id)
    added = f"(SELECT contact_id FROM {MEMBERS} WHERE d > 0)"
    # Only lines whose tag changes are written: most of the last action's lines keep theirs, and rewriting them
    # (every index of segment_line) cost more than the rest of the reconcile.
    await execute(
        f"UPDATE segment_line SET action_id = CASE WHEN contact_id IN {added} THEN {act} ELSE NULL END "
        f"WHERE segment_id = {seg} AND ((action_id = {act} AND (contact_id IS NULL OR contact_id NOT IN {added})) "
        f"OR ((action_id IS NULL OR action_id <> {act}) AND contact_id IN {added}))",
        p,
    )
    base = await _next_line_base(segment.id)
    defaults = await line_defaults(segment)
    p = Params()
    line_no = f"{p.typed(base, 'INTEGER')} + 10000 * ROW_NUMBER() OVER (ORDER BY {NEW_LINE_ORDER})"
    at = p.typed(datetime.now(UTC), "TIMESTAMPTZ")
    await execute(
        f"INSERT INTO segment_line_archive (segment_id, undo_action_id, {LINE_COLUMN_LIST}, left_at, left_cause) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {p.typed(action.id, 'INTEGER')}, "
        f"{init_select(defaults, p, line_no)}, "
        f"{at}, {p.typed(CAUSE, 'VARCHAR')} "
        f"FROM {MEMBERS} m JOIN contact c ON c.id = m.contact_id LEFT JOIN contact co ON co.id = c.company_id "
        f"WHERE m.d < 0 AND NOT EXISTS (SELECT 1 FROM segment_line_archive h WHERE h.segment_id = "
        f"{p.add(segment.id)} AND h.undo_action_id = {p.add(action.id)} AND h.contact_id = m.contact_id)",
        p,
    )
    counts: dict[str, Any] = {
        "lines_added": await fetch_value(f"SELECT COUNT(*) FROM {MEMBERS} WHERE d > 0"),
        "lines_removed": await fetch_value(f"SELECT COALESCE(SUM(-d), 0) FROM {MEMBERS} WHERE d < 0"),
    }
    action.lines_added, action.lines_removed = int(counts["lines_added"] or 0), int(counts["lines_removed"] or 0)
    await action.save(update_fields=["lines_added", "lines_removed"])
