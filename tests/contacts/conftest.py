"""Factories for the contact tests: master data and segment lines straight through the models, contacts
through the API (so that numbering and the company rules apply)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import ProfileLineType
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine, Salesperson, Territory
from segmentum.models.segments import Segment, SegmentLine

CONTACT_FIELDS = """
  id no type name companyName firstName middleName surname jobTitle email phoneNo mobilePhoneNo
  address address2 city postCode county countryCode languageCode correspondenceType excludeFromSegment
  privacyBlocked createdAt updatedAt
  company { id no name }
  salesperson { code } territory { code }
"""

CREATE = f"""
mutation($input: ContactCreateInput!) {{
  contactCreate(input: $input) {{ contact {{ {CONTACT_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
UPDATE = f"""
mutation($input: ContactUpdateInput!) {{
  contactUpdate(input: $input) {{ contact {{ {CONTACT_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
DELETE = """
mutation($input: DeleteInput!) {
  contactDelete(input: $input) { deletedId deletedIds userErrors { field message code } }
}
"""
CLASSIFY = """
mutation($input: ContactSetClassificationInput!) {
  contactSetClassification(input: $input) {
    contact {
      no businessRelations { code } industryGroups { code } mailingGroups { code } jobResponsibilities { code }
      profileAnswers { questionnaire { code } questionLineNo answerLineNo answer }
    }
    userErrors { field message code }
  }
}
"""


@pytest.fixture
def create(gql: Any) -> Callable[..., Awaitable[dict[str, Any]]]:
    """contactCreate; returns the payload (contact + userErrors)."""

    async def run(**fields: Any) -> dict[str, Any]:
        return (await gql(CREATE, {"input": fields}))["contactCreate"]

    return run


@pytest.fixture
def company(create: Any) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def run(name: str, **fields: Any) -> dict[str, Any]:
        payload = await create(type="COMPANY", name=name, **fields)
        assert payload["userErrors"] == [], payload
        return payload["contact"]

    return run


@pytest.fixture
def person(create: Any) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def run(name: str, company: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        if company is not None:
            fields["companyId"] = company["id"]
        payload = await create(type="PERSON", name=name, **fields)
        assert payload["userErrors"] == [], payload
        return payload["contact"]

    return run


async def make_salesperson(code: str, blocked: bool = False) -> Salesperson:
    return await Salesperson.create(code=code, name=f"Salesperson {code}", blocked=blocked)


async def make_territory(code: str) -> Territory:
    return await Territory.create(code=code, name=f"Territory {code}")


async def put_on_segment(contact_no: str, segment_no: str = "SEG00001") -> SegmentLine:
    """A line of an open segment holding the contact (segments exist only while open)."""
    segment, _ = await Segment.get_or_create(no=segment_no, defaults={"date": date(2026, 1, 5)})
    contact = await Contact.get(no=contact_no)
    line_no = 10000 * (await SegmentLine.filter(segment_id=segment.id).count() + 1)
    return await SegmentLine.create(segment=segment, line_no=line_no, contact=contact,
                                    contact_company_id=contact.company_id, date=segment.date)


async def make_questionnaire(code: str, questions: list[tuple[str, bool, list[str]]],
                             contact_type: str | None = None) -> ProfileQuestionnaire:
    """Questions and answers interleaved with line numbers 10000, 20000, ... as BC."""
    questionnaire = await ProfileQuestionnaire.create(code=code, description=f"Questionnaire {code}",
                                                      contact_type=contact_type)
    line_no = 0
    for text, multiple, answers in questions:
        line_no += 10000
        question = await ProfileQuestionnaireLine.create(
            questionnaire=questionnaire, line_no=line_no, type=ProfileLineType.QUESTION, description=text,
            multiple_answers=multiple)
        for answer in answers:
            line_no += 10000
            await ProfileQuestionnaireLine.create(questionnaire=questionnaire, line_no=line_no,
                                                  type=ProfileLineType.ANSWER, description=answer,
                                                  question=question)
    return questionnaire

