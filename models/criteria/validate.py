"""Checking criteria before they run: every bad value is reported at once, with its input path.

Each source of the registry checks its own filter; then the criteria as a whole must stay within the
number of bound values one statement may carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.criteria.compile import source_conditions
from models.criteria.fields import STRING_KINDS, camel
from models.criteria.limits import MAX_EXPRESSION_LENGTH, MAX_EXPRESSIONS_LENGTH, MAX_VALUES, shown, text_problem
from models.criteria.registry import SOURCES
from models.enums import ErrorCode
from models.errors import DomainError, FieldError
from models.sql import Params

DEFAULT_PATH = ("input", "criteria")
_KEYS = {source.key for source in SOURCES}


def validate_criteria(criteria: dict[str, Any] | None, path: Sequence[str] = DEFAULT_PATH) -> None:
    """DomainError listing every malformed or over-limit value (INVALID) and every missing required
    value (REQUIRED); `path` is where the criteria sit in the input."""
    errors = criteria_errors(criteria, path)
    if errors:
        raise DomainError(errors)


def criteria_errors(criteria: dict[str, Any] | None, path: Sequence[str] = DEFAULT_PATH) -> list[FieldError]:
    criteria = criteria or {}
    base = list(path)
    expressions = _expressions(criteria, base)
    length = sum(len(text) for text, _ in expressions)
    if length > MAX_EXPRESSIONS_LENGTH:
        # Before any parsing: name the over-long expressions, or else the criteria as a whole.
        over = [FieldError(ErrorCode.INVALID, f"The filter expression {text_problem(text, MAX_EXPRESSION_LENGTH)}.",
                           here) for text, here in expressions if len(text) > MAX_EXPRESSION_LENGTH]
        message = f"The filter expressions hold {length:,} characters together; at most {MAX_EXPRESSIONS_LENGTH:,}."
        return over or [FieldError(ErrorCode.INVALID, message, base)]
    errors = [
        FieldError(ErrorCode.INVALID, f"{shown(key)} is not a criteria source.", [*base, camel(str(key))])
        for key in criteria
        if key not in _KEYS
    ]
    for source in SOURCES:
        flt = criteria.get(source.key)
        if flt:
            errors += source.errors(flt, [*base, camel(source.key)])
    if errors:
        return errors
    values = len(_bound_values(criteria))
    if values > MAX_VALUES:
        return [FieldError(ErrorCode.INVALID,
                           f"The criteria hold {values:,} values; at most {MAX_VALUES:,} are allowed.", base)]
    return []


def has_filter(criteria: dict[str, Any] | None) -> bool:
    """Whether the criteria hold any condition at all (empty filters, sources and expressions do not count)."""
    criteria = criteria or {}
    return any(source.has_filter(criteria.get(source.key) or {}) for source in SOURCES)


def _expressions(criteria: dict[str, Any], base: list[str]) -> list[tuple[str, list[str]]]:
    """Every `expr` of the criteria with its input path."""
    found: list[tuple[str, list[str]]] = []
    for source in SOURCES:
        flt = criteria.get(source.key)
        if not isinstance(flt, dict):
            continue
        for spec in source.fields:
            value = flt.get(spec.key)
            if spec.kind in STRING_KINDS and isinstance(value, dict) and value.get("expr") is not None:
                found.append((str(value["expr"]), [*base, camel(source.key), camel(spec.key), "expr"]))
    return found


def _bound_values(criteria: dict[str, Any]) -> list[Any]:
    params = Params("postgres")
    source_conditions(criteria, params)
    return params.values
