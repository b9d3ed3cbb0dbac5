"""A contact base for bulk queries: companies with persons (one with more than a nested page), a salesperson and
industry groups; and the job kinds attached as the composition root attaches them."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
import pytest

from segmentum.models import ContactIndustryGroup, IndustryGroup
from segmentum.models.bulk_files import BulkQueryChunk, BulkQueryFile
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.masters import Salesperson
from tests.conftest import use_queue
from tests.http.conftest import make_key  # noqa: F401 - a fixture these tests share
from tests.workers.conftest import arq_queue, unique  # noqa: F401 - fixtures these tests share

BIG_COMPANY_PERSONS = 130  # more than a nested page (100): continued from its parent


@dataclass
class Base:
    companies: dict[str, int]  # no -> id
    persons: dict[str, str]  # person no -> company no


@pytest.fixture(autouse=True)
async def page_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # The smallest page: a root page of 5 companies with nested connections, nested pages of 100.
    monkeypatch.setenv("SEGMENTUM_BULK_QUERY_PAGE_SIZE", "100")
    await use_queue()  # the jobs run with the settings as changed


@pytest.fixture
async def base() -> Base:
    sp = await Salesperson.create(code="JO", name="Jo")
    retail = await IndustryGroup.create(code="RETAIL", description="Retail")
    food = await IndustryGroup.create(code="FOOD", description="Food")
    companies: dict[str, int] = {}
    persons: dict[str, str] = {}
    for i in range(12):
        no = f"CO{i:03d}"
        company = await Contact.create(no=no, type=ContactType.COMPANY, name=f"Company {i}", city="GENT",
                                       salesperson_id=sp.id if i % 2 else None)
        company.company_id = company.id
        company.company_name = company.name
        await company.save()
        companies[no] = company.id
        if i % 3 == 0:
            await ContactIndustryGroup.create(contact_id=company.id, industry_group_id=retail.id)
        if i % 4 == 0:
            await ContactIndustryGroup.create(contact_id=company.id, industry_group_id=food.id)
        count = BIG_COMPANY_PERSONS if i == 7 else i % 3
        rows = [Contact(no=f"P{i:03d}{j:03d}", type=ContactType.PERSON, name=f"Person {j:03d} of {i}",
                        company_id=company.id, company_name=company.name) for j in range(count)]
        await Contact.bulk_create(rows)
        persons.update({row.no: no for row in rows})
    independent = await Contact.create(no="IND001", type=ContactType.PERSON, name="Ivo", salesperson_id=sp.id)
    persons[independent.no] = ""
    return Base(companies=companies, persons=persons)


async def file_lines(job_pk: int) -> list[dict]:
    file = await BulkQueryFile.get(job_id=job_pk)
    chunks = await BulkQueryChunk.filter(file_id=file.id).order_by("seq")
    data = b"".join(bytes(c.data) for c in chunks)
    return [orjson.loads(line) for line in data.splitlines()]
