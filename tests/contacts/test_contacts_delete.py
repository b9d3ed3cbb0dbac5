"""contactDelete: refused while on an open segment, or while a company has persons unless deletePersons; a
deleted person's interactions move to its company, a deleted company's are detached; interactions are kept."""

from __future__ import annotations

from datetime import date

from segmentum.models.contacts import Contact
from segmentum.models.interactions import InteractionLogEntry
from tests.contacts.conftest import DELETE, UPDATE, put_on_segment


async def delete(gql, gid):
    return (await gql(DELETE, {"input": {"id": gid}}))["contactDelete"]


async def test_deleting_a_person_moves_its_interactions_to_the_company_they_were_logged_with(gql, company, person):
    """As BC (Contact No. := Company No.): they still count for the company and match its interaction criteria."""
    adatum, other = await company("Adatum"), await company("Other")
    ann = await person("Ann", other)
    stored = await Contact.get(no=ann["no"])
    at_other = await InteractionLogEntry.create(contact=stored, contact_company_id=stored.company_id,
                                                date=date(2026, 1, 1), description="At Other")
    await gql(UPDATE, {"input": {"id": ann["id"], "companyId": adatum["id"]}})
    stored = await Contact.get(no=ann["no"])
    at_adatum = await InteractionLogEntry.create(contact=stored, contact_company_id=stored.company_id,
                                                 date=date(2026, 1, 2), description="At Adatum",
                                                 segment_no="SEG01")
    payload = await delete(gql, ann["id"])
    assert payload == {"deletedId": ann["id"], "deletedIds": [ann["id"]], "userErrors": []}
    assert not await Contact.filter(no=ann["no"]).exists()
    moved = {e.id: (e.contact_id, e.contact_company_id) for e in await InteractionLogEntry.all()}
    adatum_id, other_id = (await Contact.get(no=adatum["no"])).id, (await Contact.get(no=other["no"])).id
    assert moved == {at_other.id: (other_id, other_id), at_adatum.id: (adatum_id, adatum_id)}
    found = await gql('{ contacts(filter: {interaction: {segmentNo: {eq: "SEG01"}}}) { nodes { no } } }')
    assert found["contacts"]["nodes"] == [{"no": adatum["no"]}]
    stats = await gql("query($no: String!) { contact(no: $no) { statistics { noOfInteractions } "
                      "interactions { nodes { description } } } }", {"no": adatum["no"]})
    assert stats["contact"] == {"statistics": {"noOfInteractions": 1},
                                "interactions": {"nodes": [{"description": "At Adatum"}]}}


async def test_deleting_an_independent_person_keeps_its_interactions_without_a_contact(gql, person):
    solo = await person("Solo")
    stored = await Contact.get(no=solo["no"])
    entry = await InteractionLogEntry.create(contact=stored, date=date(2026, 1, 1))
    assert (await delete(gql, solo["id"]))["userErrors"] == []
    kept = await InteractionLogEntry.get(id=entry.id)
    assert kept.contact_id is None and kept.contact_company_id is None


async def test_delete_persons_removes_a_company_with_its_persons_and_detaches_their_interactions(
        gql, company, person):
    adatum, other = await company("Adatum"), await company("Other")
    ann, bob = await person("Ann", adatum), await person("Bob", adatum)
    keep = await person("Kim", other)
    for no in (adatum["no"], ann["no"], bob["no"], keep["no"]):
        c = await Contact.get(no=no)
        await InteractionLogEntry.create(contact=c, contact_company_id=c.company_id, date=date(2026, 1, 1))
    payload = (await gql(DELETE, {"input": {"id": adatum["id"], "deletePersons": True}}))["contactDelete"]
    assert payload["userErrors"] == []
    assert payload["deletedId"] == adatum["id"]
    assert sorted(payload["deletedIds"]) == sorted([adatum["id"], ann["id"], bob["id"]])
    assert sorted(await Contact.all().values_list("no", flat=True)) == sorted([other["no"], keep["no"]])
    entries = [(e.contact_id, e.contact_company_id) for e in await InteractionLogEntry.all().order_by("id")]
    kim = await Contact.get(no=keep["no"])
    assert entries == [(None, None), (None, None), (None, None), (kim.id, kim.company_id)]


async def test_delete_persons_is_refused_while_a_person_is_on_an_open_segment(gql, company, person):
    adatum = await company("Adatum")
    ann = await person("Ann", adatum)
    await put_on_segment(ann["no"])
    payload = (await gql(DELETE, {"input": {"id": adatum["id"], "deletePersons": True}}))["contactDelete"]
    assert payload["deletedIds"] == [] and payload["userErrors"][0]["code"] == "IN_USE"
    assert ann["no"] in payload["userErrors"][0]["message"]
    assert await Contact.all().count() == 2


async def test_other_deletes_refuse_delete_persons(gql):
    res = await gql('mutation { segmentCreate(input: {description: "S"}) { segment { id } } }')
    segment_id = res["segmentCreate"]["segment"]["id"]
    payload = (await gql("mutation($i: DeleteInput!) { segmentDelete(input: $i) { deletedId userErrors { code field "
                         "} } }", {"i": {"id": segment_id, "deletePersons": True}}))["segmentDelete"]
    assert payload == {"deletedId": None, "userErrors": [{"code": "INVALID", "field": ["input", "deletePersons"]}]}
    assert (await gql('{ segment(no: "SEG00001") { no } }'))["segment"] == {"no": "SEG00001"}


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
    assert "deletePersons" in error["message"]
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
