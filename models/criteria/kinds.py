"""The kinds of criteria fields, one class each: how a field's filter is checked, parsed, compiled to SQL and
written as BC shows it.

A kind is stateless apart from what distinguishes its variants (a Code upper-cases, a date-time filters on its
UTC date, an amount counts cents); `Kind` names the instances the registry declares its fields with. Checks
report every bad value with its input path (`here`) and are linear in the input: lists are counted before
their items are looked at. `parse` is where an expression is parsed, once per criteria.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from segmentum.models.criteria.dates import check_date_filter, date_conditions, date_text
from segmentum.models.criteria.expr import CriteriaError, Node, parse
from segmentum.models.criteria.limits import MAX_TERMS, shown, text_problem
from segmentum.models.criteria.numbers import number_conditions, number_errors, number_text
from segmentum.models.criteria.strings import reference_condition, string_condition, string_node, string_text
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import FieldError
from segmentum.models.sql import Params

if TYPE_CHECKING:
    from segmentum.models.criteria.fields import FieldSpec

SINGLE_STRING_OPS = ("eq", "ne", "starts_with", "contains")
LIST_STRING_OPS = ("in", "not_in")

Errors = list[FieldError]


def camel(key: str) -> str:
    """The GraphQL name of a dict key, for error paths."""
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)


def plain(value: Any) -> str:
    """An enum value (or its name as stored in criteria JSON) as a string."""
    return str(value.value if isinstance(value, Enum) else value)


def _invalid(message: str, path: list[str]) -> FieldError:
    return FieldError(ErrorCode.INVALID, message, path)


class FieldKind:
    """A kind of field; the base holds a filter given as an object of operators (every one given must hold)."""

    upper = False  # filter values upper-cased, as BC Code fields are stored

    def check(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        """The errors of the field's value before it is parsed (None: not given)."""
        return [] if value is None else self.errors(spec, value, here)

    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        return []

    def parse(self, spec: FieldSpec, value: Any, here: list[str]) -> tuple[Any, Errors]:
        """What `conditions` compiles (the value itself, unless the kind parses it), and the errors of parsing."""
        return value, []

    def given(self, value: Any) -> bool:
        """Whether the filter holds a condition (an empty list does: it matches nothing)."""
        if isinstance(value, dict):
            return any(v is not None for v in value.values())
        return value is not None

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        """SQL conditions (to be ANDed) of the filter on `column`."""
        raise NotImplementedError

    def text(self, spec: FieldSpec, value: Any) -> str:
        """The filter in BC's syntax ('' when it holds none)."""
        return plain(value)

    def named(self, value: Any, here: list[str]) -> list[tuple[str, list[str]]]:
        """The values that name one record (for warnings about codes naming none), with their paths."""
        return []


class StringKind(FieldKind):
    """StringFilter: operators and a BC expression, parsed into one tree."""

    def __init__(self, upper: bool) -> None:
        self.upper = upper

    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        errors: Errors = []
        for op in SINGLE_STRING_OPS:
            if value.get(op) is not None:
                problem = text_problem(str(value[op]))
                if problem:
                    errors.append(_invalid(f"{camel(op)} {problem}.", [*here, camel(op)]))
        for op in LIST_STRING_OPS:
            items = value.get(op)
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
        return errors

    def parse(self, spec: FieldSpec, value: Any, here: list[str]) -> tuple[Node | None, Errors]:
        try:
            return string_node(value, upper=self.upper), []
        except CriteriaError as exc:
            message = str(exc)
            if self.upper:  # name the expression as it was written, not upper-cased
                try:
                    parse(str(value["expr"]))
                except CriteriaError as written:
                    message = str(written)
            return None, [_invalid(message, [*here, "expr"])]

    def given(self, value: Any) -> bool:
        return any(v is not None and not (op == "expr" and not str(v).strip()) for op, v in value.items())

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        if parsed is None:
            return []
        if spec.ref:
            return [reference_condition(parsed, column, spec.ref[0], spec.ref[1], p)]
        return [string_condition(parsed, column, p)]

    def text(self, spec: FieldSpec, value: Any) -> str:
        return string_text(value, upper=self.upper)

    def named(self, value: Any, here: list[str]) -> list[tuple[str, list[str]]]:
        found = [(str(value["eq"]), [*here, "eq"])] if value.get("eq") is not None else []
        return found + [(str(v), [*here, "in", str(i)]) for i, v in enumerate(value.get("in") or [])]


class DateKind(FieldKind):
    """DateFilter; on a date-time column, its UTC date."""

    def __init__(self, with_time: bool) -> None:
        self.with_time = with_time

    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        return [_invalid(message, [*here, camel(op)]) for op, message in check_date_filter(value)]

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        return date_conditions(parsed, column, p, with_time=self.with_time, today=today)

    def text(self, spec: FieldSpec, value: Any) -> str:
        return date_text(value)


