"""Criteria sources: one object per source of a ContactCriteria.

A source knows its fields (with their kinds), how its rows link to the candidate contact, and how to
compile, check and render its filter. `models.criteria.registry` holds them in order; compiling,
validating and rendering criteria only walk the registry.

Within a source every given field must hold for the same related row (BC §4): the conditions of one
source go into one EXISTS. Every value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from models.criteria.field_checks import field_errors
from models.criteria.field_sql import field_conditions, value_conditions
from models.criteria.field_texts import field_texts
from models.criteria.fields import FieldSpec, Kind, given
from models.enums import CriteriaSource
from models.errors import FieldError
from models.sql import Params, null_safe_equal

# (questionnaire code, answer line no.) -> (question text, answer text), looked up for rendering.
Captions = Mapping[tuple[str, int], tuple[str, str]]


class Source:
    def __init__(self, key: str, source: CriteriaSource, fields: tuple[FieldSpec, ...]) -> None:
        self.key = key  # the criteria dict key: the ContactCriteria field in snake_case
        self.source = source
        self.fields = fields

    def conditions(self, flt: dict[str, Any], alias: str, params: Params, today: date | None) -> list[str]:
        """SQL conditions on the contact row `alias`, to be ANDed; empty when the filter holds none."""
        raise NotImplementedError

    def errors(self, flt: dict[str, Any], path: list[str]) -> list[FieldError]:
        return field_errors(self.fields, flt, path)

    def texts(self, flt: dict[str, Any], captions: Captions) -> list[str]:
        return field_texts(self.fields, flt)

    def has_filter(self, flt: dict[str, Any]) -> bool:
        return any(given(spec, flt.get(spec.key)) for spec in self.fields)

    def caption_keys(self, flt: dict[str, Any]) -> list[tuple[str, int]]:
        """What rendering the filter needs looked up in the database."""
        return []


class ContactSource(Source):
    """Fields of the contact itself."""

    def conditions(self, flt: dict[str, Any], alias: str, params: Params, today: date | None) -> list[str]:
        return field_conditions(self.fields, flt, alias, params, today)


class InteractionSource(Source):
    """At least one interaction log entry of the contact matches every given field.

    BC links an entry on both Contact No. and Contact Company No.: an entry logged while the person
    worked for another company (or for none) is not theirs any more.
    """

    def conditions(self, flt: dict[str, Any], alias: str, params: Params, today: date | None) -> list[str]:
        conds = field_conditions(self.fields, flt, "cr_e", params, today)
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

    def conditions(self, flt: dict[str, Any], alias: str, params: Params, today: date | None) -> list[str]:
        conds = field_conditions(self.fields, flt, "cr_m", params, today)
        if not conds:
            return []
        owner = f"{alias}.company_id" if self.on_company else f"{alias}.id"
        return [
            f"EXISTS (SELECT 1 FROM {self.link_table} cr_l JOIN {self.master_table} cr_m"
            f" ON cr_m.id = cr_l.{self.link_fk} WHERE cr_l.contact_id = {owner}"
            + "".join(f" AND {c}" for c in conds)
            + ")"
        ]


class ProfileSource(Source):
    """At least one profile answer of the contact itself, in the questionnaire, among the answer lines.

    Rendered as BC does: the question and answer texts, not the line numbers.
    """

    QUESTIONNAIRE = FieldSpec("questionnaire_code", "Questionnaire", Kind.KEY, "code", required=True)
    ANSWERS = FieldSpec("answer_line_nos", "Answers", Kind.INT_LIST, "line_no")

    def __init__(self, key: str, source: CriteriaSource) -> None:
        super().__init__(key, source, (self.QUESTIONNAIRE, self.ANSWERS))

    def conditions(self, flt: dict[str, Any], alias: str, params: Params, today: date | None) -> list[str]:
        code = flt.get("questionnaire_code")
        if not given(self.QUESTIONNAIRE, code):
            return []
        line_nos = flt.get("answer_line_nos")
        sql = (
            "EXISTS (SELECT 1 FROM contact_profile_answer cr_pa"
            " JOIN profile_questionnaire cr_q ON cr_q.id = cr_pa.questionnaire_id"
        )
        if line_nos is not None:
            sql += " JOIN profile_questionnaire_line cr_al ON cr_al.id = cr_pa.answer_id"
        sql += f" WHERE cr_pa.contact_id = {alias}.id"
        conds = value_conditions(self.QUESTIONNAIRE, code, "cr_q.code", params, today)
        if line_nos is not None:
            conds += value_conditions(self.ANSWERS, line_nos, "cr_al.line_no", params, today)
        return [sql + "".join(f" AND {c}" for c in conds) + ")"]

    def errors(self, flt: dict[str, Any], path: list[str]) -> list[FieldError]:
        return field_errors(self.fields, flt, path) if flt else []

    def caption_keys(self, flt: dict[str, Any]) -> list[tuple[str, int]]:
        code = str(flt.get("questionnaire_code") or "").strip().upper()
        return [(code, int(n)) for n in flt.get("answer_line_nos") or []] if code else []

    def texts(self, flt: dict[str, Any], captions: Captions) -> list[str]:
        """"Questionnaire: CUSTOMER; Size: Small|Large; Hobbies: Golf": answers grouped by question, in
        line order; line numbers no longer in the questionnaire as "Line No.: 70000"."""
        code = str(flt.get("questionnaire_code") or "").strip().upper()
        if not code:
            return []
        parts = [f"{self.QUESTIONNAIRE.label}: {code}"]
        line_nos = flt.get("answer_line_nos")
        if line_nos is None:
            return parts
        if not line_nos:
            return [*parts, f"{self.ANSWERS.label}: (none)"]
        by_question: dict[str, list[str]] = {}
        unknown: list[str] = []
        for n in sorted(set(int(n) for n in line_nos)):
            caption = captions.get((code, n))
            if caption is None:
                unknown.append(str(n))
            else:
                by_question.setdefault(caption[0], []).append(caption[1])
        parts += [f"{question}: {'|'.join(answers)}" for question, answers in by_question.items()]
        if unknown:
            parts.append(f"Line No.: {'|'.join(unknown)}")
        return parts
