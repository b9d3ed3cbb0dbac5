"""The replay action by action, one statement each into a table of counts: the reference the folded replay
(models.worksheet.fold) is checked against. Each statement is what the action itself does to the lines,
written on counts: Add inserts or increments, Reduce / Refine reset the contacts they judge."""

from __future__ import annotations

from segmentum.models.criteria import Criteria
from segmentum.models.enums import SegmentAction
from segmentum.models.segments import SegmentCriteriaAction
from segmentum.models.sql import Params, execute, fetch_all
from segmentum.models.worksheet.actions import selection_sql
from segmentum.models.worksheet.recording import drop_temp
from segmentum.models.worksheet.replay import adds_existing, skips_excluded

STEPS = "stepwise_members"


async def stepwise_counts(actions: list[SegmentCriteriaAction]) -> set[tuple[int, int, int]]:
    """(contact_id, n, d) of every contact with lines after the actions or removed by the last one."""
    await drop_temp(STEPS)
    await execute(f"CREATE TEMP TABLE {STEPS} (contact_id INTEGER PRIMARY KEY, n INTEGER NOT NULL, "
                  "d INTEGER NOT NULL DEFAULT 0)")
    for i, action in enumerate(actions):
        last = i == len(actions) - 1
        if action.action == SegmentAction.ADD:
            await _add(action, last)
        else:
            await _remove(action, last)
    rows = await fetch_all(f"SELECT contact_id, n, d FROM {STEPS} WHERE n > 0 OR d <> 0")
    await drop_temp(STEPS)
    return {(int(r["contact_id"]), int(r["n"]), int(r["d"])) for r in rows}


async def _add(action: SegmentCriteriaAction, last: bool) -> None:
    p = Params()
    selection = selection_sql(Criteria.stored(action.criteria), p, action.expand_companies,
                              action.allow_related_companies, action.reuse_logged)
    conditions = [f"c.id IN ({selection})", "NOT c.privacy_blocked"]
    if skips_excluded(action):
        conditions.append("NOT c.exclude_from_segment")
    mark = 1 if last else 0
    if adds_existing(action):
        on_conflict = f"DO UPDATE SET n = {STEPS}.n + 1, d = {mark}"
    else:
        on_conflict = f"DO UPDATE SET n = 1, d = {mark} WHERE {STEPS}.n = 0"
    await execute(
        f"INSERT INTO {STEPS} (contact_id, n, d) SELECT c.id, 1, {mark} FROM contact c "
        f"WHERE {' AND '.join(conditions)} ON CONFLICT (contact_id) {on_conflict}",
        p,
    )


async def _remove(action: SegmentCriteriaAction, last: bool) -> None:
    """Reduce / Refine as remove_contacts judges lines: by the contact, or with Entire Companies by its company
    (any contact of it matching)."""
    p = Params()
    cond = Criteria.stored(action.criteria).condition(p, "t")
    neg = "NOT " if action.action == SegmentAction.REFINE else ""
    if action.entire_companies:
        judged = (
            f"SELECT x.id FROM contact x WHERE x.id IN (SELECT contact_id FROM {STEPS} WHERE n > 0) AND ("
            f"(x.company_id IS NULL AND {neg}EXISTS (SELECT 1 FROM contact t WHERE t.id = x.id AND ({cond}))) "
            f"OR (x.company_id IS NOT NULL AND x.company_id {neg}IN (SELECT t.company_id FROM contact t "
            f"WHERE t.company_id IS NOT NULL AND ({cond}))))"
        )
        where = f"n > 0 AND contact_id IN ({judged})"
    else:
        where = f"n > 0 AND {neg}EXISTS (SELECT 1 FROM contact t WHERE t.id = {STEPS}.contact_id AND ({cond}))"
    changes = "d = -n, n = 0" if last else "n = 0"
    await execute(f"UPDATE {STEPS} SET {changes} WHERE {where}", p)