class NumberKind(FieldKind):
    """DecimalFilter / IntFilter on a field holding whole multiples of `unit` (models.criteria.numbers)."""

    def __init__(self, unit: Decimal) -> None:
        self.unit = unit

    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        return [_invalid(message, [*here, op] if op else here)
                for op, message in number_errors(value, whole=self.unit == 1)]

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        return number_conditions(parsed, column, self.unit, p)

    def text(self, spec: FieldSpec, value: Any) -> str:
        return number_text(value)


class BoolKind(FieldKind):
    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        if isinstance(value, bool):
            return []
        return [_invalid(f"{camel(spec.key)} must be true or false, got {shown(value)}.", here)]

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        return [f"{column} = {p.add(bool(parsed))}"]

    def text(self, spec: FieldSpec, value: Any) -> str:
        return "Yes" if value else "No"


class EnumKind(FieldKind):
    """One value of the field's enum."""

    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        return _enum_errors(spec, [value], here)

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        return [f"{column} = {p.add(plain(parsed))}"]


class ListKind(FieldKind):
    """Any of a list of values (an empty list matches nothing): of the field's enum, or whole numbers."""

    def __init__(self, of_enum: bool) -> None:
        self.of_enum = of_enum

    def errors(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        if not isinstance(value, list | tuple):
            return [_invalid(f"{camel(spec.key)} must be a list, got {shown(value)}.", here)]
        if len(value) > MAX_TERMS:
            return [_invalid(f"{camel(spec.key)} has {len(value):,} values; at most {MAX_TERMS:,} are allowed.",
                             here)]
        if self.of_enum:
            return _enum_errors(spec, value, here)
        bad = next((v for v in value if isinstance(v, bool) or not isinstance(v, int)), None)
        if bad is not None:
            return [_invalid(f"{camel(spec.key)} must hold whole numbers, got {shown(bad)}.", here)]
        return []

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        items = list(dict.fromkeys(plain(v) if self.of_enum else int(v) for v in parsed))  # repeats bind once
        return [f"{column} IN {p.add_list(items)}" if items else "1 = 0"]

    def text(self, spec: FieldSpec, value: Any) -> str:
        return "|".join(plain(x) for x in value) if value else "(none)"


class KeyKind(FieldKind):
    """One code, given as a plain string (upper-cased), that the filter cannot do without."""

    upper = True

    def check(self, spec: FieldSpec, value: Any, here: list[str]) -> Errors:
        if value is None or not str(value).strip():
            return [FieldError(ErrorCode.REQUIRED, f"{camel(spec.key)} is required.", here)]
        problem = text_problem(str(value))
        return [_invalid(f"{camel(spec.key)} {problem}.", here)] if problem else []

    def given(self, value: Any) -> bool:
        return value is not None and bool(str(value).strip())

    def conditions(self, spec: FieldSpec, parsed: Any, column: str, p: Params, today: date | None) -> list[str]:
        return [f"{column} = {p.add(str(parsed).strip().upper())}"]

    def text(self, spec: FieldSpec, value: Any) -> str:
        return str(value).strip().upper()

    def named(self, value: Any, here: list[str]) -> list[tuple[str, list[str]]]:
        return [(str(value), here)]


class Kind:
    """The kinds the registry declares fields with. CODE is where BC's Code type is declared: those values are
    stored upper-cased, and filter values are upper-cased the same way."""

    TEXT = StringKind(upper=False)  # StringFilter, values as given
    CODE = StringKind(upper=True)  # StringFilter on a code or number (BC Code type)
    DATE = DateKind(with_time=False)  # DateFilter on a date column
    DATETIME = DateKind(with_time=True)  # DateFilter on a date-time column (its UTC date)
    ENUM = EnumKind()  # one enum value
    ENUM_LIST = ListKind(of_enum=True)  # any of a list of enum values
    BOOL = BoolKind()
    KEY = KeyKind()  # one code that the filter cannot do without
    INT_LIST = ListKind(of_enum=False)  # any of a list of whole numbers
    DECIMAL = NumberKind(Decimal("0.01"))  # DecimalFilter on an amount (whole cents)
    INTEGER = NumberKind(Decimal(1))  # IntFilter on a whole number


def _enum_errors(spec: FieldSpec, values: Sequence[Any], here: list[str]) -> Errors:
    if spec.enum is None:
        return []
    allowed = {member.value for member in spec.enum}
    bad = next((v for v in values if str(getattr(v, "value", v)) not in allowed), None)
    if bad is None:
        return []
    return [_invalid(f"{camel(spec.key)} {shown(bad)} is not one of {', '.join(sorted(allowed))}.", here)]
