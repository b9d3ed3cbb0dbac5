"""Related criteria sources against the database: classifications, profile answers, interactions,
segment membership, and their combination.

The world (tests/models/conftest.py): companies 1 (RETAIL, CUST, XMAS) and 4 (WHOLESALE, VEND) with
persons 2, 3 and 5; independent person 6 (CEO, XMAS); company 7 without classifications.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.models.conftest import World, matching_nos


@pytest.fixture(autouse=True)
def _clean():
    """Read-only tests: they share the module's `world`, which empties the tables when the module ends."""
    yield


def nos(*ns: int) -> list[str]:
    return [f"CT{n:06d}" for n in ns]


def code(key: str, **flt):
    return {key: {"code": flt}}


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (code("industry_group", eq="RETAIL"), nos(1, 2, 3)),  # persons inherit their company's groups
        (code("industry_group", eq="retail"), nos(1, 2, 3)),  # codes are upper-cased
        (code("industry_group", eq="WHOLESALE"), nos(4, 5)),
        (code("industry_group", expr="<>RETAIL"), nos(4, 5)),  # a group other than RETAIL, on the company
        (code("industry_group", expr="*"), nos(1, 2, 3, 4, 5)),  # the independent person 6 never matches
        (code("business_relation", eq="CUST"), nos(1, 2, 3)),
        (code("business_relation", expr="CUST|VEND"), nos(1, 2, 3, 4, 5)),
        (code("business_relation", eq="RETAIL' OR '1'='1"), []),
    ],
)
async def test_company_level_sources(world: World, criteria, expected):
    assert await matching_nos(criteria) == expected


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (code("mailing_group", eq="XMAS"), nos(1, 6)),  # not inherited by the company's persons
        (code("mailing_group", eq="NEWS"), nos(2, 3)),
        (code("mailing_group", expr="*"), nos(1, 2, 3, 6)),
        (code("mailing_group", is_blank=True), []),
        (code("job_responsibility", eq="BUYER"), nos(2)),
        (code("job_responsibility", expr="C*|B*"), nos(2, 6)),
        (code("job_responsibility", not_in=["CEO"]), nos(2)),
    ],
)
async def test_contact_level_classifications(world: World, criteria, expected):
    assert await matching_nos(criteria) == expected


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"questionnaire_code": "CUSTOMER"}, nos(1, 2, 6)),
        ({"questionnaire_code": "customer"}, nos(1, 2, 6)),
        ({"questionnaire_code": "CUSTOMER", "answer_line_nos": [20000, 30000]}, nos(1, 6)),
        ({"questionnaire_code": "CUSTOMER", "answer_line_nos": [50000]}, nos(2)),
        ({"questionnaire_code": "CUSTOMER", "answer_line_nos": [10000]}, []),  # a question, not an answer
        ({"questionnaire_code": "CUSTOMER", "answer_line_nos": []}, []),
        ({"questionnaire_code": "OTHER"}, []),
    ],
)
async def test_profile_answers_of_the_contact_itself(world: World, flt, expected):
    assert await matching_nos({"profile_answer": flt}) == expected


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({}, nos(1, 2, 3, 4, 5, 6, 7)),  # a source without filters imposes nothing
        ({"canceled": False}, nos(1, 2, 6)),
        ({"canceled": True}, nos(3)),
        ({"template_code": {"eq": "CALL"}}, nos(2, 6)),  # 6: independent, entry without company
        ({"template_code": {"eq": "CALL"}, "salesperson_code": {"eq": "AL"}}, []),  # same entry for both
        ({"template_code": {"eq": "MAIL"}, "salesperson_code": {"eq": "AL"}}, nos(2, 3)),  # canceled kept
        ({"template_code": {"eq": "MAIL"}, "salesperson_code": {"eq": "AL"}, "canceled": False}, nos(2)),
        ({"template_code": {"eq": "MAIL"}, "evaluation": ["VERY_POSITIVE"]}, []),  # logged without company
        ({"date": {"within_last_days": 5}}, nos(2)),
        ({"date": {"within_last_days": 10}}, nos(1, 2)),
        ({"date": {"older_than_days": 30}}, nos(2, 3, 6)),
        ({"date": {"within_last_days": 50}, "salesperson_code": {"eq": "AL"}}, nos(3)),
        ({"group_code": {"eq": "SALES"}}, nos(2, 6)),
        ({"campaign_no": {"eq": "cp0001"}}, nos(2)),
        ({"campaign_no": {"is_blank": True}}, nos(1, 2, 3, 6)),
        ({"segment_no": {"expr": "SEG*"}}, nos(2)),
        ({"salesperson_code": {"expr": "''"}}, nos(6)),
        ({"evaluation": ["POSITIVE", "NEGATIVE"]}, nos(2, 3)),
        ({"evaluation": []}, []),
        ({"information_flow": "INBOUND"}, nos(6)),
        ({"initiated_by": "US"}, nos(2)),
        ({"campaign_target": True}, nos(2)),
        ({"campaign_response": True}, []),
        ({"attempt_failed": True}, nos(6)),
    ],
)
async def test_interactions_of_the_contact_itself_on_one_entry(world: World, flt, expected):
    assert await matching_nos({"interaction": flt}) == expected


async def test_interaction_dates_from_to(world: World):
    window = {"from": (world.today - timedelta(days=10)).isoformat(),
              "to": (world.today - timedelta(days=3)).isoformat()}
    assert await matching_nos({"interaction": {"date": window}}) == nos(1, 2)
    assert await matching_nos({"interaction": {"date": {"eq": world.today}}}) == []  # the unlinked entry


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"segment_no": {"eq": "SEG00001"}}, nos(2, 5)),
        ({"segment_no": {"expr": "seg*"}}, nos(2, 5, 6)),
        ({"segment_no": {"ne": "SEG00001"}}, nos(6)),
        ({"segment_no": {"eq": "SEG00009"}}, []),
    ],
)
async def test_segment_membership(world: World, flt, expected):
    assert await matching_nos({"segment": flt}) == expected


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({**code("industry_group", eq="RETAIL"), **code("mailing_group", eq="NEWS")}, nos(2, 3)),
        ({**code("industry_group", eq="RETAIL"), **code("mailing_group", eq="XMAS")}, nos(1)),
        ({**code("industry_group", eq="RETAIL"), "interaction": {"template_code": {"eq": "CALL"}}}, nos(2)),
        # Different sources may be satisfied by different records.
        ({"interaction": {"template_code": {"eq": "CALL"}}, "profile_answer": {"questionnaire_code": "CUSTOMER",
                                                                                "answer_line_nos": [60000]}},
         nos(2)),
        ({"contact": {"type": "COMPANY"}, **code("business_relation", expr="*")}, nos(1, 4)),
        ({"contact": {"city": {"expr": "@gent"}}, **code("mailing_group", eq="XMAS")}, nos(1, 6)),
        ({"contact": {"privacy_blocked": False}, **code("mailing_group", eq="XMAS"),
          "segment": {"segment_no": {"expr": "*"}}}, []),
        ({"segment": {"segment_no": {"eq": "SEG00001"}}, **code("industry_group", eq="WHOLESALE")}, nos(5)),
    ],
)
async def test_sources_combine_with_and(world: World, criteria, expected):
    assert await matching_nos(criteria) == expected
