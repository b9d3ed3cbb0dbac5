"""A small, fully known contact base for the worksheet semantics, and GraphQL shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from segmentum.models import ContactIndustryGroup, IndustryGroup
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType, CorrespondenceType
from segmentum.models.interactions import InteractionGroup, InteractionTemplate
from segmentum.models.masters import Salesperson
from segmentum.resolvers.ids import encode_id

SEGMENT_FIELDS = "id no noOfLines noOfCriteriaActions lines(first: 100) { nodes { lineNo contact { no } description } }"
ACTION_FIELDS = (
    "linesAdded linesRemoved removedLineIds skippedExcluded skippedExisting skippedPrivacyBlocked "
    "userErrors { code message field } segment { " + SEGMENT_FIELDS + " }"
)


@dataclass
class World:
    ids: dict[str, int]

    def gid(self, no: str) -> str:
        return encode_id("Contact", self.ids[no])


async def _contact(
    no: str, type_: ContactType, name: str, city: str, company: Contact | None = None, **kw: Any
) -> Contact:
    c = await Contact.create(
        no=no,
        type=type_,
        name=name,
        city=city,
        company_id=company.id if company else None,
        company_name=company.name if company else None,
        **kw,
    )
    if type_ == ContactType.COMPANY:
        c.company_id = c.id
        c.company_name = name
        await c.save()
    return c


@pytest.fixture
async def world() -> World:
    """Alpha (GENT, RETAIL): A1 GENT, A2 BRUGGE, AP GENT privacy blocked.
    Beta (BRUGGE, WHOLESALE): B1 GENT excluded, B2 BRUGGE. Independents: I1 GENT, I2 LEUVEN."""
    sp = await Salesperson.create(code="JO", name="Jo")
    retail = await IndustryGroup.create(code="RETAIL", description="Retail")
    wholesale = await IndustryGroup.create(code="WHOLESALE", description="Wholesale")
    ca = await _contact("CA", ContactType.COMPANY, "Alpha", "GENT", salesperson_id=sp.id)
    cb = await _contact("CB", ContactType.COMPANY, "Beta", "BRUGGE")
    contacts = [
        ca,
        cb,
        await _contact(
            "A1", ContactType.PERSON, "Anna Alpha", "GENT", ca, correspondence_type=CorrespondenceType.EMAIL
        ),
        await _contact("A2", ContactType.PERSON, "Bob Alpha", "BRUGGE", ca),
        await _contact("AP", ContactType.PERSON, "Priv Alpha", "GENT", ca, privacy_blocked=True),
        await _contact("B1", ContactType.PERSON, "Cara Beta", "GENT", cb, exclude_from_segment=True),
        await _contact("B2", ContactType.PERSON, "Dirk Beta", "BRUGGE", cb),
        await _contact("I1", ContactType.PERSON, "Ivo Indep", "GENT", salesperson_id=sp.id),
        await _contact("I2", ContactType.PERSON, "Jan Indep", "LEUVEN"),
    ]
    await ContactIndustryGroup.create(contact_id=ca.id, industry_group_id=retail.id)
    await ContactIndustryGroup.create(contact_id=cb.id, industry_group_id=wholesale.id)
    group = await InteractionGroup.create(code="MAIL", description="Mail")
    await InteractionTemplate.create(
        code="LETTER",
        description="Letter",
        group_id=group.id,
        unit_cost_lcy="2.50",
        unit_duration_min=5,
        correspondence_type_default=CorrespondenceType.HARD_COPY,
    )
    return World(ids={c.no: c.id for c in contacts})


@pytest.fixture
def seg(gql):
    """Shortcuts: create a segment, run an action, read the lines as [(lineNo, contactNo)]."""

    class Seg:
        async def create(self, **fields: Any) -> dict[str, Any]:
            res = await gql(
                "mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { segment { "
                + SEGMENT_FIELDS
                + " } userErrors { code message field } } }",
                {"i": fields},
            )
            assert res["segmentCreate"]["userErrors"] == [], res
            return res["segmentCreate"]["segment"]

        async def act(self, mutation: str, input_type: str, **fields: Any) -> dict[str, Any]:
            res = await gql(
                f"mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ {ACTION_FIELDS} }} }}", {"i": fields}
            )
            return res[mutation]

        async def add(self, segment_id: str, criteria: dict | None = None, **options: Any) -> dict[str, Any]:
            return await self.act(
                "segmentAddContacts", "SegmentAddContactsInput", segmentId=segment_id, criteria=criteria, **options
            )

        async def reduce(self, segment_id: str, criteria: dict | None = None, **options: Any) -> dict[str, Any]:
            return await self.act(
                "segmentReduceContacts",
                "SegmentRemoveContactsInput",
                segmentId=segment_id,
                criteria=criteria,
                **options,
            )

        async def refine(self, segment_id: str, criteria: dict | None = None, **options: Any) -> dict[str, Any]:
            return await self.act(
                "segmentRefineContacts",
                "SegmentRemoveContactsInput",
                segmentId=segment_id,
                criteria=criteria,
                **options,
            )

        async def go_back(self, segment_id: str) -> dict[str, Any]:
            return await self.act("segmentGoBack", "SegmentRefInput", segmentId=segment_id)

        async def lines(self, no: str) -> list[tuple[int, str]]:
            res = await gql(
                "query($no: String!) { segment(no: $no) { lines(first: 100) { nodes { lineNo contact { no } } } } }",
                {"no": no},
            )
            return [(n["lineNo"], n["contact"]["no"]) for n in res["segment"]["lines"]["nodes"]]

    return Seg()


def contacts_of(lines: list[tuple[int, str]]) -> list[str]:
    return [no for _, no in lines]
