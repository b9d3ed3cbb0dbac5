"""Filters on numeric fields (cost, duration, entry numbers): equals, lists, ranges and comparisons, exact and the
same on both databases.

A field holds whole multiples of its unit (a cent for an amount, 1 for a whole number), so every condition is
compiled on the value counted in units, an integer: `< 2.505` is `cents < 251`, `= 2.505` matches nothing.
PostgreSQL counts units with exact NUMERIC arithmetic on the column; SQLite, which keeps amounts as text, with
the function `segmentum_units`, registered on every connection, which reads the text as an exact decimal.

The filter (NumberFilter in criteria JSON): {"eq": n, "ne": n, "in": [n], "from": n, "to": n, "lt": n,
"lte": n, "gt": n, "gte": n}; amounts travel as strings ("2.50"), whole numbers as numbers; every operator
given must hold; `from` / `to` are inclusive.
"""

from __future__ import annotations

import math
import sqlite3
from decimal import Decimal, InvalidOperation
from typing import Any

from segmentum.models.sql import Params

SQLITE_UNITS = "segmentum_units"
# Amounts are below 10^16 (the input guard's bound), so a count of cents fits in 64 bits.
MAX_MAGNITUDE = Decimal(10) ** 16
OPERATORS = ("eq", "ne", "in", "from", "to", "lt", "lte", "gt", "gte")
# How each comparison rounds a bound counted in units: `< 2.505` is `< 251`, `<= 2.505` is `<= 250`, ...
_BOUNDS = {"lt": ("<", math.ceil), "gte": (">=", math.ceil), "from": (">=", math.ceil),
           "lte": ("<=", math.floor), "to": ("<=", math.floor), "gt": (">", math.floor)}
_TEXT = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def number(value: Any) -> Decimal:
    """A filter value as an exact decimal; ValueError for anything else (bools, NaN, infinities, text)."""
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not parsed.is_finite():
        raise ValueError(value)
    return parsed


def units_sql(column: str, unit: Decimal, dialect: str) -> str:
    """The column counted in units (an integer): a whole-number column as it is."""
    if unit == 1:
        return column
    if dialect == "sqlite":
        return f"{SQLITE_UNITS}({column}, {int(1 / unit)})"
    return f"({column} * {int(1 / unit)})"


def _bound(p: Params, units: int) -> str:
    return p.typed(Decimal(units), "NUMERIC") if p.dialect == "postgres" else p.add(units)


def number_conditions(flt: dict[str, Any], column: str, unit: Decimal, p: Params) -> list[str]:
    """The conditions of a NumberFilter on `column` (whole multiples of `unit`), to be ANDed."""
    col = units_sql(column, unit, p.dialect)
    conds: list[str] = []
    for op in OPERATORS:
        value = flt.get(op)
        if value is None:
            continue
        if op in ("eq", "ne"):
            units = number(value) / unit
            if units == units.to_integral_value():
                conds.append(f"{col} {'=' if op == 'eq' else '<>'} {_bound(p, int(units))}")
            elif op == "eq":
                conds.append("1 = 0")  # no stored value is there: eq matches nothing, ne everything
        elif op == "in":
            whole = [int(u) for v in value if (u := number(v) / unit) == u.to_integral_value()]
            whole = list(dict.fromkeys(whole))
            conds.append(f"{col} IN ({', '.join(_bound(p, u) for u in whole)})" if whole else "1 = 0")
        else:
            sign, rounding = _BOUNDS[op]
            conds.append(f"{col} {sign} {_bound(p, int(rounding(number(value) / unit)))}")
    return conds


def number_errors(flt: Any, whole: bool) -> list[tuple[str, str]]:
    """(operator, message) for every bad value of a NumberFilter; `whole`: the field holds whole numbers."""
    if not isinstance(flt, dict):
        return [("", f"A number filter must be an object, got {str(flt)[:40]!r}.")]
    problems: list[tuple[str, str]] = []
    for op in OPERATORS:
        value = flt.get(op)
        if value is None:
            continue
        items = value if op == "in" else [value]
        if op == "in" and (not isinstance(value, list) or len(value) > 1000):
            problems.append((op, "in takes a list of at most 1,000 numbers."))
            continue
        for item in items:
            problem = _value_problem(item, whole)
            if problem:
                problems.append((op, f"{op} {problem}."))
                break
    return problems


def _value_problem(value: Any, whole: bool) -> str | None:
    try:
        parsed = number(value)
    except ValueError:
        return f"must be a finite number, got {str(value)[:40]!r}"
    if abs(parsed) >= MAX_MAGNITUDE:
        return f"{format(parsed, 'f')[:40]} is out of range (at most 10^16 in size)"
    if whole and parsed != parsed.to_integral_value():
        return f"must be a whole number, got {format(parsed, 'f')[:40]}"
    return None


def number_text(flt: dict[str, Any] | None) -> str:
    """A NumberFilter in BC's filter syntax: "2.5", "<>0", "1|2", "1..10", "<5", joined by '&'."""
    if not flt:
        return ""
    parts: list[str] = []
    if flt.get("eq") is not None:
        parts.append(_plain(flt["eq"]))
    if flt.get("ne") is not None:
        parts.append("<>" + _plain(flt["ne"]))
    if flt.get("in") is not None:
        parts.append("|".join(_plain(v) for v in flt["in"]) if flt["in"] else "(none)")
    if flt.get("from") is not None or flt.get("to") is not None:
        low = _plain(flt["from"]) if flt.get("from") is not None else ""
        high = _plain(flt["to"]) if flt.get("to") is not None else ""
        parts.append(f"{low}..{high}")
    parts += [_TEXT[op] + _plain(flt[op]) for op in ("lt", "lte", "gt", "gte") if flt.get(op) is not None]
    return "&".join(f"({part})" if "|" in part and len(parts) > 1 else part for part in parts)


def _plain(value: Any) -> str:
    try:
        return format(number(value).normalize(), "f")
    except ValueError:
        return str(value)


def _units(text: Any, per_one: int) -> int | None:
    """SQLite: a stored amount (text or number) counted in units (`per_one` of them make 1), exactly."""
    if text is None:
        return None
    return int((Decimal(str(text)) * per_one).to_integral_value())


def register(connection: sqlite3.Connection) -> None:
    """Make `segmentum_units(value, units per one)` known to a SQLite connection (call it in the connection's
    thread)."""
    connection.create_function(SQLITE_UNITS, 2, _units, deterministic=True)
