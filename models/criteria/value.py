"""Criteria as one typed value: the input is read once, every error collected, every expression parsed once.

`Criteria.parse` reads a ContactCriteria in its plain form (models.criteria's docstring) in one walk: each
given field is normalised to its stored form (enums as names, dates as ISO strings, amounts as strings; nulls
and empty objects left out), checked by its kind, and its expression parsed. The value then answers everything
asked of criteria on their way down: the SQL condition, whether there is any filter, the filter texts, the
codes that name records, the segments read, and the stored form (the JSON a segment action records).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from segmentum.models.criteria.expr import CriteriaError
from segmentum.models.criteria.fields import FieldSpec, camel
from segmentum.models.criteria.kinds import StringKind
from segmentum.models.criteria.limits import MAX_EXPRESSION_LENGTH, MAX_EXPRESSIONS_LENGTH, MAX_VALUES, text_problem
from segmentum.models.criteria.registry import SOURCES
from segmentum.models.criteria.sources import UNPARSED, Captions, FieldFilter, Source, SourceFilter
from segmentum.models.enums import CriteriaSource, ErrorCode
from segmentum.models.errors import DomainError, FieldError, shown
from segmentum.models.sql import Params

DEFAULT_PATH = ("input", "criteria")
NO_CONDITION = "1 = 1"
SEPARATOR = "; "
_BY_KEY = {source.key: source for source in SOURCES}


@dataclass(frozen=True)
class NamedCode:
    """A value that names one record (an `eq` or `in` item of a code, a questionnaire code)."""

    table: str
    column: str
    label: str
    value: str
    path: list[str]


@dataclass(frozen=True)
class Criteria:
    """The filters of the given sources, in registry (CriteriaSource) order."""

    filters: tuple[SourceFilter, ...] = ()

    # ---------------------------------------------------------------------------------------- reading

    @classmethod
    def parse(cls, data: Mapping[str, Any] | None, path: Sequence[str] = DEFAULT_PATH) -> Criteria:
        """The criteria, or DomainError listing every malformed or over-limit value (INVALID) and every missing
        required value (REQUIRED); `path` is where the criteria sit in the input."""
        criteria, errors = cls.read(data, path)
        if criteria is None:
            raise DomainError(errors)
        return criteria

    @classmethod
    def stored(cls, data: Mapping[str, Any] | None) -> Criteria:
        """Criteria recorded by an action, checked when they were given: CriteriaError if malformed. The limits are
        not checked again, and an expression is parsed only when the criteria are compiled (showing the filter
        texts of a page of actions parses nothing)."""
        criteria, errors = cls.read(data, (), recorded=True)
        if criteria is None:
            raise CriteriaError(errors[0].message)
        return criteria

    @classmethod
    def read(cls, data: Mapping[str, Any] | None, path: Sequence[str] = DEFAULT_PATH, *,
             recorded: bool = False) -> tuple[Criteria | None, list[FieldError]]:
        """(the criteria, []) or (None, every error). The only walk over the input."""
        base = list(path)
        errors = [FieldError(ErrorCode.INVALID, f"{shown(key)} is not a criteria source.", [*base, camel(str(key))])
                  for key in data or {} if key not in _BY_KEY]
        pending: list[tuple[Source, list[_Field]]] = []
        for source in SOURCES:
            flt = (data or {}).get(source.key)
            if flt:
                pending.append((source, list(_fields(source, flt, [*base, camel(source.key)]))))
        fields = [f for _, found in pending for f in found]
        if not recorded:
            expressions = [(f.expression, [*f.here, "expr"]) for f in fields if f.expression is not None]
            length = sum(len(text) for text, _ in expressions)
            if length > MAX_EXPRESSIONS_LENGTH:  # before any parsing: the over-long ones, or else the whole
                over = [FieldError(ErrorCode.INVALID,
                                   f"The filter expression {text_problem(text, MAX_EXPRESSION_LENGTH)}.", here)
                        for text, here in expressions if len(text) > MAX_EXPRESSION_LENGTH]
                message = (f"The filter expressions hold {length:,} characters together; "
                           f"at most {MAX_EXPRESSIONS_LENGTH:,}.")
                return None, over or [FieldError(ErrorCode.INVALID, message, base)]
        filters = []
        for source, found in pending:
            given = tuple(f.parsed(now=not recorded) for f in found if f.value is not None)
            errors += [e for f in found for e in f.errors]
            if given:
                filters.append(SourceFilter(source, given))
        if errors:
            return None, errors
        criteria = cls(tuple(filters))
        if not recorded:
            params = Params("postgres")
            criteria.condition(params)
            if len(params.values) > MAX_VALUES:
                return None, [FieldError(ErrorCode.INVALID, f"The criteria hold {len(params.values):,} values; at "
                                                            f"most {MAX_VALUES:,} are allowed.", base)]
        return criteria, []

    # ---------------------------------------------------------------------------------------- answers

    def condition(self, params: Params, alias: str = "t", *, today: date | None = None) -> str:
        """A boolean SQL condition on `alias` (a row of table `contact`); `1 = 1` without any filter. Across
        sources the conditions are ANDed; a related source means "a related record satisfies all of that
        source's conditions at once" (BC §4). Every value is bound."""
        conds = [c for flt in self.filters for c in flt.source.conditions(flt, alias, params, today)]
        return " AND ".join(f"({c})" for c in conds) if conds else NO_CONDITION

    def matching_sql(self, params: Params, *, today: date | None = None) -> str:
        """SELECT t.id of every contact matching the criteria (all contacts without a filter)."""
        return f"SELECT t.id FROM contact t WHERE {self.condition(params, 't', today=today)}"

    @property
    def has_filter(self) -> bool:
        """Whether the criteria hold any condition (empty filters, sources and blank expressions do not count)."""
        return any(flt.has_filter for flt in self.filters)

    def of(self, source: CriteriaSource) -> SourceFilter | None:
        return next((flt for flt in self.filters if flt.source.source == source), None)

    def without(self, source: CriteriaSource) -> Criteria:
        return Criteria(tuple(flt for flt in self.filters if flt.source.source != source))

    def texts(self, captions: Captions | None = None) -> list[tuple[CriteriaSource, str]]:
        """(source, "Caption: filter; Caption: filter") of every source with a filter, as BC shows them on the
        Segment Criteria page. Profile answers show their question and answer texts from `captions` (see
        `caption_keys`), else their line numbers."""
        out: list[tuple[CriteriaSource, str]] = []
        for flt in self.filters:
            parts = flt.source.texts(flt, captions or {})
            if parts:
                out.append((flt.source.source, SEPARATOR.join(parts)))
        return out

    def caption_keys(self) -> list[tuple[str, int]]:
        """What `texts` needs looked up: (questionnaire code, answer line no.)."""
        return [key for flt in self.filters for key in flt.source.caption_keys(flt)]

    def named_codes(self, prefix: Sequence[str]) -> Iterator[NamedCode]:
        """The values that name one record, with their input path under `prefix`, in criteria order. Ranges,
        wildcards and exclusions name patterns, not records."""
        for flt in self.filters:
            for f in flt.fields:
                master = flt.source.master(f.spec)
                if master is None:
                    continue
                here = [*prefix, camel(flt.source.key), camel(f.spec.key)]
                for raw, where in f.spec.kind.named(f.value, here):
                    text = raw.strip().upper() if f.spec.upper else raw.strip()
                    if text:
                        yield NamedCode(master[0], master[1], f.spec.label, text, where)

    def segments_read_sql(self, params: Params) -> str | None:
        """SELECT of the ids of the segments whose lines the SEGMENT filter reads (every segment whose number
        passes, whether or not it has lines today); None without a SEGMENT filter."""
        flt = self.of(CriteriaSource.SEGMENT)
        conds = flt.conditions_on("cr_m", params, None) if flt else []
        return f"SELECT cr_m.id FROM segment cr_m WHERE {' AND '.join(conds)}" if conds else None

    def stored_form(self) -> dict[str, Any]:
        """The JSON a segment action records (and `Criteria.stored` reads back)."""
        return {flt.source.key: flt.stored() for flt in self.filters}


