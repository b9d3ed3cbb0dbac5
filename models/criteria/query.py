"""Running criteria: the ids of the matching contacts (for previews and tests)."""

from __future__ import annotations

from datetime import date

from segmentum.models.criteria.value import Criteria
from segmentum.models.sql import Params, fetch_all, fetch_value


async def matching_contact_ids(criteria: Criteria, *, today: date | None = None) -> list[int]:
    """Ids of the contacts matching the criteria, ascending (one statement)."""
    params = Params()
    rows = await fetch_all(criteria.matching_sql(params, today=today) + " ORDER BY t.id", params)
    return [int(row["id"]) for row in rows]


async def count_matching_contacts(criteria: Criteria, *, today: date | None = None) -> int:
    params = Params()
    sql = f"SELECT COUNT(*) FROM contact t WHERE {criteria.condition(params, 't', today=today)}"
    return int(await fetch_value(sql, params) or 0)
