"""Criteria read, asked for a filter and rendered: the parts of the engine that need no database."""

from __future__ import annotations

from typing import Any

import pytest

from segmentum.models.criteria import Criteria, parse
from segmentum.models.criteria.sources import Captions
from segmentum.models.enums import CriteriaSource, ErrorCode
from segmentum.models.errors import DomainError


@pytest.fixture(autouse=True)
def _clean():
    """These tests never touch the database: no emptying of tables after each."""
    yield


def render_filters(criteria: Any, captions: Captions | None = None) -> list[tuple[CriteriaSource, str]]:
    return Criteria.stored(criteria).texts(captions)

def test_validate_reports_every_bad_value_with_its_path():
    criteria = {
        "contact": {"city": {"expr": "A..B..C"}, "name": {"expr": "<>"}, "created_at": {"eq": "2020-13-01"}},
        "profile_answer": {"questionnaire_code": " "},
        "interaction": {"date": {"within_last_days": -1, "older_than_days": -2}, "segment_no": {"expr": "|"}},
        "industry_group": {"code": {"expr": "'x"}},
        "segment": {"segment_no": {"expr": "A|"}},
    }
    with pytest.raises(DomainError) as info:
        Criteria.parse(criteria)
    errors = {tuple(e.field or []): e for e in info.value.errors}
    base = ("input", "criteria")
    assert set(errors) == {
        (*base, "contact", "city", "expr"),
        (*base, "contact", "name", "expr"),
        (*base, "contact", "createdAt", "eq"),
        (*base, "profileAnswer", "questionnaireCode"),
        (*base, "interaction", "date", "withinLastDays"),
        (*base, "interaction", "date", "olderThanDays"),
        (*base, "interaction", "segmentNo", "expr"),
        (*base, "industryGroup", "code", "expr"),
        (*base, "segment", "segmentNo", "expr"),
    }
    assert errors[(*base, "profileAnswer", "questionnaireCode")].code == ErrorCode.REQUIRED
    assert errors[(*base, "contact", "city", "expr")].code == ErrorCode.INVALID
    assert "'A..B..C'" in errors[(*base, "contact", "city", "expr")].message
    assert "'<>'" in errors[(*base, "contact", "name", "expr")].message
    assert "'x" in errors[(*base, "industryGroup", "code", "expr")].message
    assert "-1" in errors[(*base, "interaction", "date", "withinLastDays")].message
    assert "2020-13-01" in errors[(*base, "contact", "createdAt", "eq")].message


def test_validate_uses_the_given_path_and_accepts_good_criteria():
    with pytest.raises(DomainError) as info:
        Criteria.parse({"contact": {"no": {"expr": "1..2..3"}}}, ["filter"])
    assert info.value.errors[0].field == ["filter", "contact", "no", "expr"]
    Criteria.parse(None)
    Criteria.parse({
        "contact": {"city": {"expr": "@gent|'A|B'|<>''"}, "created_at": {"within_last_days": 0}},
        "profile_answer": {"questionnaire_code": "CUSTOMER", "answer_line_nos": []},
        "interaction": {"date": {"older_than_days": 3}},
    })


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (None, False),
        ({}, False),
        ({"contact": {}}, False),
        ({"contact": {"city": {}}, "interaction": {"date": {}}}, False),
        ({"industry_group": {"code": {}}}, False),
        ({"interaction": {"canceled": False}}, True),
        ({"contact": {"correspondence_type": []}}, True),
        ({"industry_group": {"code": {"eq": "X"}}}, True),
        ({"profile_answer": {"questionnaire_code": "Q"}}, True),
        ({"profile_answer": {"questionnaire_code": " "}}, False),
        ({"contact": {"city": {"expr": ""}}}, False),  # an empty expression is no filter, as in BC
        ({"contact": {"city": {"expr": "   "}}, "segment": {"segment_no": {"expr": ""}}}, False),
        ({"industry_group": {"code": {"expr": " ", "eq": "X"}}}, True),
        ({"contact": {"city": {"expr": "''"}}}, True),  # blank, written as BC writes it, is a filter
    ],
)
def test_has_filter(criteria, expected):
    value, _ = Criteria.read(criteria)
    assert (value is not None and value.has_filter) is expected


def test_render_contact_fields_in_bc_field_order():
    expected = [(CriteriaSource.CONTACT, "City: GENT|BRUGGE; Type: PERSON")]
    assert render_filters({"contact": {"city": {"expr": "GENT|BRUGGE"}, "type": "PERSON"}}) == expected
    assert render_filters({"contact": {"type": "PERSON", "city": {"expr": "GENT|BRUGGE"}}}) == expected


