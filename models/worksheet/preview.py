"""What an Add would bring, without writing anything: a count and a sample in line order."""

from __future__ import annotations

from typing import Any

from models.criteria import validate_criteria
from models.sql import Params, fetch_all, fetch_value
from models.worksheet.actions import selection_sql
from models.worksheet.lines import NEW_LINE_ORDER


async def preview(
    criteria: dict[str, Any],
    *,
    expand_companies: bool = False,
    allow_related_companies: bool = False,
    ignore_exclusion: bool = False,
    sample_size: int = 100,
) -> tuple[int, list[int]]:
    validate_criteria(criteria)

    def where(p: Params) -> str:
        cond = f"c.id IN ({selection_sql(criteria, p, expand_companies, allow_related_companies)})"
        cond += " AND NOT c.privacy_blocked"
        if not ignore_exclusion:
            cond += " AND NOT c.exclude_from_segment"
        return cond

    p = Params()
    count = int(await fetch_value(f"SELECT COUNT(*) FROM contact c WHERE {where(p)}", p) or 0)
    p = Params()
    rows = await fetch_all(
        f"SELECT c.id FROM contact c LEFT JOIN contact co ON co.id = c.company_id WHERE {where(p)} "
        f"ORDER BY {NEW_LINE_ORDER} LIMIT {int(sample_size)}",
        p,
    )
    return count, [r["id"] for r in rows]
