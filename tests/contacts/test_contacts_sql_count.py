"""No N+1: a page of contacts with every relation selected costs the same number of SQL statements for 10
and for 100 contacts. Statements are counted at the database driver (asyncpg / aiosqlite), below Tortoise."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import aiosqlite
import asyncpg
import pytest
from strawberry.dataloader import DataLoader

from segmentum.models import (
    BusinessRelation,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.masters import Salesperson, Territory
from segmentum.resolvers.loaders import Loaders
from segmentum.schema.context import Context, Viewer

DRIVER_METHODS = [
    (asyncpg.connection.Connection, ("execute", "executemany", "fetch", "fetchrow", "fetchval")),
    (aiosqlite.Connection, ("execute", "execute_fetchall", "execute_insert", "executemany", "executescript")),
]

BRIEF = """query($n: Int!) { contacts(first: $n) { nodes {
  no type company { name } salesperson { code } territory { code }
  industryGroups { code } businessRelations { code } mailingGroups { code }
  statistics { noOfInteractions costLcy dateOfLastInteraction }
} } }"""

EVERYTHING = """query($n: Int!) { contacts(first: $n) { totalCount nodes {
  no company { name } salesperson { code } territory { code }
  industryGroups { code noOfContacts } businessRelations { code } mailingGroups { code }
  jobResponsibilities { code } profileAnswers { answer } segmentLines { lineNo }
  persons(first: 5) { totalCount nodes { name } }
  interactions(first: 3) { totalCount nodes { entryNo } }
  statistics { noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted }
} } }"""


# asyncpg's pool resets a connection each time it goes back to the pool: housekeeping, not a query of ours.
POOL_RESET = "SELECT pg_advisory_unlock_all()"


class Counter:
    def __init__(self) -> None:
        self.all: list[str] = []

    @property
    def statements(self) -> list[str]:
        return [s for s in self.all if not s.lstrip().startswith(POOL_RESET)]


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch):
    counter = Counter()
    with monkeypatch.context() as m:
        for cls, names in DRIVER_METHODS:
            for name in names:
                original = getattr(cls, name)

                @functools.wraps(original)
                async def wrapper(self: Any, query: Any, *args: Any, __original: Any = original, **kw: Any) -> Any:
                    counter.all.append(str(query))
                    return await __original(self, query, *args, **kw)

                m.setattr(cls, name, wrapper)
        yield counter


class UnbatchedLoaders(Loaders):
    """Every loader loads one key per statement: what the schema would cost without batching."""

    def get(self, name: Any, batch: Any) -> DataLoader[Any, Any]:
        if name not in self._loaders:
            self._loaders[name] = DataLoader(load_fn=batch, max_batch_size=1)
        return self._loaders[name]


async def seed(companies: int = 40, persons_each: int = 2) -> None:
    """>100 contacts, companies and persons interleaved in number order, everything assigned."""
    sp = await Salesperson.create(code="JO", name="Jo")
    territory = await Territory.create(code="NORTH", name="North")
    groups = [await IndustryGroup.create(code=f"IG{i}", description="g") for i in range(2)]
    relations = [await BusinessRelation.create(code=f"BR{i}", description="r") for i in range(2)]
    mailing = [await MailingGroup.create(code=f"MG{i}", description="m") for i in range(2)]
    job = await JobResponsibility.create(code="BUYER", description="Buyer")
    n = 0
    for c in range(companies):
        n += 1
        company = await Contact.create(no=f"CT{n:06d}", type=ContactType.COMPANY, name=f"CO{c}",
                                       salesperson=sp, territory=territory)
        company.company_id = company.id
        await company.save(update_fields=["company_id"])
        for p in range(persons_each):
            n += 1
            await Contact.create(no=f"CT{n:06d}", type=ContactType.PERSON, name=f"P{c}-{p}", company=company,
                                 company_name=company.name, salesperson=sp, territory=territory)
    contacts = await Contact.all()
    company_ids = [c.id for c in contacts if c.type == ContactType.COMPANY]
    person_ids = [c.id for c in contacts if c.type == ContactType.PERSON]
    await ContactIndustryGroup.bulk_create(
        [ContactIndustryGroup(contact_id=i, industry_group_id=g.id) for i in company_ids for g in groups])
    await ContactBusinessRelation.bulk_create(
        [ContactBusinessRelation(contact_id=i, business_relation_id=r.id) for i in company_ids for r in relations])
    await ContactMailingGroup.bulk_create(
        [ContactMailingGroup(contact_id=c.id, mailing_group_id=m.id) for c in contacts for m in mailing])
    await ContactJobResponsibility.bulk_create(
        [ContactJobResponsibility(contact_id=i, job_responsibility_id=job.id) for i in person_ids])
    await InteractionLogEntry.bulk_create(
        [InteractionLogEntry(contact_id=c.id, contact_company_id=c.company_id, date=date(2026, 1, d),
                             cost_lcy=Decimal("1.50"), duration_min=3) for c in contacts for d in (1, 2)])


async def run_counted(schema: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, query: str, n: int,
                      loaders: Loaders | None = None) -> tuple[int, dict[str, Any]]:
    ctx = Context(settings=settings, viewer=Viewer("test", frozenset({"read"})), loaders=loaders or Loaders())
    with counting(monkeypatch) as counter:
        result = await schema.execute(query, variable_values={"n": n}, context_value=ctx)
    assert not result.errors, result.errors
    assert len(result.data["contacts"]["nodes"]) == n
    return len(counter.statements), result.data


async def test_sql_count_is_independent_of_page_size(schema, settings, monkeypatch):
    await seed()
    assert await Contact.all().count() > 100
    counts = {}
    for n in (10, 100):
        counts[n], data = await run_counted(schema, settings, monkeypatch, BRIEF, n)
        persons = [c for c in data["contacts"]["nodes"] if c["company"]["name"] != c["no"]]
        assert all(c["industryGroups"] and c["businessRelations"] and c["mailingGroups"] for c in persons)
        # A company counts its persons' entries too.
        assert all(c["statistics"]["noOfInteractions"] == (2 + 2 * 2 if c["type"] == "COMPANY" else 2)
                   for c in data["contacts"]["nodes"])
    print(f"\nSQL statements for contacts(first: N) with company, salesperson, territory, industryGroups, "
          f"businessRelations, mailingGroups, statistics: N=10 -> {counts[10]}, N=100 -> {counts[100]}")
    assert counts[10] == counts[100]
    assert 0 < counts[100] <= 10


async def test_a_company_level_list_is_one_statement_on_a_page_of_persons(schema, settings, monkeypatch):
    # Persons read their company's industry groups: the look-ahead loads them by the companies' ids, in one
    # statement, also when the companies themselves are not on the page.
    await seed()
    query = """query($n: Int!) {{ contacts(first: $n, filter: {{contact: {{type: PERSON}}}}) {{ nodes {{
      no {lists} }} }} }}"""
    without, _ = await run_counted(schema, settings, monkeypatch, query.format(lists=""), 20)
    with_lists, data = await run_counted(schema, settings, monkeypatch,
                                         query.format(lists="industryGroups { code } businessRelations { code }"), 20)
    assert all(len(c["industryGroups"]) == 2 and len(c["businessRelations"]) == 2 for c in data["contacts"]["nodes"])
    assert with_lists - without == 2


async def test_sql_count_with_every_relation_selected(schema, settings, monkeypatch):
    await seed()
    counts = {n: (await run_counted(schema, settings, monkeypatch, EVERYTHING, n))[0] for n in (10, 100)}
    print(f"\nSQL statements for contacts(first: N) with every relation of Contact: "
          f"N=10 -> {counts[10]}, N=100 -> {counts[100]}")
    assert counts[10] == counts[100]
    assert 0 < counts[100] <= 22


async def test_the_counter_sees_every_statement(schema, settings, monkeypatch):
    """Sanity checks: the counter sees ORM and raw statements one by one, and the same query without
    batching costs statements per contact, so an un-batched field could not hide from the test above."""
    await seed()
    contacts = await Contact.all().limit(10)
    with counting(monkeypatch) as counter:
        for contact in contacts:  # a deliberate N+1
            await Territory.get(id=contact.territory_id)
    assert len(counter.statements) == 10
    assert all("territory" in s for s in counter.statements)

    unbatched = {n: (await run_counted(schema, settings, monkeypatch, BRIEF, n, UnbatchedLoaders()))[0]
                 for n in (10, 100)}
    batched = (await run_counted(schema, settings, monkeypatch, BRIEF, 100))[0]
    print(f"\nSame query without batching: N=10 -> {unbatched[10]}, N=100 -> {unbatched[100]}")
    # at least statistics and mailing groups, one statement per extra contact each
    assert unbatched[100] - unbatched[10] >= 2 * 90
    assert batched < unbatched[10] < unbatched[100]