def test_render_every_source_in_source_order():
    criteria = {
        "segment": {"segment_no": {"eq": "seg00001"}},
        "business_relation": {"code": {"in": ["CUST", "VEND"]}},
        "industry_group": {"code": {"eq": "RETAIL"}},
        "job_responsibility": {"code": {"starts_with": "B"}},
        "interaction": {"template_code": {"eq": "call"}, "canceled": False, "evaluation": ["POSITIVE"],
                        "date": {"from": "2026-01-01", "to": "2026-01-31"}},
        "mailing_group": {"code": {"is_blank": False}},
        "profile_answer": {"questionnaire_code": "customer", "answer_line_nos": [10000, 20000]},
        "contact": {"no": {"expr": "CT1..CT9"}, "privacy_blocked": False,
                    "created_at": {"within_last_days": 30}, "correspondence_type": ["EMAIL", "HARD_COPY"]},
    }
    assert render_filters(criteria) == [
        (CriteriaSource.CONTACT, "No.: CT1..CT9; Privacy Blocked: No; Correspondence Type: EMAIL|HARD_COPY; "
                                 "Created At: last 30 days"),
        (CriteriaSource.PROFILE_ANSWER, "Questionnaire: CUSTOMER; Line No.: 10000|20000"),
        (CriteriaSource.MAILING_GROUP, "Mailing Group: <>''"),
        (CriteriaSource.INTERACTION, "Date: 2026-01-01..2026-01-31; Interaction Template Code: CALL; "
                                     "Evaluation: POSITIVE; Canceled: No"),
        (CriteriaSource.JOB_RESPONSIBILITY, "Job Responsibility: B*"),
        (CriteriaSource.INDUSTRY_GROUP, "Industry Group: RETAIL"),
        (CriteriaSource.BUSINESS_RELATION, "Business Relation: CUST|VEND"),
        (CriteriaSource.SEGMENT, "Segment No.: SEG00001"),
    ]
    assert render_filters({}) == []
    assert render_filters({"contact": {"city": {}}, "interaction": {}}) == []
    assert render_filters({"contact": {"city": {"expr": " "}}, "segment": {"segment_no": {"expr": ""}}}) == []


def test_profile_answers_render_with_their_question_and_answer_texts():
    captions = {("CUSTOMER", 20000): ("Size", "Small"), ("CUSTOMER", 30000): ("Size", "Large"),
                ("CUSTOMER", 50000): ("Hobbies", "Golf")}
    criteria = {"profile_answer": {"questionnaire_code": "customer", "answer_line_nos": [50000, 30000, 20000, 77]}}
    assert render_filters(criteria, captions) == [
        (CriteriaSource.PROFILE_ANSWER, "Questionnaire: CUSTOMER; Size: Small|Large; Hobbies: Golf; Line No.: 77")
    ]
    assert render_filters({"profile_answer": {"questionnaire_code": "CUSTOMER", "answer_line_nos": [20000]}},
                          captions) == [(CriteriaSource.PROFILE_ANSWER, "Questionnaire: CUSTOMER; Size: Small")]
    assert render_filters({"profile_answer": {"questionnaire_code": "CUSTOMER", "answer_line_nos": []}}) == [
        (CriteriaSource.PROFILE_ANSWER, "Questionnaire: CUSTOMER; Answers: (none)")
    ]
    assert render_filters({"profile_answer": {"questionnaire_code": "CUSTOMER"}}) == [
        (CriteriaSource.PROFILE_ANSWER, "Questionnaire: CUSTOMER")
    ]


@pytest.mark.parametrize(
    ("flt", "text"),
    [
        ({"eq": "A|B"}, "'A|B'"),
        ({"eq": ""}, "''"),
        ({"ne": "O'Brien"}, "<>'O''Brien'"),
        ({"in": ["A", "B"], "ne": "C"}, "<>C&(A|B)"),
        ({"not_in": ["A", "B"]}, "<>A&<>B"),
        ({"contains": "x*y"}, "*'x*y'*"),
        ({"is_blank": True}, "''"),
        ({"expr": "@gent|BRUGGE", "starts_with": "G"}, "(@gent|BRUGGE)&G*"),
        ({"expr": "Hans?n"}, "Hans?n"),
        ({"starts_with": "Why?"}, "'Why?'*"),
        ({"expr": "", "eq": "A"}, "A"),
    ],
)
def test_rendered_string_filters_are_bc_expressions(flt, text):
    rendered = render_filters({"contact": {"city": flt}})
    assert rendered == [(CriteriaSource.CONTACT, f"City: {text}")]
    parse(text)  # what is shown can be typed back as an expression
