"""Races answer like rules (the issue's table, row 6): concurrent requests that both pass a rule check and then
collide in the database get the rule's own userError, and nothing of theirs is written."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import asyncpg
import httpx
import pytest

from segmentum.models import IndustryGroup
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType, ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.segments import SegmentLine
from segmentum.resolvers.ids import encode_id
from segmentum.resolvers.transactions import ATTEMPTS, atomically
from tests.http.conftest import ClientFor, post

PARALLEL = 20


async def parallel(client: httpx.AsyncClient, key: str, query: str, variables: list[dict[str, Any]]) -> list[Any]:
    responses = await asyncio.gather(*(post(client, key, query, v) for v in variables))
    bodies = [r.json() for r in responses]
    assert all("errors" not in b for b in bodies), [b["errors"] for b in bodies if "errors" in b][:3]
    return [b["data"] for b in bodies]


async def test_parallel_creates_of_one_contact_number(client: httpx.AsyncClient, key: str) -> None:
    mutation = ("mutation($i: ContactCreateInput!) { contactCreate(input: $i) { contact { no } "
                "userErrors { code field } } }")
    results = await parallel(client, key, mutation,
                             [{"i": {"type": "COMPANY", "no": "CT900001", "name": f"Alpha {n}"}}
                              for n in range(PARALLEL)])
    payloads = [r["contactCreate"] for r in results]
    assert sum(p["contact"] is not None for p in payloads) == 1
    assert Counter((e["code"], tuple(e["field"])) for p in payloads for e in p["userErrors"]) == {
        ("ALREADY_EXISTS", ("input", "no")): PARALLEL - 1}
    assert await Contact.filter(no="CT900001").count() == 1


async def test_parallel_creates_of_one_industry_group(client: httpx.AsyncClient, key: str) -> None:
    mutation = ("mutation($i: CodeDescriptionInput!) { industryGroupCreate(input: $i) { industryGroup { code } "
                "userErrors { code field } } }")
    results = await parallel(client, key, mutation,
                             [{"i": {"code": "RETAIL", "description": f"Retail {n}"}} for n in range(PARALLEL)])
    payloads = [r["industryGroupCreate"] for r in results]
    assert sum(p["industryGroup"] is not None for p in payloads) == 1
    assert Counter(e["code"] for p in payloads for e in p["userErrors"]) == {"ALREADY_EXISTS": PARALLEL - 1}
    assert await IndustryGroup.filter(code="RETAIL").count() == 1


async def test_adding_persons_while_they_are_deleted(client_for: ClientFor, key: str) -> None:
    async with client_for(max_concurrent_expensive=5) as client:
        await add_while_deleting(client, key)


async def add_while_deleting(client: httpx.AsyncClient, key: str) -> None:
    company = await Contact.create(no="CO1", type=ContactType.COMPANY, name="Alpha", city="GENT")
    company.company_id = company.id
    await company.save()
    persons = [await Contact.create(no=f"P{n:03d}", type=ContactType.PERSON, name=f"Person {n}", city="GENT",
                                    company_id=company.id, company_name="Alpha") for n in range(PARALLEL)]
    created = await post(client, key, "mutation { segmentCreate(input: {description: \"Race\"}) { segment { id } } }")
    segment_id = created.json()["data"]["segmentCreate"]["segment"]["id"]
    add = ("mutation($id: ID!) { segmentAddContacts(input: {segmentId: $id, allowExistingContacts: true, "
           "criteria: {contact: {type: PERSON, city: {eq: \"GENT\"}}}}) { linesAdded userErrors { code } } }")
    delete = "mutation($id: ID!) { contactDelete(input: {id: $id}) { deletedId userErrors { code field } } }"
    requests = [post(client, key, add, {"id": segment_id}) for _ in range(3)] + [
        post(client, key, delete, {"id": encode_id("Contact", p.id)}) for p in persons]
    bodies = [r.json() for r in await asyncio.gather(*requests)]
    assert all("errors" not in b for b in bodies), [b["errors"] for b in bodies if "errors" in b][:3]
    for body in bodies[:3]:
        assert [e["code"] for e in body["data"]["segmentAddContacts"]["userErrors"]] in ([], ["CONFLICT"])
    for body in bodies[3:]:
        payload = body["data"]["contactDelete"]
        # A person already on the segment is in use (the rule's answer); otherwise it is gone.
        assert (payload["deletedId"] is not None) != bool(payload["userErrors"])
        assert [e["code"] for e in payload["userErrors"]] in ([], ["IN_USE"], ["CONFLICT"])
    # Every line names a contact that exists; every deleted person has no line.
    line_contacts = {line.contact_id for line in await SegmentLine.all()}
    existing = {c.id for c in await Contact.filter(id__in=[p.id for p in persons])}
    assert line_contacts <= existing
    deleted = sum(b["data"]["contactDelete"]["deletedId"] is not None for b in bodies[3:])
    assert deleted == PARALLEL - len(existing)


def unique_violation() -> Exception:
    error = asyncpg.exceptions.UniqueViolationError("duplicate key value violates unique constraint")
    return error


async def test_a_transaction_that_lost_a_race_runs_again() -> None:
    attempts = 0

    async def work() -> str:
        nonlocal attempts
        attempts += 1
        await IndustryGroup.create(code=f"G{attempts}", description="Kept only from the last attempt")
        if attempts == 1:
            raise unique_violation()
        return "done"

    assert await atomically(work) == "done"
    assert attempts == 2
    assert [g.code for g in await IndustryGroup.all()] == ["G2"]


async def test_a_transaction_that_keeps_losing_answers_conflict() -> None:
    async def work() -> None:
        await IndustryGroup.create(code="G", description="Never kept")
        raise unique_violation()

    with pytest.raises(DomainError) as raised:
        await atomically(work)
    assert raised.value.errors[0].code == ErrorCode.CONFLICT
    assert await IndustryGroup.all().count() == 0


async def test_other_failures_are_not_run_again() -> None:
    calls = 0

    async def work() -> None:
        nonlocal calls
        calls += 1
        raise asyncpg.exceptions.NotNullViolationError("a bug, not a race")

    with pytest.raises(asyncpg.exceptions.NotNullViolationError):
        await atomically(work)
    assert calls == 1 < ATTEMPTS
