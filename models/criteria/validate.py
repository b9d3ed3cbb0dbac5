"""Checking criteria before they run: every bad value is reported at once, with its input path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.criteria.catalog import CONTACT_FIELDS, INTERACTION_FIELDS, LINK_SOURCES, FieldSpec, Kind, camel
from models.criteria.dates import check_date_filter
from models.criteria.expr import CriteriaError
from models.criteria.strings import check_string_filter
from models.enums import ErrorCode
from models.errors import DomainError, FieldError

DEFAULT_PATH = ("input", "criteria")


def validate_criteria(criteria: dict[str, Any] | None, path: Sequence[str] = DEFAULT_PATH) -> None:
    """DomainError listing every malformed expression, bad date and negative day count (INVALID)
    and a blank questionnaire code (REQUIRED); `path` is where the criteria sit in the input."""
    errors = criteria_errors(criteria, path)
    if errors:
        raise DomainError(errors)


def criteria_errors(criteria: dict[str, Any] | None, path: Sequence[str] = DEFAULT_PATH) -> list[FieldError]:
    criteria = criteria or {}
    base = list(path)
    errors: list[FieldError] = []
    errors += _field_errors(CONTACT_FIELDS, criteria.get("contact"), [*base, "contact"])
    profile = criteria.get("profile_answer")
    if profile and not str(profile.get("questionnaire_code") or "").strip():
        errors.append(
            FieldError(
                ErrorCode.REQUIRED,
                "A profile answer filter needs a questionnaire code.",
                [*base, "profileAnswer", "questionnaireCode"],
            )
        )
    errors += _field_errors(INTERACTION_FIELDS, criteria.get("interaction"), [*base, "interaction"])
    for link in LINK_SOURCES:
        flt = (criteria.get(link.key) or {}).get("code")
        errors += _string_errors(flt, [*base, camel(link.key), "code"])
    errors += _string_errors((criteria.get("segment") or {}).get("segment_no"), [*base, "segment", "segmentNo"])
    return errors


def has_filter(criteria: dict[str, Any] | None) -> bool:
    """Whether the criteria hold any condition at all (empty filters and sources do not count)."""
    return _given(criteria)


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, dict):
        return any(_given(v) for v in value.values())
    return True  # a scalar, or a list (an empty `in` list is a filter that matches nothing)


def _field_errors(specs: tuple[FieldSpec, ...], values: dict[str, Any] | None, path: list[str]) -> list[FieldError]:
    errors: list[FieldError] = []
    for spec in specs:
        value = (values or {}).get(spec.key)
        if value is None:
            continue
        here = [*path, camel(spec.key)]
        if spec.kind in (Kind.TEXT, Kind.CODE):
            errors += _string_errors(value, here)
        elif spec.kind in (Kind.DATE, Kind.DATETIME):
            errors += [
                FieldError(ErrorCode.INVALID, message, [*here, camel(op)]) for op, message in check_date_filter(value)
            ]
    return errors


def _string_errors(flt: dict[str, Any] | None, path: list[str]) -> list[FieldError]:
    try:
        check_string_filter(flt)
    except CriteriaError as exc:
        return [FieldError(ErrorCode.INVALID, str(exc), [*path, "expr"])]
    return []
