"""contactUpdate: omitted = unchanged, null = cleared, name rules, company changes and their guards."""

from __future__ import annotations

from segmentum.models.contacts import Contact
from tests.contacts.conftest import UPDATE, make_salesperson, make_territory, put_on_segment


async def update(gql, **fields):
    return (await gql(UPDATE, {"input": fields}))["contactUpdate"]


async def test_omitted_fields_unchanged_and_null_clears(gql, create):
    await make_salesperson("JO")
    await make_territory("NORTH")
    created = (await create(type="COMPANY", name="Adatum", city="Gent", phoneNo="123", salespersonCode="JO",
                            territoryCode="NORTH", excludeFromSegment=True, correspondenceType="EMAIL",
                            email="a@b.example"))["contact"]
    payload = await update(gql, id=created["id"], city=None, salespersonCode=None, excludeFromSegment=None,
                           correspondenceType=None)
    assert payload["userErrors"] == []
    contact = payload["contact"]
    assert contact["city"] is None and contact["salesperson"] is None
    assert contact["excludeFromSegment"] is False and contact["correspondenceType"] == "NONE"
    # untouched
    assert contact["phoneNo"] == "123" and contact["territory"] == {"code": "NORTH"}
    assert contact["email"] == "a@b.example" and contact["name"] == "Adatum"
    assert contact["updatedAt"] >= created["updatedAt"]


async def test_changing_a_name_part_rebuilds_a_persons_name(gql, create):
    ann = (await create(type="PERSON", firstName="Ann", surname="Smith"))["contact"]
    payload = await update(gql, id=ann["id"], surname="Jones")
    assert payload["contact"]["name"] == "Ann Jones"
    given = await update(gql, id=ann["id"], firstName="Anna", name="Dr. Anna Jones")
    assert given["contact"]["name"] == "Dr. Anna Jones" and given["contact"]["firstName"] == "Anna"


async def test_name_cannot_be_cleared(gql, company, create):
    adatum = await company("Adatum")
    payload = await update(gql, id=adatum["id"], name=None)
    assert payload["contact"] is None and payload["userErrors"][0]["code"] == "REQUIRED"
    solo = (await create(type="PERSON", name="Solo"))["contact"]
    cleared = await update(gql, id=solo["id"], name=None)
    assert cleared["userErrors"][0]["code"] == "REQUIRED"


async def test_email_and_references_are_validated(gql, company):
    await make_salesperson("OLD", blocked=True)
    adatum = await company("Adatum")
    assert (await update(gql, id=adatum["id"], email="nope"))["userErrors"][0]["code"] == "INVALID"
    assert (await update(gql, id=adatum["id"], salespersonCode="OLD"))["userErrors"][0]["code"] == "BLOCKED"
    assert (await update(gql, id=adatum["id"], salespersonCode="X"))["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await update(gql, id=adatum["id"], territoryCode="X"))["userErrors"][0]["code"] == "NOT_FOUND"


async def test_unknown_contact_is_not_found(gql, company):
    adatum = await company("Adatum")
    await Contact.filter(no=adatum["no"]).update(company_id=None)
    await Contact.filter(no=adatum["no"]).delete()
    payload = await update(gql, id=adatum["id"], city="Gent")
    assert payload["userErrors"][0]["code"] == "NOT_FOUND" and payload["userErrors"][0]["field"] == ["input", "id"]


async def test_person_moves_between_companies_and_becomes_independent(gql, company, person):
    adatum, fabrikam = await company("Adatum"), await company("Fabrikam")
    ann = await person("Ann", adatum)
    moved = await update(gql, id=ann["id"], companyId=fabrikam["id"])
    assert moved["userErrors"] == []
    assert moved["contact"]["company"]["no"] == fabrikam["no"] and moved["contact"]["companyName"] == "Fabrikam"
    alone = await update(gql, id=ann["id"], companyId=None)
    assert alone["contact"]["company"] is None and alone["contact"]["companyName"] is None


async def test_company_of_a_company_cannot_change(gql, company):
    adatum, fabrikam = await company("Adatum"), await company("Fabrikam")
    payload = await update(gql, id=adatum["id"], companyId=fabrikam["id"])
    assert payload["userErrors"][0]["code"] == "INVALID"


async def test_person_cannot_join_a_person(gql, company, person):
    adatum = await company("Adatum")
    ann, bob = await person("Ann", adatum), await person("Bob")
    payload = await update(gql, id=bob["id"], companyId=ann["id"])
    assert payload["userErrors"][0]["code"] == "INVALID"


async def test_person_on_an_open_segment_cannot_change_company(gql, company, person):
    adatum, fabrikam = await company("Adatum"), await company("Fabrikam")
    ann = await person("Ann", adatum)
    await put_on_segment(ann["no"])
    payload = await update(gql, id=ann["id"], companyId=fabrikam["id"], city="Gent")
    assert payload["contact"] is None
    error = payload["userErrors"][0]
    assert error["code"] == "IN_USE" and ann["no"] in error["message"]
    assert error["field"] == ["input", "companyId"]
    stored = await Contact.get(no=ann["no"])
    assert stored.city is None and stored.company_name == "Adatum"
    # other fields may still change, and so may a no-op company "change"
    same = await update(gql, id=ann["id"], companyId=adatum["id"], city="Gent")
    assert same["userErrors"] == [] and same["contact"]["city"] == "Gent"


async def test_renaming_a_company_renames_it_on_its_persons(gql, company, person):
    adatum, other = await company("Adatum"), await company("Other")
    await person("Ann", adatum)
    await person("Bob", adatum)
    await person("Carl", other)
    payload = await update(gql, id=adatum["id"], name="Adatum Corp")
    assert payload["contact"]["companyName"] == "Adatum Corp"
    names = {c.name: c.company_name for c in await Contact.filter(type="PERSON")}
    assert names == {"Ann": "Adatum Corp", "Bob": "Adatum Corp", "Carl": "Other"}
