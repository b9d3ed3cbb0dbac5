"""The demo data set (models/demo/) on the suite's database."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from tortoise import Tortoise

from segmentum.models import BusinessRelation
from segmentum.models.contacts import Contact
from segmentum.models.demo.seed import SeedError, plan, seed
from segmentum.models.enums import ContactType, NumberSeriesCode
from segmentum.models.interactions import Campaign, InteractionLogEntry, InteractionTemplate
from segmentum.models.masters import Salesperson
from segmentum.models.numbering import next_number
from segmentum.models.sql import execute, fetch_all, fetch_value
from segmentum.models.system import NumberSeries

TODAY = date(2026, 6, 15)
EMAIL = re.compile(r"^[a-z0-9.\-]+@[a-z0-9.\-]+\.[a-z]{2,}$")


async def _wipe() -> None:
    """Empty every table, as the suite does after each test (to seed twice within one test)."""
    tables = [m._meta.db_table for m in Tortoise.apps.get_models_iterable()]  # type: ignore[union-attr]
    if Tortoise.get_connection("default").capabilities.dialect == "postgres":
        await execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        await execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            await execute(f"DELETE FROM {table}")
        await execute("PRAGMA foreign_keys = ON")


async def _fingerprint() -> list[dict[str, Any]]:
    return await fetch_all(
        "SELECT c.no, c.type, c.name, c.email, c.city, c.post_code, co.no AS company_no, s.code AS salesperson, "
        "(SELECT COUNT(*) FROM interaction_log_entry i WHERE i.contact_id = c.id) AS interactions, "
        "(SELECT COUNT(*) FROM contact_profile_answer a WHERE a.contact_id = c.id) AS answers "
        "FROM contact c LEFT JOIN contact co ON co.id = c.company_id "
        "LEFT JOIN salesperson s ON s.id = c.salesperson_id "
        "ORDER BY c.no"
    )


async def test_seed_loads_a_realistic_data_set_that_follows_the_domain_rules() -> None:
    result = await seed(1000, today=TODAY)
    companies, employed, independent = plan(1000)
    assert (companies, employed + independent) == (100, 900)
    assert result["contacts"] == await Contact.all().count() == 1000
    assert result["companies"] == await Contact.filter(type=ContactType.COMPANY).count() == 100
    assert result["independent_persons"] == independent == await Contact.filter(
        type=ContactType.PERSON, company_id__isnull=True).count()

    contacts = await Contact.all()
    assert {c.city for c in contacts} >= {"GENT", "BRUGGE", "ANTWERPEN", "BRUSSEL", "LEUVEN"}
    assert all(c.email is None or EMAIL.match(c.email) for c in contacts)
    assert all(c.company_id == c.id for c in contacts if c.type == ContactType.COMPANY)
    assert [c.no for c in contacts[:3]] == ["CT000001", "CT000002", "CT000003"]
    assert sum(c.exclude_from_segment for c in contacts) > 0
    assert sum(c.privacy_blocked for c in contacts) > 0

    # Company-level classifications on companies, job responsibilities on persons.
    wrong = await fetch_value(
        "SELECT (SELECT COUNT(*) FROM contact_business_relation l JOIN contact c ON c.id = l.contact_id "
        "        WHERE c.type <> 'COMPANY') + "
        "       (SELECT COUNT(*) FROM contact_industry_group l JOIN contact c ON c.id = l.contact_id "
        "        WHERE c.type <> 'COMPANY') + "
        "       (SELECT COUNT(*) FROM contact_job_responsibility l JOIN contact c ON c.id = l.contact_id "
        "        WHERE c.type <> 'PERSON')"
    )
    assert wrong == 0
    for table in ("contact_business_relation", "contact_industry_group", "contact_job_responsibility",
                  "contact_mailing_group", "contact_profile_answer"):
        assert await fetch_value(f"SELECT COUNT(*) FROM {table}") > 0, table

    # A question without multiple answers has at most one answer per contact; answers belong to their question
    # and the questionnaire is answered by its own contact type.
    assert await fetch_value(
        "SELECT COUNT(*) FROM (SELECT a.contact_id, a.question_id FROM contact_profile_answer a "
        "JOIN profile_questionnaire_line q ON q.id = a.question_id WHERE NOT q.multiple_answers "
        "GROUP BY a.contact_id, a.question_id HAVING COUNT(*) > 1) x"
    ) == 0
    assert await fetch_value(
        "SELECT COUNT(*) FROM contact_profile_answer a JOIN profile_questionnaire_line l ON l.id = a.answer_id "
        "JOIN profile_questionnaire pq ON pq.id = a.questionnaire_id JOIN contact c ON c.id = a.contact_id "
        "WHERE l.question_id <> a.question_id OR pq.contact_type <> c.type"
    ) == 0
    assert await fetch_value(
        "SELECT COUNT(*) FROM contact_profile_answer a JOIN profile_questionnaire_line q ON q.id = a.question_id "
        "WHERE q.multiple_answers GROUP BY a.contact_id, a.question_id ORDER BY COUNT(*) DESC LIMIT 1"
    ) > 1

    salespeople = await Salesperson.all()
    assert len(salespeople) == 8 and [s.code for s in salespeople if s.blocked] == ["TW"]
    assert await InteractionTemplate.filter(code__in=["EMAIL", "LETTER", "CALLOUT", "MEETING"]).count() == 4
    assert await Campaign.all().count() == 4

    entries = await InteractionLogEntry.all()
    assert len(entries) == result["interactions"] > 500
    assert any(e.canceled for e in entries) and any(e.attempt_failed for e in entries)
    assert all(e.date <= TODAY for e in entries)
    assert any(e.campaign_id is not None for e in entries)
    templates = {t.id: t for t in await InteractionTemplate.all()}
    assert all(e.cost_lcy == templates[e.template_id].unit_cost_lcy for e in entries if e.template_id)
    assert all(e.group_id == templates[e.template_id].group_id for e in entries if e.template_id)


async def test_numbers_continue_after_the_seeded_ones() -> None:
    await seed(40, today=TODAY)
    series = {s.code: s.last_no for s in await NumberSeries.all()}
    assert series == {NumberSeriesCode.CONTACT: 40, NumberSeriesCode.SEGMENT: 0, NumberSeriesCode.CAMPAIGN: 4}
    assert await next_number(NumberSeriesCode.CONTACT, Contact) == "CT000041"
    assert await next_number(NumberSeriesCode.CAMPAIGN, Campaign) == "CP0005"
    # Contact ids were given by the seed; the database hands out the next ones after them.
    new = await Contact.create(no="CT000041", type=ContactType.PERSON, name="Nieuw Contact")
    assert new.id == 41


async def test_same_seed_same_data_other_seed_other_data() -> None:
    await seed(200, seed=7, today=TODAY)
    first = await _fingerprint()
    await _wipe()
    await seed(200, seed=7, today=TODAY)
    assert await _fingerprint() == first
    await _wipe()
    await seed(200, seed=8, today=TODAY)
    assert await _fingerprint() != first


async def test_seed_refuses_a_database_with_contacts() -> None:
    await seed(30, today=TODAY)
    with pytest.raises(SeedError, match="already has 30 contacts"):
        await seed(30, today=TODAY)
    assert await Contact.all().count() == 30


async def test_existing_master_data_is_kept_and_used() -> None:
    await BusinessRelation.create(code="CUST", description="Klant")
    await seed(300, today=TODAY)
    cust = await BusinessRelation.get(code="CUST")
    assert cust.description == "Klant"
    assert await BusinessRelation.filter(code="CUST").count() == 1
    assert await fetch_value(
        f"SELECT COUNT(*) FROM contact_business_relation WHERE business_relation_id = {cust.id}"
    ) > 0


async def test_progress_is_reported_from_zero_to_total() -> None:
    reports: list[tuple[int, int]] = []

    async def progress(done: int, total: int) -> None:
        reports.append((done, total))

    await seed(12_000, progress=progress, today=TODAY)
    assert reports[0] == (0, 12_000) and reports[-1] == (12_000, 12_000)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)
    assert len(reports) >= 3


async def test_no_contacts_still_loads_the_master_data() -> None:
    result = await seed(0, today=TODAY)
    assert result["contacts"] == 0
    assert await Salesperson.all().count() == 8
    with pytest.raises(SeedError, match="negative"):
        await seed(-1)