class _Field:
    """A field of the input while it is read: its stored form and errors; an expression is parsed last, once
    the length of all of them is known."""

    def __init__(self, spec: FieldSpec, value: Any, here: list[str]) -> None:
        self.spec = spec
        self.value = value
        self.here = here
        self.errors = spec.kind.check(spec, value, here)
        expr = value.get("expr") if isinstance(value, dict) and isinstance(spec.kind, StringKind) else None
        self.expression = None if expr is None else str(expr)

    def parsed(self, now: bool) -> FieldFilter:
        if not now:
            return FieldFilter(self.spec, self.value, UNPARSED, tuple(self.here))
        parsed = None
        if not self.errors or self.expression is not None:  # a kind parses only what its checks let through
            parsed, errors = self.spec.kind.parse(self.spec, self.value, self.here)
            self.errors += errors
        return FieldFilter(self.spec, self.value, parsed, tuple(self.here))


def _fields(source: Source, flt: Mapping[str, Any], here: list[str]) -> Iterator[_Field]:
    """The fields of one source's filter in field order, in their stored form; a required one missing holds
    its error."""
    for spec in source.fields:
        value = _json(flt.get(spec.key))
        yield _Field(spec, None if value == {} else value, [*here, camel(spec.key)])


def _json(value: Any) -> Any:
    """A value in the stored form: JSON-ready, nulls left out (a filter left empty is not given: `_fields`)."""
    if isinstance(value, Mapping):
        return {key: _json(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact
    return value
