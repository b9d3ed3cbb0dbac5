"""The demo data set: `seed(contacts)` loads companies, persons, master data and past interactions.

Rows are generated in a fixed order from one seeded random generator and written in chunks (COPY on
PostgreSQL, multi-row INSERTs on SQLite), each chunk in its own transaction; never a statement per contact.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable
from datetime import date
from typing import Any

from tortoise.transactions import in_transaction

from segmentum.models.contacts import Contact
from segmentum.models.demo.contacts import Company, ContactGenerator
from segmentum.models.demo.masters import advance_number_series, ensure_masters, number_series
from segmentum.models.enums import NumberSeriesCode
from segmentum.models.sql import dialect, execute

CHUNK_CONTACTS = 5000
COMPANY_SHARE = 0.10
INDEPENDENT_SHARE = 0.15  # of the persons

Progress = Callable[[int, int], Any]


class SeedError(Exception):
    """The demo data cannot be loaded (e.g. the database already has contacts)."""


def plan(contacts: int) -> tuple[int, int, int]:
    """(companies, persons in companies, independent persons) for a number of contacts."""
    if contacts <= 0:
        return 0, 0, 0
    companies = max(1, round(contacts * COMPANY_SHARE))
    persons = contacts - companies
    independent = round(persons * INDEPENDENT_SHARE)
    return companies, persons - independent, independent


async def seed(contacts: int = 2000, *, progress: Progress | None = None, seed: int = 42,
               today: date | None = None) -> dict[str, Any]:
    """Load the demo data set into a database without contacts; returns what was created."""
    if contacts < 0:
        raise SeedError(f"The number of contacts must not be negative, got {contacts}.")
    existing = await Contact.all().count()
    if existing:
        raise SeedError(
            f"The database already has {existing} contacts; demo data is only loaded into a database "
            "without contacts."
        )
    today = today or date.today()
    rng = random.Random(seed)
    async with in_transaction():
        masters = await ensure_masters(today)
        series = await number_series(NumberSeriesCode.CONTACT)
    gen = ContactGenerator(rng, masters, today, dialect(), series.prefix, series.width, series.last_no + 1)
    companies, employed, independent = plan(contacts)
    # Each company's size is drawn up front; persons then follow their company in the numbering.
    sizes = [0] * companies
    weights = [rng.paretovariate(1.6) for _ in range(companies)]
    for index in rng.choices(range(companies), weights=weights, k=employed) if companies else []:
        sizes[index] += 1
    independents_per_company = independent / companies if companies else 0.0

    done = 0
    carry = 0.0
    await _report(progress, 0, contacts)
    for index in range(companies):
        company: Company = gen.company()
        for _ in range(sizes[index]):
            gen.person(company)
        carry += independents_per_company
        while carry >= 1:
            gen.person(None)
            carry -= 1
        if len(gen.contacts.rows) >= CHUNK_CONTACTS:
            done += await _flush(gen)
            await _report(progress, done, contacts)
    while gen.counts.independent_persons < independent:
        gen.person(None)
    done += await _flush(gen)
    await _finish(gen, masters.campaigns)
    await _report(progress, done, contacts)
    return _summary(gen, masters.campaigns)


async def _flush(gen: ContactGenerator) -> int:
    n = len(gen.contacts.rows)
    async with in_transaction():
        for writer in gen.writers():
            await writer.flush()
    return n


async def _finish(gen: ContactGenerator, campaigns: int) -> None:
    async with in_transaction():
        if dialect() == "postgres" and gen.next_id > 1:
            # Contact ids were given explicitly; later inserts continue after them.
            await execute("SELECT setval(pg_get_serial_sequence('contact', 'id'), (SELECT MAX(id) FROM contact))")
        await advance_number_series(gen.next_no - 1, campaigns)


async def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is None:
        return
    outcome = progress(done, total)
    if inspect.isawaitable(outcome):
        await outcome


def _summary(gen: ContactGenerator, campaigns: int) -> dict[str, Any]:
    c = gen.counts
    return {
        "contacts": gen.contacts.written,
        "companies": c.companies,
        "persons": c.persons + c.independent_persons,
        "independent_persons": c.independent_persons,
        "excluded_from_segments": c.excluded,
        "privacy_blocked": c.privacy_blocked,
        "business_relations": gen.business_relations.written,
        "industry_groups": gen.industry_groups.written,
        "mailing_groups": gen.mailing_groups.written,
        "job_responsibilities": gen.job_responsibilities.written,
        "profile_answers": gen.profile_answers.written,
        "interactions": gen.interactions.written,
        "campaigns": campaigns,
    }
