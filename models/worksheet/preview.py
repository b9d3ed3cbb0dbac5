"""What an Add would bring, without writing anything: a count and a sample in line order.

Both read the candidates as an Add judges them (the criteria widened by Expand Companies / Allow Related
Companies, then privacy and exclusion) and each is only run when asked for. Without widening, the criteria are
a condition on the counted row itself: one pass over `contact`, the statement a hand-written count would be.
Only a widened selection needs `c.id IN (...)` (a company's persons, a person's company). The sample is a
top-N in line order (`ORDER BY ... LIMIT n`): the planner keeps the n best rows while scanning the candidates,
it neither sorts nor materialises the whole set.
"""

from __future__ import annotations

from dataclasses import dataclass

from segmentum.models.criteria import Criteria
from segmentum.models.sql import Params, fetch_all, fetch_value
from segmentum.models.worksheet.actions import selection_sql
from segmentum.models.worksheet.lines import NEW_LINE_ORDER

MAX_SAMPLE = 100


@dataclass(frozen=True)
class Candidates:
    """The contacts an Add of `criteria` with these options would judge new lines for."""

    criteria: Criteria
    expand_companies: bool = False
    allow_related_companies: bool = False
    ignore_exclusion: bool = False

    def where(self, p: Params) -> str:
        """The condition on contact row `c` (privacy and exclusion applied)."""
        if self.expand_companies or self.allow_related_companies:
            cond = f"c.id IN ({selection_sql(self.criteria, p, self.expand_companies, self.allow_related_companies)})"
        else:
            cond = f"({self.criteria.condition(p, 'c')})"
        cond += " AND NOT c.privacy_blocked"
        if not self.ignore_exclusion:
            cond += " AND NOT c.exclude_from_segment"
        return cond

    def count_sql(self, p: Params) -> str:
        return f"SELECT COUNT(*) FROM contact c WHERE {self.where(p)}"

    def sample_sql(self, p: Params, size: int) -> str:
        return (f"SELECT c.id FROM contact c LEFT JOIN contact co ON co.id = c.company_id WHERE {self.where(p)} "
                f"ORDER BY {NEW_LINE_ORDER} LIMIT {int(size)}")


async def preview(
    criteria: Criteria,
    *,
    expand_companies: bool = False,
    allow_related_companies: bool = False,
    ignore_exclusion: bool = False,
    count: bool = True,
    sample_size: int = MAX_SAMPLE,
) -> tuple[int | None, list[int]]:
    """The number of candidates (None unless `count`) and the first `sample_size` of them in line order (no
    statement for a sample of 0)."""
    candidates = Candidates(criteria, expand_companies, allow_related_companies, ignore_exclusion)
    total: int | None = None
    if count:
        p = Params()
        total = int(await fetch_value(candidates.count_sql(p), p) or 0)
    ids: list[int] = []
    size = max(0, min(int(sample_size), MAX_SAMPLE))
    if size:
        p = Params()
        ids = [r["id"] for r in await fetch_all(candidates.sample_sql(p, size), p)]
    return total, ids
