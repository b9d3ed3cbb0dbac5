"""Factories for model-level tests: master data, contacts and a small world to run criteria against."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from segmentum.models import (
    BusinessRelation,
    Campaign,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    IndustryGroup,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    JobResponsibility,
    MailingGroup,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    Segment,
    SegmentLine,
    Territory,
)
from segmentum.models.criteria import Criteria, matching_contact_ids
from segmentum.models.enums import ContactType, ProfileLineType
from tests.conftest import empty_tables


async def make_company(no: str, name: str, **kw: Any) -> Contact:
    company = await Contact.create(no=no, name=name, type=ContactType.COMPANY, company_name=name, **kw)
    company.company_id = company.id  # a company's company is itself
    await company.save(update_fields=["company_id"])
    return company


async def make_person(no: str, name: str, company: Contact | None = None, **kw: Any) -> Contact:
    return await Contact.create(
        no=no, name=name, type=ContactType.PERSON, company_id=company.id if company else None,
        company_name=company.name if company else None, **kw,
    )


async def make_entry(contact: Contact, company: Contact | None, entry_date: date, **kw: Any) -> InteractionLogEntry:
    return await InteractionLogEntry.create(
        contact_id=contact.id, contact_company_id=company.id if company else None, date=entry_date, **kw
    )


async def matching_nos(criteria: dict[str, Any], **kw: Any) -> list[str]:
    """Numbers of the contacts matching the criteria, sorted."""
    ids = await matching_contact_ids(Criteria.parse(criteria), **kw)
    return sorted(c.no for c in await Contact.filter(id__in=ids)) if ids else []


@dataclass
class World:
    today: date
    contacts: dict[str, Contact] = field(default_factory=dict)
    all_nos: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
async def world(db: str) -> AsyncIterator[World]:
    """Built once per module for read-only tests: such modules override the per-test cleanup (`_clean`)
    with a no-op, and this fixture empties the tables when the module is done.

    Companies CT000001 (GENT) and CT000004 (BRUGGE) with persons, an independent person, an odd company.

    CT000001 Acme Retail     company  GENT    NORTH/JO  RETAIL, CUST  XMAS   profile Small
    CT000002 Anna Smith      of 1     Gent    -/-       BUYER, NEWS         profile 50000+60000, language NLB
    CT000003 Bob Jones       of 1     NULL    -/AL      NEWS
    CT000004 Brugge Wholesale company BRUGGE  SOUTH/-   WHOLESALE, VEND     excluded
    CT000005 Carl O'Neil     of 4     BRUGGE            email EMAIL correspondence
    CT000006 Dora Free       independent gent  CEO, XMAS, privacy blocked, profile Large
    CT000007 X' OR '1'='1    company  ''      (blank city, odd name, created long ago)
    """
    today = datetime.now(UTC).date()
    w = World(today=today)
    north = await Territory.create(code="NORTH", name="North")
    south = await Territory.create(code="SOUTH", name="South")
    jo = await Salesperson.create(code="JO", name="Jo")
    al = await Salesperson.create(code="AL", name="Al")
    retail = await IndustryGroup.create(code="RETAIL", description="Retail")
    wholesale = await IndustryGroup.create(code="WHOLESALE", description="Wholesale")
    cust = await BusinessRelation.create(code="CUST", description="Customer")
    vend = await BusinessRelation.create(code="VEND", description="Vendor")
    xmas = await MailingGroup.create(code="XMAS", description="Christmas cards")
    news = await MailingGroup.create(code="NEWS", description="Newsletter")
    ceo = await JobResponsibility.create(code="CEO", description="Chief executive")
    buyer = await JobResponsibility.create(code="BUYER", description="Buyer")

    c1 = await make_company("CT000001", "Acme Retail", city="GENT", territory=north, salesperson=jo,
                            post_code="9000", country_code="BE")
    c2 = await make_person("CT000002", "Anna Smith", c1, city="Gent", job_title="Buyer",
                           email="anna@acme.test", language_code="NLB")
    c3 = await make_person("CT000003", "Bob Jones", c1, salesperson=al)
    c4 = await make_company("CT000004", "Brugge Wholesale", city="BRUGGE", territory=south,
                            exclude_from_segment=True)
    c5 = await make_person("CT000005", "Carl O'Neil", c4, city="BRUGGE", email="carl@brugge.test",
                           correspondence_type="EMAIL")
    c6 = await make_person("CT000006", "Dora Free", None, city="gent", privacy_blocked=True)
    c7 = await make_company("CT000007", "X' OR '1'='1", city="")
    for c in (c1, c2, c3, c4, c5, c6, c7):
        w.contacts[c.no] = c
    w.all_nos = sorted(w.contacts)
    await Contact.filter(id=c7.id).update(created_at=datetime(2020, 5, 1, 23, 30, tzinfo=UTC))

    await ContactIndustryGroup.create(contact=c1, industry_group=retail)
    await ContactIndustryGroup.create(contact=c4, industry_group=wholesale)
    await ContactBusinessRelation.create(contact=c1, business_relation=cust)
    await ContactBusinessRelation.create(contact=c4, business_relation=vend)
    await ContactMailingGroup.create(contact=c1, mailing_group=xmas)
    await ContactMailingGroup.create(contact=c2, mailing_group=news)
    await ContactMailingGroup.create(contact=c3, mailing_group=news)
    await ContactMailingGroup.create(contact=c6, mailing_group=xmas)
    await ContactJobResponsibility.create(contact=c2, job_responsibility=buyer)
    await ContactJobResponsibility.create(contact=c6, job_responsibility=ceo)

    q = await ProfileQuestionnaire.create(code="CUSTOMER", description="Customer profile")
    size = await ProfileQuestionnaireLine.create(questionnaire=q, line_no=10000, type=ProfileLineType.QUESTION,
                                                 description="Size")
    lines = {}
    for no, desc, question in ((20000, "Small", size), (30000, "Large", size)):
        lines[no] = await ProfileQuestionnaireLine.create(questionnaire=q, line_no=no, type=ProfileLineType.ANSWER,
                                                          description=desc, question=question)
    hobby = await ProfileQuestionnaireLine.create(questionnaire=q, line_no=40000, type=ProfileLineType.QUESTION,
                                                  description="Hobbies", multiple_answers=True)
    for no, desc in ((50000, "Golf"), (60000, "Sailing")):
        lines[no] = await ProfileQuestionnaireLine.create(questionnaire=q, line_no=no, type=ProfileLineType.ANSWER,
                                                          description=desc, question=hobby)
    for contact, no in ((c1, 20000), (c2, 50000), (c2, 60000), (c6, 30000)):
        await ContactProfileAnswer.create(contact=contact, questionnaire=q, question_id=lines[no].question_id,
                                          answer=lines[no])

    sales = await InteractionGroup.create(code="SALES", description="Sales")
    post = await InteractionGroup.create(code="POST", description="Post")
    call = await InteractionTemplate.create(code="CALL", description="Phone call", group=sales)
    mail = await InteractionTemplate.create(code="MAIL", description="Letter", group=post)
    camp = await Campaign.create(no="CP0001", description="Spring")
    d = timedelta
    await make_entry(c2, c1, today - d(days=3), template=call, group=sales, salesperson=jo, campaign=camp,
                     evaluation="POSITIVE", information_flow="OUTBOUND", initiated_by="US", segment_no="SEG00009",
                     campaign_target=True)
    await make_entry(c3, c1, today - d(days=40), template=mail, group=post, salesperson=al, evaluation="NEGATIVE",
                     canceled=True)
    # Logged while Anna had no company: BC links on company too, so it is not Anna's interaction any more.
    await make_entry(c2, None, today, template=mail, group=post, salesperson=jo, evaluation="VERY_POSITIVE")
    await make_entry(c6, None, today - d(days=200), template=call, group=sales, attempt_failed=True,
                     initiated_by="THEM", information_flow="INBOUND")
    await make_entry(c1, c1, today - d(days=10), template=mail, group=post, salesperson=jo)
    await make_entry(c2, c1, today - d(days=100), template=mail, group=post, salesperson=al)

    seg = await Segment.create(no="SEG00001", description="Open", date=today)
    other = await Segment.create(no="SEG00002", description="Other", date=today)
    await SegmentLine.create(segment=seg, line_no=10000, contact=c2, contact_company=c1)
    await SegmentLine.create(segment=seg, line_no=20000, contact=c5, contact_company=c4)
    await SegmentLine.create(segment=other, line_no=10000, contact=c6)
    yield w
    await empty_tables(db)
