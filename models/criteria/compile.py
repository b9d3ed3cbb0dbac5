"""Criteria (the plain-dict ContactCriteria) compiled to one SQL condition on a contact row.

Across sources the conditions are ANDed; a related source means "there exists a related record that
satisfies all of that source's conditions at once" (BC §4). Each source of the registry compiles its own
filter; every value is a bound parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from models.criteria.field_sql import field_conditions
from models.criteria.registry import SOURCES
from models.sql import Params

NO_CONDITION = "1 = 1"


def criteria_condition(
    criteria: dict[str, Any] | None, params: Params, alias: str = "t", *, today: date | None = None
) -> str:
    """A boolean SQL condition on `alias` (a row of table `contact`); `1 = 1` without any filter.

    Raises CriteriaError for a malformed filter: call `validate_criteria` first for user errors.
    """
    conds = source_conditions(criteria, params, alias, today=today)
    return " AND ".join(f"({c})" for c in conds) if conds else NO_CONDITION


def matching_contacts_sql(criteria: dict[str, Any] | None, params: Params, *, today: date | None = None) -> str:
    """SELECT t.id of every contact matching the criteria (all contacts without a filter)."""
    return f"SELECT t.id FROM contact t WHERE {criteria_condition(criteria, params, 't', today=today)}"


def source_conditions(
    criteria: dict[str, Any] | None, params: Params, alias: str = "t", *, today: date | None = None
) -> list[str]:
    """The conditions of every filtered source, in registry (CriteriaSource) order."""
    criteria = criteria or {}
    conds: list[str] = []
    for source in SOURCES:
        flt = criteria.get(source.key)
        if flt:
            conds += source.conditions(flt, alias, params, today)
    return conds


__all__ = ["NO_CONDITION", "criteria_condition", "field_conditions", "matching_contacts_sql", "source_conditions"]
