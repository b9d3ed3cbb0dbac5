"""Filters on fields written as BC shows them: "Caption: filter", the filter in BC's expression syntax
(several operators on one field joined by '&')."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.criteria.dates import date_value
from models.criteria.expr import CriteriaError, Value, pattern_text, quote
from models.criteria.field_sql import plain
from models.criteria.fields import DATE_KINDS, NUMBER_UNITS, STRING_KINDS, FieldSpec, Kind
from models.criteria.numbers import number_text


def field_texts(specs: Sequence[FieldSpec], values: dict[str, Any] | None) -> list[str]:
    """"Caption: filter" for every given field, in the order of `specs`."""
    parts: list[str] = []
    for spec in specs:
        value = (values or {}).get(spec.key)
        text = value_text(spec, value) if value is not None else ""
        if text:
            parts.append(f"{spec.label}: {text}")
    return parts


def value_text(spec: FieldSpec, value: Any) -> str:
    if spec.kind in STRING_KINDS:
        return string_text(value, upper=spec.upper)
    if spec.kind in DATE_KINDS:
        return date_text(value)
    if spec.kind in NUMBER_UNITS:
        return number_text(value)
    if spec.kind == Kind.BOOL:
        return "Yes" if value else "No"
    if spec.kind in (Kind.ENUM_LIST, Kind.INT_LIST):
        return "|".join(plain(x) for x in value) if value else "(none)"
    if spec.kind == Kind.KEY:
        return str(value).strip().upper()
    return plain(value)


def string_text(flt: dict[str, Any] | None, *, upper: bool = False) -> str:
    """A StringFilter as one BC expression ('' when no operator is given; a blank `expr` is no filter)."""
    if not flt:
        return ""

    def v(value: Any) -> str:
        text = str(value)
        return text.upper() if upper else text

    parts: list[str] = []
    if flt.get("expr") is not None and str(flt["expr"]).strip():
        parts.append(v(flt["expr"]))
    if flt.get("eq") is not None:
        parts.append(quote(v(flt["eq"])))
    if flt.get("ne") is not None:
        parts.append("<>" + quote(v(flt["ne"])))
    if flt.get("in") is not None:
        parts.append("|".join(quote(v(x)) for x in flt["in"]) if flt["in"] else "(none)")
    if flt.get("not_in") is not None:
        parts += ["<>" + quote(v(x)) for x in flt["not_in"]]
    if flt.get("starts_with") is not None:
        parts.append(pattern_text(Value((v(flt["starts_with"]), ""))))
    if flt.get("contains") is not None:
        parts.append(pattern_text(Value(("", v(flt["contains"]), ""))))
    if flt.get("is_blank") is not None:
        parts.append("''" if flt["is_blank"] else "<>''")
    return _join(parts)


def date_text(flt: dict[str, Any] | None) -> str:
    if not flt:
        return ""
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


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "&".join(f"({p})" if "|" in p else p for p in parts)


def _iso(value: Any) -> str:
    try:
        return date_value(value).isoformat()
    except CriteriaError:
        return str(value)
