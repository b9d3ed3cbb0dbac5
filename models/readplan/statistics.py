"""Interaction statistics of contacts, in one statement: what `Contact.statistics` answers, for the per-request
loader and for read plans alike. Canceled entries are left out of all of them (SPEC 2.3). As BC's FlowFields (by
Contact Company No.), a company counts every entry logged while the contact was of that company, its persons'
too; a person counts its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from segmentum.models.enums import ContactType
from segmentum.models.sql import Params


@dataclass(frozen=True)
class Statistics:
    no_of_interactions: int = 0
    cost_lcy: Decimal = Decimal("0.00")
    duration_min: int = 0
    date_of_last_interaction: date | None = None
    last_date_attempted: date | None = None


NONE = Statistics()


def statistics_sql(p: Params, contact_ids: list[int]) -> str:
    ids, not_canceled = p.add_list(contact_ids), p.add(False)
    company, person = p.add(ContactType.COMPANY.value), p.add(ContactType.PERSON.value)
    no_false, us = p.add(False), p.add("US")
    columns = "t.cost_lcy, t.duration_min, t.date, t.attempt_failed, t.initiated_by"
    # The entries of each contact: a company's by their company, a person's by their contact.
    entries = (
        f"SELECT c.id AS cid, {columns} FROM interaction_log_entry t JOIN contact c ON t.contact_company_id = c.id "
        f"WHERE c.id IN {ids} AND c.type = {company} AND t.canceled = {not_canceled} "
        f"UNION ALL SELECT c.id AS cid, {columns} FROM interaction_log_entry t JOIN contact c "
        f"ON t.contact_id = c.id WHERE c.id IN {ids} AND c.type = {person} AND t.canceled = {not_canceled}"
    )
    # Sum cents, not the stored decimals: SQLite keeps decimals as text and would sum floats.
    return (
        f"WITH x AS ({entries}) "
        "SELECT x.cid, COUNT(*) AS n, COALESCE(SUM(ROUND(x.cost_lcy * 100)), 0) AS cents, "
        "COALESCE(SUM(x.duration_min), 0) AS duration, "
        f"MAX(CASE WHEN x.attempt_failed = {no_false} THEN x.date END) AS last_date, "
        f"MAX(CASE WHEN x.initiated_by = {us} THEN x.date END) AS last_attempted "
        "FROM x GROUP BY x.cid"
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
