"""Filters on the fields of one row compiled to SQL conditions, every value bound."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from models.criteria.dates import date_conditions
from models.criteria.fields import DATE_KINDS, NUMBER_UNITS, STRING_KINDS, FieldSpec, Kind
from models.criteria.numbers import number_conditions
from models.criteria.strings import reference_condition, string_condition, string_node
from models.sql import Params


def field_conditions(
    specs: tuple[FieldSpec, ...], values: dict[str, Any] | None, alias: str, params: Params, today: date | None
) -> list[str]:
    """The conditions of the given fields of one row (`alias`), to be ANDed; empty without a filter."""
    if not values:
        return []
    conds: list[str] = []
    for spec in specs:
        value = values.get(spec.key)
        if value is not None:
            conds += value_conditions(spec, value, f"{alias}.{spec.column}", params, today)
    return conds


def value_conditions(spec: FieldSpec, value: Any, column: str, params: Params, today: date | None) -> list[str]:
    """The conditions of one field's filter on `column`."""
    if spec.kind in STRING_KINDS:
        node = string_node(value, upper=spec.upper)
        if node is None:
            return []
        if spec.ref:
            return [reference_condition(node, column, spec.ref[0], spec.ref[1], params)]
        return [string_condition(node, column, params)]
    if spec.kind in DATE_KINDS:
        return date_conditions(value, column, params, with_time=spec.kind == Kind.DATETIME, today=today)
    if spec.kind in NUMBER_UNITS:
        return number_conditions(value, column, NUMBER_UNITS[spec.kind], params)
    if spec.kind in (Kind.ENUM_LIST, Kind.INT_LIST):
        convert = int if spec.kind == Kind.INT_LIST else plain
        items = list(dict.fromkeys(convert(v) for v in value))  # repeated values bind once
        return [f"{column} IN {params.add_list(items)}" if items else "1 = 0"]
    if spec.kind == Kind.BOOL:
        return [f"{column} = {params.add(bool(value))}"]
    if spec.kind == Kind.KEY:
        return [f"{column} = {params.add(str(value).strip().upper())}"]
    return [f"{column} = {params.add(plain(value))}"]


def plain(value: Any) -> str:
    """An enum value (or its name as stored in criteria JSON) as a string."""
    return str(value.value if isinstance(value, Enum) else value)
