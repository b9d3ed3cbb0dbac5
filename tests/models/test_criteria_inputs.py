"""The GraphQL ContactCriteria input: its field names as in the contract, and its plain form (the one input
converter, schema.inputs.plain) read into the criteria's stored form."""

from __future__ import annotations

import re
from typing import cast

import pytest
import strawberry
from strawberry.scalars import JSON

from segmentum.models.criteria import Criteria
from segmentum.schema.criteria.inputs import ContactCriteria
from segmentum.schema.inputs import plain


@pytest.fixture(autouse=True)
def _clean():
    """These tests never touch the database: no emptying of tables after each."""
    yield


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, criteria: ContactCriteria) -> JSON:
        return cast(JSON, Criteria.parse(plain(criteria)).stored_form())


SCHEMA = strawberry.Schema(query=Query)

QUERY = "query($c: ContactCriteria!) { echo(criteria: $c) }"


async def echo(criteria: dict) -> dict:
    result = await SCHEMA.execute(QUERY, variable_values={"c": criteria})
    assert not result.errors, result.errors
    assert result.data is not None
    return result.data["echo"]


def test_sdl_uses_the_contract_names():
    # The names and types only: each field's description sits with its definition, between the fields.
    sdl = re.sub(r'^\s*"""(?:.|\n)*?"""\n|^\s*"[^"\n]*"\n', "", SCHEMA.as_str(), flags=re.M)
    assert "input StringFilter {\n  eq: String\n  ne: String\n  in: [String!]\n  notIn: [String!]\n" in sdl
    for field in ("startsWith: String", "contains: String", "isBlank: Boolean", "expr: String",
                  "from: Date", "to: Date", "withinLastDays: Int", "olderThanDays: Int",
                  "questionnaireCode: String!", "answerLineNos: [Int!]", "code: StringFilter!",
                  "segmentNo: StringFilter!", "correspondenceType: [CorrespondenceType!]",
                  "evaluation: [Evaluation!]", "informationFlow: InformationFlow", "initiatedBy: InitiatedBy",
                  "industryGroup: CodeFilter", "businessRelation: CodeFilter", "segment: SegmentMembershipFilter",
                  "profileAnswer: ProfileAnswerFilter", "createdAt: DateFilter", "type: ContactType"):
        assert field in sdl, field


async def test_the_input_read_gives_the_stored_form():
    data = await echo({
        "contact": {"city": {"expr": "GENT|BRUGGE", "in": ["A"], "notIn": ["B"], "startsWith": "G",
                             "isBlank": False},
                    "type": "PERSON", "correspondenceType": ["EMAIL"], "privacyBlocked": False,
                    "createdAt": {"from": "2026-01-01", "to": "2026-01-31", "withinLastDays": 3,
                                  "olderThanDays": 1, "isBlank": None},
                    "companyNo": {"eq": "CT000001"}, "name": {}},
        "profileAnswer": {"questionnaireCode": "CUSTOMER", "answerLineNos": [10000, 20000]},
        "interaction": {"templateCode": {"eq": "CALL"}, "evaluation": ["POSITIVE"], "informationFlow": "OUTBOUND",
                        "initiatedBy": "US", "canceled": False, "segmentNo": {"contains": "SEG"}},
        "industryGroup": {"code": {"eq": "RETAIL"}},
        "segment": {"segmentNo": {"eq": "SEG00001"}},
    })
    assert data == {
        "contact": {"city": {"expr": "GENT|BRUGGE", "in": ["A"], "not_in": ["B"], "starts_with": "G",
                             "is_blank": False},
                    "type": "PERSON", "correspondence_type": ["EMAIL"], "privacy_blocked": False,
                    "created_at": {"from": "2026-01-01", "to": "2026-01-31", "within_last_days": 3,
                                   "older_than_days": 1},
                    "company_no": {"eq": "CT000001"}},
        "profile_answer": {"questionnaire_code": "CUSTOMER", "answer_line_nos": [10000, 20000]},
        "interaction": {"template_code": {"eq": "CALL"}, "evaluation": ["POSITIVE"], "information_flow": "OUTBOUND",
                        "initiated_by": "US", "canceled": False, "segment_no": {"contains": "SEG"}},
        "industry_group": {"code": {"eq": "RETAIL"}},
        "segment": {"segment_no": {"eq": "SEG00001"}},
    }


async def test_empty_criteria_give_an_empty_dict():
    assert await echo({}) == {}
    assert await echo({"contact": {"city": {"eq": None}}, "interaction": {}}) == {}
    assert Criteria.parse(plain(None)).stored_form() == {}
