"""A segment's recorded actions folded into one scan of `contact`: how many lines each contact has after them.

Replaying action by action costs one statement (one join over a scan of contact) per action. Every action is,
per contact, a function of the contact's line count `n` and of one 0/1 verdict on the contact alone:

- Add: `m` = selected (criteria, Expand Companies, Allow Related Companies), not blocked for privacy, and not
  excluded unless the action ignores exclusion. `GREATEST(n, m)` adds one line to a contact without one; with
  Allow Existing Contacts `n + m` adds one line in any case. A manual line add replays as the Add it is
  recorded as (models.worksheet.replay).
- Reduce: `m` = the contact matches (with Entire Companies: any contact of its company matches, a contact
  without a company by itself); `n * (1 - m)`.
- Refine: the same verdict; `n * m`.

Each step names `n` once, so the chain over k actions is an expression of size O(k), evaluated once per contact
(never a text that doubles per action). The verdicts are columns of an inner query fenced with OFFSET 0, so
that the planner neither inlines them into the chain nor evaluates a criteria condition twice. A verdict on a
set (Expand / Related Companies, Entire Companies) is a hashed join to that set, computed once.

Only a contact some Add selects, and every later Refine keeps, can have a line: the scan is filtered on that
condition (`_possible`), which lets the planner use indexes when those criteria are selective. A segment of
more actions than one statement holds is folded run by run, each run starting from the counts the one before
left (`chunks`).
"""

from __future__ import annotations

from dataclasses import dataclass

from segmentum.models.criteria import Criteria
from segmentum.models.enums import SegmentAction
from segmentum.models.segments import SegmentCriteriaAction
from segmentum.models.sql import Params
from segmentum.models.worksheet.actions import selection_sql
from segmentum.models.worksheet.replay import adds_existing, selected_condition, skips_excluded

# OFFSET 0 keeps a subquery as it is (no pull-up into the outer query) on PostgreSQL and SQLite alike.
FENCE = {"postgres": "OFFSET 0", "sqlite": "LIMIT -1 OFFSET 0"}
GREATEST = {"postgres": "GREATEST", "sqlite": "MAX"}
# One statement holds at most this many actions (PostgreSQL takes 1,664 columns; SQLite's parser overflows on
# about 35 nested function calls, the chain's GREATEST) and bound values (both take about 32,700).
MAX_ACTIONS = {"postgres": 100, "sqlite": 30}
MAX_PARAMETERS = 30_000


def _bit(condition: str) -> str:
    # NULL (an unknown comparison) is no match, as in the WHERE of an action's own statement.
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


@dataclass
class _Verdicts:
    """The inner query's parts: one 0/1 column per action, the joins some of them need, and per action the
    condition its verdict is 1 on (what the scan is filtered on)."""

    p: Params
    columns: list[str]
    joins: list[str]
    conditions: list[str]

    def add(self, i: int, action: SegmentCriteriaAction) -> None:
        if action.expand_companies or action.allow_related_companies:
            selection = selection_sql(Criteria.stored(action.criteria), self.p, action.expand_companies,
                                      action.allow_related_companies, action.reuse_logged)
            self.joins.append(f"LEFT JOIN ({selection}) s{i} ON s{i}.id = c.id")
            selected = f"s{i}.id IS NOT NULL"
        else:
            selected = f"({selected_condition(Criteria.stored(action.criteria), self.p, 'c', action.reuse_logged)})"
        match = f"{selected} AND NOT c.privacy_blocked"
        if skips_excluded(action):
            match += " AND NOT c.exclude_from_segment"
        self.columns.append(f"{_bit(match)} AS m{i}")
        self.conditions.append(f"({match})")

    def judge(self, i: int, action: SegmentCriteriaAction) -> None:
        """1 where the criteria match the contact (Reduce removes it, Refine keeps it)."""
        criteria = Criteria.stored(action.criteria)
        cond = criteria.condition(self.p, "c")
        if action.entire_companies:
            companies = criteria.condition(self.p, "t")
            self.joins.append(
                f"LEFT JOIN (SELECT DISTINCT t.company_id FROM contact t WHERE t.company_id IS NOT NULL "
                f"AND ({companies})) e{i} ON e{i}.company_id = c.company_id"
            )
            cond = f"(c.company_id IS NULL AND ({cond})) OR e{i}.company_id IS NOT NULL"
        self.columns.append(f"{_bit(f'({cond})')} AS m{i}")
        self.conditions.append(f"({cond})")


