"""Interaction statistics of contacts, in one GROUP BY: what `Contact.statistics` answers, for the per-request
loader and for read plans alike. Canceled entries are left out of all of them (SPEC 2.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from models.sql import Params


@dataclass(frozen=True)
class Statistics:
    no_of_interactions: int = 0
    cost_lcy: Decimal = Decimal("0.00")
    duration_min: int = 0
    date_of_last_interaction: date | None = None
    last_date_attempted: date | None = None


NONE = Statistics()


def statistics_sql(p: Params, contact_ids: list[int]) -> str:
    no_false, us = p.add(False), p.add("US")
    # Sum cents, not the stored decimals: SQLite keeps decimals as text and would sum floats.
    return (
        "SELECT t.contact_id AS cid, COUNT(*) AS n, COALESCE(SUM(ROUND(t.cost_lcy * 100)), 0) AS cents, "
        "COALESCE(SUM(t.duration_min), 0) AS duration, "
        f"MAX(CASE WHEN t.attempt_failed = {no_false} THEN t.date END) AS last_date, "
        f"MAX(CASE WHEN t.initiated_by = {us} THEN t.date END) AS last_attempted "
        f"FROM interaction_log_entry t WHERE t.contact_id IN {p.add_list(contact_ids)} "
        f"AND t.canceled = {p.add(False)} GROUP BY t.contact_id"
    )


def _date(value: Any) -> date | None:
    # SQLite hands dates back as ISO text.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def statistics_of(row: Any) -> Statistics:
    return Statistics(
        no_of_interactions=int(row["n"]),
        cost_lcy=(Decimal(str(row["cents"])) / 100).quantize(Decimal("0.01")),
        duration_min=int(row["duration"]),
        date_of_last_interaction=_date(row["last_date"]),
        last_date_attempted=_date(row["last_attempted"]),
    )
