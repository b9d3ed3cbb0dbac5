"""Criteria sources: one object per source of a ContactCriteria.

A source knows its fields (with their kinds), how its rows link to the candidate contact, and how to compile
and render its filter once parsed (models.criteria.value), and which records its values name.
`models.criteria.registry` holds them in order.

Within a source every given field must hold for the same related row (BC §4): the conditions of one
source go into one EXISTS. Every value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from segmentum.models.criteria.expr import CriteriaError
from segmentum.models.criteria.fields import FieldSpec, Kind
from segmentum.models.enums import CriteriaSource
from segmentum.models.sql import Params, null_safe_equal

# (questionnaire code, answer line no.) -> (question text, answer text), looked up for rendering.
Captions = Mapping[tuple[str, int], tuple[str, str]]


UNPARSED = object()  # a recorded field, parsed when first compiled


@dataclass(frozen=True)
class FieldFilter:
    """One given field of a source's filter: its value as stored and what its kind compiles (parsed once)."""

    spec: FieldSpec
    value: Any
    parsed: Any
    path: tuple[str, ...]

    def conditions(self, column: str, params: Params, today: date | None) -> list[str]:
        if self.parsed is UNPARSED:
            parsed, errors = self.spec.kind.parse(self.spec, self.value, list(self.path))
            if errors:
                raise CriteriaError(errors[0].message)
            object.__setattr__(self, "parsed", parsed)  # frozen for its users; filled once, here
        return self.spec.kind.conditions(self.spec, self.parsed, column, params, today)


@dataclass(frozen=True)
class SourceFilter:
    """The given fields of one source's filter, in the source's field order."""

    source: Source
    fields: tuple[FieldFilter, ...]

    def get(self, key: str) -> FieldFilter | None:
        return next((f for f in self.fields if f.spec.key == key), None)

    def conditions_on(self, alias: str, params: Params, today: date | None) -> list[str]:
        """The conditions of every given field on the row `alias`, to be ANDed."""
        return [c for f in self.fields for c in f.conditions(f"{alias}.{f.spec.column}", params, today)]

    @property
    def has_filter(self) -> bool:
        return any(f.spec.kind.given(f.value) for f in self.fields)

    def stored(self) -> dict[str, Any]:
        return {f.spec.key: f.value for f in self.fields}


class Source:
    def __init__(self, key: str, source: CriteriaSource, fields: tuple[FieldSpec, ...]) -> None:
        self.key = key  # the criteria dict key: the ContactCriteria field in snake_case
        self.source = source
        self.fields = fields

    def conditions(self, flt: SourceFilter, alias: str, params: Params, today: date | None) -> list[str]:
        """SQL conditions on the contact row `alias`, to be ANDed; empty when the filter holds none."""
        raise NotImplementedError

    def texts(self, flt: SourceFilter, captions: Captions) -> list[str]:
        """"Caption: filter" for every given field, in field order."""
        texts = ((f.spec.label, f.spec.kind.text(f.spec, f.value)) for f in flt.fields)
        return [f"{label}: {text}" for label, text in texts if text]

    def caption_keys(self, flt: SourceFilter) -> list[tuple[str, int]]:
        """What rendering the filter needs looked up in the database."""
        return []

    def master(self, spec: FieldSpec) -> tuple[str, str] | None:
        """(table, key column) of the record a field's value names, or None when it names none."""
        return spec.ref


class ContactSource(Source):
    """Fields of the contact itself."""

    def conditions(self, flt: SourceFilter, alias: str, params: Params, today: date | None) -> list[str]:
        return flt.conditions_on(alias, params, today)


class InteractionSource(Source):
    """At least one interaction log entry of the contact matches every given field.

    BC links an entry on both Contact No. and Contact Company No.: an entry logged while the person
    worked for another company (or for none) is not theirs any more.
    """

    def conditions(self, flt: SourceFilter, alias: str, params: Params, today: date | None) -> list[str]:
        conds = flt.conditions_on("cr_e", params, today)
        if not conds:
            return []
        same = null_safe_equal(params.dialect)  # NULL company: independent
        head = (
            f"EXISTS (SELECT 1 FROM interaction_log_entry cr_e WHERE cr_e.contact_id = {alias}.id"
            f" AND cr_e.contact_company_id {same} {alias}.company_id"
        )
        return [head + "".join(f" AND {c}" for c in conds) + ")"]