def _step(n: str, m: str, action: SegmentCriteriaAction, greatest: str) -> str:
    """The count after `action`, from the count `n` before it and its verdict `m`."""
    if action.action == SegmentAction.ADD:
        return f"({n} + {m})" if adds_existing(action) else f"{greatest}({n}, {m})"
    if action.action == SegmentAction.REDUCE:
        return f"({n} * (1 - {m}))"
    return f"({n} * {m})"


def _compile(verdicts: _Verdicts, i: int, action: SegmentCriteriaAction) -> None:
    if action.action == SegmentAction.ADD:
        verdicts.add(i, action)
    else:
        verdicts.judge(i, action)


def chunks(actions: list[SegmentCriteriaAction], dialect: str) -> list[list[SegmentCriteriaAction]]:
    """The actions in runs that one statement can hold: at most MAX_ACTIONS (a column and a level of the
    chain each) and MAX_PARAMETERS bound values. A segment of many manual line adds takes several scans."""
    runs: list[list[SegmentCriteriaAction]] = [[]]
    values = 0
    for action in actions:
        probe = _Verdicts(Params(dialect), [], [], [])
        _compile(probe, 0, action)
        if runs[-1] and (len(runs[-1]) == MAX_ACTIONS[dialect] or values + len(probe.p.values) > MAX_PARAMETERS):
            runs.append([])
            values = 0
        runs[-1].append(action)
        values += len(probe.p.values)
    return runs if runs[0] else []


def _possible(start: str | None, actions: list[SegmentCriteriaAction], conditions: list[str]) -> str | None:
    """A condition every contact with a line before or after the last action meets (None: no contact): each Add
    may give one (OR its verdict), a Refine keeps only those its verdict is 1 on (AND), a Reduce only removes.
    The scan reads no other contact, and the planner can use indexes on the criteria: contacts a Refine drops
    are not read unless a later Add may take them again. The last action is a Reduce or Refine's own contacts to
    remove, so only a last Add widens it."""
    possible = start
    for i, action in enumerate(actions):
        if action.action == SegmentAction.ADD:
            possible = conditions[i] if possible is None else f"({possible} OR {conditions[i]})"
        elif action.action == SegmentAction.REFINE and possible is not None and i < len(actions) - 1:
            possible = f"({possible} AND {conditions[i]})"
    return possible


def folded_counts_sql(actions: list[SegmentCriteriaAction], p: Params, carried: str | None = None) -> str:
    """SELECT contact_id, n, d: every contact with a line after the actions (n lines) or one the last action
    removed; d is what the last action changed (+ lines added, - lines removed). The counts start from the
    table `carried` (contact_id, n) when given (the earlier actions' run), else from none. Needs an action."""
    fence, greatest = FENCE[p.dialect], GREATEST[p.dialect]
    v = _Verdicts(p, [], [], [])
    for i, action in enumerate(actions):
        _compile(v, i, action)
    start, scanned = "0", None
    if carried is not None:
        v.joins.append(f"LEFT JOIN {carried} k ON k.contact_id = c.id")
        v.columns.append("COALESCE(k.n, 0) AS n0")
        start = "v.n0"
        scanned = "k.n > 0"
    scanned = _possible(scanned, actions, v.conditions)
    before = start
    for i, action in enumerate(actions[:-1]):
        before = _step(before, f"v.m{i}", action, greatest)
    last = len(actions) - 1
    after = _step("w.b", f"w.m{last}", actions[last], greatest)
    verdicts = (
        f"SELECT c.id, {', '.join(v.columns)} FROM contact c {' '.join(v.joins)} "
        f"WHERE {scanned or '1 = 0'} {fence}"
    )
    # The count before the last action (b) is fenced too: the count after it (a) and d both name it.
    counts = f"SELECT v.id, v.m{last}, {before} AS b FROM ({verdicts}) v {fence}"
    return (
        f"SELECT w.id AS contact_id, {after} AS n, {after} - w.b AS d FROM ({counts}) w "
        f"WHERE w.b > 0 OR {after} > 0"
    )
