"""contactDelete: refused while on an open segment or while a company has persons; interactions kept."""

from __future__ import annotations

from datetime import date

from models.contacts import Contact
from models.interactions import InteractionLogEntry
from tests.contacts.conftest import DELETE, put_on_segment


async def delete(gql, gid):
    return (await gql(DELETE, {"input": {"id": gid}}))["contactDelete"]


async def test_delete_person_keeps_its_interactions_unlinked(gql, company, person):
    adatum = await company("Adatum")
    ann = await person("Ann", adatum)
    stored = await Contact.get(no=ann["no"])
    entry = await InteractionLogEntry.create(contact=stored, contact_company_id=stored.company_id,
                                             date=date(2026, 1, 1))
    payload = await delete(gql, ann["id"])
    assert payload == {"deletedId": ann["id"], "userErrors": []}
    assert not await Contact.filter(no=ann["no"]).exists()
    kept = await InteractionLogEntry.get(id=entry.id)
    assert kept.contact_id is None and kept.contact_company_id == stored.company_id


async def test_delete_company_without_persons(gql, company):
    adatum = await company("Adatum")
    stored = await Contact.get(no=adatum["no"])
    entry = await InteractionLogEntry.create(contact=stored, contact_company=stored, date=date(2026, 1, 1))
    assert (await delete(gql, adatum["id"]))["userErrors"] == []
    assert await Contact.all().count() == 0
    kept = await InteractionLogEntry.get(id=entry.id)
    assert kept.contact_id is None and kept.contact_company_id is None


async def test_company_with_persons_is_refused_naming_the_count(gql, company, person):
    adatum = await company("Adatum")
    await person("Ann", adatum)
    await person("Bob", adatum)
    payload = await delete(gql, adatum["id"])
    assert payload["deletedId"] is None
    error = payload["userErrors"][0]
    assert error["code"] == "IN_USE" and "2 person" in error["message"] and adatum["no"] in error["message"]
    assert await Contact.all().count() == 3


async def test_contact_on_an_open_segment_is_refused(gql, company):
    adatum = await company("Adatum")
    await put_on_segment(adatum["no"])
    payload = await delete(gql, adatum["id"])
    assert payload["userErrors"][0]["code"] == "IN_USE" and adatum["no"] in payload["userErrors"][0]["message"]
    assert await Contact.filter(no=adatum["no"]).exists()


async def test_unknown_contact_is_not_found(gql):
    payload = await delete(gql, "garbage")
    assert payload["userErrors"][0]["code"] == "NOT_FOUND"