class LinkSource(Source):
    """A code of a master row linked to the contact (or to its company) through a link table."""

    def __init__(
        self,
        key: str,
        source: CriteriaSource,
        label: str,
        *,
        link_table: str,
        link_fk: str,
        master_table: str,
        on_company: bool,
        code_key: str = "code",
        code_column: str = "code",
    ) -> None:
        super().__init__(key, source, (FieldSpec(code_key, label, Kind.CODE, code_column, required=True),))
        self.link_table = link_table
        self.link_fk = link_fk
        self.master_table = master_table
        self.on_company = on_company  # matched on the contact's company: an independent person never matches

    def conditions(self, flt: SourceFilter, alias: str, params: Params, today: date | None) -> list[str]:
        conds = flt.conditions_on("cr_m", params, today)
        if not conds:
            return []
        owner = f"{alias}.company_id" if self.on_company else f"{alias}.id"
        return [
            f"EXISTS (SELECT 1 FROM {self.link_table} cr_l JOIN {self.master_table} cr_m"
            f" ON cr_m.id = cr_l.{self.link_fk} WHERE cr_l.contact_id = {owner}"
            + "".join(f" AND {c}" for c in conds)
            + ")"
        ]

    def master(self, spec: FieldSpec) -> tuple[str, str] | None:
        return self.master_table, spec.column


class ProfileSource(Source):
    """At least one profile answer of the contact itself, in the questionnaire, among the answer lines.

    Rendered as BC does: the question and answer texts, not the line numbers.
    """

    QUESTIONNAIRE = FieldSpec("questionnaire_code", "Questionnaire", Kind.KEY, "code", required=True)
    ANSWERS = FieldSpec("answer_line_nos", "Answers", Kind.INT_LIST, "line_no")

    def __init__(self, key: str, source: CriteriaSource) -> None:
        super().__init__(key, source, (self.QUESTIONNAIRE, self.ANSWERS))

    def conditions(self, flt: SourceFilter, alias: str, params: Params, today: date | None) -> list[str]:
        code = flt.get(self.QUESTIONNAIRE.key)
        if code is None or not Kind.KEY.given(code.value):
            return []
        line_nos = flt.get(self.ANSWERS.key)
        sql = (
            "EXISTS (SELECT 1 FROM contact_profile_answer cr_pa"
            " JOIN profile_questionnaire cr_q ON cr_q.id = cr_pa.questionnaire_id"
        )
        if line_nos is not None:
            sql += " JOIN profile_questionnaire_line cr_al ON cr_al.id = cr_pa.answer_id"
        sql += f" WHERE cr_pa.contact_id = {alias}.id"
        conds = code.conditions("cr_q.code", params, today)
        if line_nos is not None:
            conds += line_nos.conditions("cr_al.line_no", params, today)
        return [sql + "".join(f" AND {c}" for c in conds) + ")"]

    def master(self, spec: FieldSpec) -> tuple[str, str] | None:
        return ("profile_questionnaire", "code") if spec is self.QUESTIONNAIRE else None

    def _code_and_lines(self, flt: SourceFilter) -> tuple[str, list[int] | None]:
        code, line_nos = flt.get(self.QUESTIONNAIRE.key), flt.get(self.ANSWERS.key)
        return (str(code.value if code else "").strip().upper(),
                None if line_nos is None else [int(n) for n in line_nos.value])

    def caption_keys(self, flt: SourceFilter) -> list[tuple[str, int]]:
        code, line_nos = self._code_and_lines(flt)
        return [(code, n) for n in line_nos or []] if code else []

    def texts(self, flt: SourceFilter, captions: Captions) -> list[str]:
        """"Questionnaire: CUSTOMER; Size: Small|Large; Hobbies: Golf": answers grouped by question, in
        line order; line numbers no longer in the questionnaire as "Line No.: 70000"."""
        code, line_nos = self._code_and_lines(flt)
        if not code:
            return []
        parts = [f"{self.QUESTIONNAIRE.label}: {code}"]
        if line_nos is None:
            return parts
        if not line_nos:
            return [*parts, f"{self.ANSWERS.label}: (none)"]
        by_question: dict[str, list[str]] = {}
        unknown: list[str] = []
        for n in sorted(set(line_nos)):
            caption = captions.get((code, n))
            if caption is None:
                unknown.append(str(n))
            else:
                by_question.setdefault(caption[0], []).append(caption[1])
        parts += [f"{question}: {'|'.join(answers)}" for question, answers in by_question.items()]
        if unknown:
            parts.append(f"Line No.: {'|'.join(unknown)}")
        return parts
