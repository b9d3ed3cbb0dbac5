"""Date filters (`DateFilter`) compiled to SQL with bound values.

Relative filters are turned into fixed dates when the criteria are compiled, so a re-evaluation on
a later day gives a later window. `withinLastDays: N` keeps dates from today - N up to today;
`olderThanDays: N` keeps dates before today - N (so the two split the past without overlap).

Date-time columns are filtered on their UTC date. PostgreSQL compares the timestamp with the UTC
midnights that bound the day (index friendly); SQLite stores text and compares `date(col)`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from segmentum.models.criteria.expr import CriteriaError
from segmentum.models.criteria.limits import MAX_DATE, MAX_DAYS, MIN_DATE, shown
from segmentum.models.sql import Params


def today_utc() -> date:
    return datetime.now(UTC).date()


def date_value(value: Any, label: str = "date") -> date:
    """A date from a date, a date-time or an ISO string (criteria stored as JSON hold strings), within
    MIN_DATE..MAX_DATE."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError as exc:
            raise CriteriaError(f"The {label} {shown(value)} is not a valid date (YYYY-MM-DD).") from exc
    if not MIN_DATE <= day <= MAX_DATE:
        raise CriteriaError(f"The {label} {day.isoformat()} is out of range: dates in filters run from "
                            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}.")
    return day


def day_count(value: Any, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
        raise CriteriaError(f"{label} must be a whole number of days from 0 to {MAX_DAYS:,}, got {shown(value)}.")
    return value


def check_date_filter(flt: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The (operator, message) of every bad value in the filter."""
    flt = flt or {}
    problems: list[tuple[str, str]] = []
    for op, label in (("eq", "date"), ("from", "from date"), ("to", "to date")):
        if flt.get(op) is not None:
            try:
                date_value(flt[op], label)
            except CriteriaError as exc:
                problems.append((op, str(exc)))
    for op, label in (("within_last_days", "withinLastDays"), ("older_than_days", "olderThanDays")):
        if flt.get(op) is not None:
            try:
                day_count(flt[op], label)
            except CriteriaError as exc:
                problems.append((op, str(exc)))
    return problems


def _bounds(flt: dict[str, Any], today: date) -> list[tuple[str, date]]:
    """The filter as (operator, date) conditions, ANDed; operators are =, >=, <=, <."""
    out: list[tuple[str, date]] = []
    if flt.get("eq") is not None:
        out.append(("=", date_value(flt["eq"])))
    if flt.get("from") is not None:
        out.append((">=", date_value(flt["from"])))
    if flt.get("to") is not None:
        out.append(("<=", date_value(flt["to"])))
    if flt.get("within_last_days") is not None:
        days = day_count(flt["within_last_days"], "withinLastDays")
        out += [(">=", today - timedelta(days=days)), ("<=", today)]
    if flt.get("older_than_days") is not None:
        days = day_count(flt["older_than_days"], "olderThanDays")
        out.append(("<", today - timedelta(days=days)))
    return out


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def date_conditions(
    flt: dict[str, Any] | None, column: str, params: Params, *, with_time: bool, today: date | None = None
) -> list[str]:
    """SQL conditions (to be ANDed) for `column` matching the filter; empty when nothing is given."""
    if not flt:
        return []
    conds: list[str] = []
    for op, day in _bounds(flt, today or today_utc()):
        if with_time and params.dialect != "sqlite":
            start, next_day = _midnight(day), _midnight(day + timedelta(days=1))
            if op == "=":
                conds.append(f"{column} >= {params.add(start)} AND {column} < {params.add(next_day)}")
            elif op == ">=":
                conds.append(f"{column} >= {params.add(start)}")
            elif op == "<=":
                conds.append(f"{column} < {params.add(next_day)}")
            else:
                conds.append(f"{column} < {params.add(start)}")
        elif params.dialect == "sqlite":
            expr = f"date({column})" if with_time else column
            conds.append(f"{expr} {op} {params.add(day.isoformat())}")
        else:
            conds.append(f"{column} {op} {params.add(day)}")
    if flt.get("is_blank") is not None:
        conds.append(f"{column} IS NULL" if flt["is_blank"] else f"{column} IS NOT NULL")
    return conds


def date_text(flt: dict[str, Any]) -> str:
    """A DateFilter as BC shows it: "2026-01-01..2026-01-31", "last 7 days", joined by '&'."""
    parts: list[str] = []
    if flt.get("eq") is not None:
        parts.append(_iso(flt["eq"]))
    if flt.get("from") is not None or flt.get("to") is not None:
        low = _iso(flt["from"]) if flt.get("from") is not None else ""
        high = _iso(flt["to"]) if flt.get("to") is not None else ""
        parts.append(f"{low}..{high}")
    if flt.get("within_last_days") is not None:
        parts.append(f"last {flt['within_last_days']} days")
    if flt.get("older_than_days") is not None:
        parts.append(f"older than {flt['older_than_days']} days")
    if flt.get("is_blank") is not None:
        parts.append("''" if flt["is_blank"] else "<>''")
    return "&".join(parts)


def _iso(value: Any) -> str:
    try:
        return date_value(value).isoformat()
    except CriteriaError:
        return str(value)
