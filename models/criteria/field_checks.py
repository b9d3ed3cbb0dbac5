"""Checks of the filters on one row's fields: every bad value reported with its input path and a code.

Linear in the input: lists are counted before their items are looked at, expressions are parsed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.criteria.dates import check_date_filter
from models.criteria.expr import CriteriaError, parse
from models.criteria.fields import DATE_KINDS, NUMBER_UNITS, STRING_KINDS, FieldSpec, Kind, camel
from models.criteria.limits import MAX_TERMS, shown, text_problem
from models.criteria.numbers import number_errors
from models.enums import ErrorCode
from models.errors import FieldError

SINGLE_STRING_OPS = ("eq", "ne", "starts_with", "contains")
LIST_STRING_OPS = ("in", "not_in")


def field_errors(specs: Sequence[FieldSpec], values: dict[str, Any] | None, path: list[str]) -> list[FieldError]:
    """The errors of every given field of `specs` in `values` (the filter of one source at `path`)."""
    errors: list[FieldError] = []
    for spec in specs:
        errors += value_errors(spec, (values or {}).get(spec.key), [*path, camel(spec.key)])
    return errors


def value_errors(spec: FieldSpec, value: Any, here: list[str]) -> list[FieldError]:
    """The errors of one field's filter (`here` is its input path)."""
    if spec.kind == Kind.KEY:
        if value is None or not str(value).strip():
            return [FieldError(ErrorCode.REQUIRED, f"{camel(spec.key)} is required.", here)]
        problem = text_problem(str(value))
        return [_invalid(f"{camel(spec.key)} {problem}.", here)] if problem else []
    if value is None:
        return []
    if spec.kind in STRING_KINDS:
        return string_filter_errors(value, here)
    if spec.kind in DATE_KINDS:
        return [_invalid(message, [*here, camel(op)]) for op, message in check_date_filter(value)]
    if spec.kind in NUMBER_UNITS:
        return [_invalid(message, [*here, op] if op else here)
                for op, message in number_errors(value, whole=spec.kind == Kind.INTEGER)]
    if spec.kind in (Kind.ENUM_LIST, Kind.INT_LIST):
        return _list_errors(spec, value, here)
    if spec.kind == Kind.ENUM:
        return _enum_errors(spec, [value], here)
    if spec.kind == Kind.BOOL and not isinstance(value, bool):
        return [_invalid(f"{camel(spec.key)} must be true or false, got {shown(value)}.", here)]
    return []


def string_filter_errors(flt: dict[str, Any], here: list[str]) -> list[FieldError]:
    """Errors of a StringFilter: over-long, NUL or unpaired-surrogate values, too many values, a bad `expr`."""
    errors: list[FieldError] = []
    for op in SINGLE_STRING_OPS:
        if flt.get(op) is not None:
            problem = text_problem(str(flt[op]))
            if problem:
                errors.append(_invalid(f"{camel(op)} {problem}.", [*here, camel(op)]))
    for op in LIST_STRING_OPS:
        items = flt.get(op)
        if items is None:
            continue
        if len(items) > MAX_TERMS:
            errors.append(_invalid(f"{camel(op)} has {len(items):,} values; at most {MAX_TERMS:,} are allowed.",
                                   [*here, camel(op)]))
            continue
        for i, item in enumerate(items):
            problem = text_problem(str(item))
            if problem:
                errors.append(_invalid(f"{camel(op)} value {problem}.", [*here, camel(op), str(i)]))
                break
    expr = flt.get("expr")
    if expr is not None and str(expr).strip():
        try:
            parse(str(expr))
        except CriteriaError as exc:
            errors.append(_invalid(str(exc), [*here, "expr"]))
    return errors


def _list_errors(spec: FieldSpec, items: Any, here: list[str]) -> list[FieldError]:
    if not isinstance(items, list | tuple):
        return [_invalid(f"{camel(spec.key)} must be a list, got {shown(items)}.", here)]
    if len(items) > MAX_TERMS:
        return [_invalid(f"{camel(spec.key)} has {len(items):,} values; at most {MAX_TERMS:,} are allowed.", here)]
    if spec.kind == Kind.ENUM_LIST:
        return _enum_errors(spec, items, here)
    bad = next((v for v in items if isinstance(v, bool) or not isinstance(v, int)), None)
    if bad is not None:
        return [_invalid(f"{camel(spec.key)} must hold whole numbers, got {shown(bad)}.", here)]
    return []


def _enum_errors(spec: FieldSpec, values: Sequence[Any], here: list[str]) -> list[FieldError]:
    if spec.enum is None:
        return []
    allowed = {member.value for member in spec.enum}
    bad = next((v for v in values if str(getattr(v, "value", v)) not in allowed), None)
    if bad is None:
        return []
    return [_invalid(f"{camel(spec.key)} {shown(bad)} is not one of {', '.join(sorted(allowed))}.", here)]


def _invalid(message: str, path: list[str]) -> FieldError:
    return FieldError(ErrorCode.INVALID, message, path)
