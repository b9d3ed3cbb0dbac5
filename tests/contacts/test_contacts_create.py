"""contactCreate: numbering, the company/person rules, name building and reference checks."""

from __future__ import annotations

from segmentum.models.contacts import Contact
from segmentum.models.system import NumberSeries
from segmentum.resolvers.ids import encode_id
from tests.contacts.conftest import make_salesperson, make_territory


async def test_company_gets_next_number_and_is_its_own_company(create):
    payload = await create(type="COMPANY", name="Adatum", city="Gent")
    assert payload["userErrors"] == []
    contact = payload["contact"]
    assert contact["no"] == "CT000001" and contact["type"] == "COMPANY"
    assert contact["company"] == {"id": contact["id"], "no": "CT000001", "name": "Adatum"}
    assert contact["companyName"] == "Adatum"
    assert contact["correspondenceType"] == "NONE"
    assert contact["excludeFromSegment"] is False and contact["privacyBlocked"] is False
    second = await create(type="COMPANY", name="Fabrikam")
    assert second["contact"]["no"] == "CT000002"


async def test_given_free_number_is_accepted_and_a_taken_one_refused(create):
    given = await create(type="COMPANY", name="Adatum", no="ct900")
    assert given["userErrors"] == [] and given["contact"]["no"] == "CT900"
    taken = await create(type="PERSON", name="Ann", no="CT900")
    assert taken["contact"] is None
    assert taken["userErrors"][0]["code"] == "ALREADY_EXISTS"
    assert "CT900" in taken["userErrors"][0]["message"]
    assert taken["userErrors"][0]["field"] == ["input", "no"]


async def test_series_skips_numbers_taken_by_hand(create):
    await create(type="COMPANY", name="Hand", no="CT000001")
    auto = await create(type="COMPANY", name="Auto")
    assert auto["contact"]["no"] == "CT000002"


async def test_person_belongs_to_a_company_and_copies_its_name(company, create):
    adatum = await company("Adatum")
    payload = await create(type="PERSON", name="Ann Smith", companyId=adatum["id"])
    assert payload["userErrors"] == []
    assert payload["contact"]["company"]["id"] == adatum["id"]
    assert payload["contact"]["companyName"] == "Adatum"


async def test_independent_person_has_no_company(create):
    payload = await create(type="PERSON", name="Solo")
    assert payload["contact"]["company"] is None and payload["contact"]["companyName"] is None


async def test_person_company_must_be_a_company_contact(company, person, create):
    adatum = await company("Adatum")
    ann = await person("Ann", adatum)
    payload = await create(type="PERSON", name="Bob", companyId=ann["id"])
    assert payload["contact"] is None
    assert payload["userErrors"][0]["code"] == "INVALID"
    assert ann["no"] in payload["userErrors"][0]["message"]
    assert payload["userErrors"][0]["field"] == ["input", "companyId"]


async def test_unknown_or_malformed_company_id_is_not_found(create):
    missing = encode_id("Contact", 999)
    payload = await create(type="PERSON", name="Bob", companyId=missing)
    assert payload["userErrors"][0]["code"] == "NOT_FOUND" and missing in payload["userErrors"][0]["message"]
    wrong_type = await create(type="PERSON", name="Bob", companyId=encode_id("Territory", 1))
    assert wrong_type["userErrors"][0]["code"] == "NOT_FOUND"
    garbage = await create(type="PERSON", name="Bob", companyId="not-an-id")
    assert garbage["userErrors"][0]["code"] == "NOT_FOUND"


async def test_company_cannot_have_a_company(company, create):
    adatum = await company("Adatum")
    payload = await create(type="COMPANY", name="Sub", companyId=adatum["id"])
    assert payload["userErrors"][0]["code"] == "INVALID"


async def test_person_name_built_from_parts(create):
    payload = await create(type="PERSON", firstName="Ann", middleName="B.", surname="Smith")
    assert payload["userErrors"] == []
    assert payload["contact"]["name"] == "Ann B. Smith"
    only_surname = await create(type="PERSON", surname="Jones")
    assert only_surname["contact"]["name"] == "Jones"


async def test_name_required_when_neither_name_nor_parts(create):
    person = await create(type="PERSON", jobTitle="Buyer")
    assert person["contact"] is None and person["userErrors"][0]["code"] == "REQUIRED"
    assert person["userErrors"][0]["field"] == ["input", "name"]
    company = await create(type="COMPANY", name="   ")
    assert company["userErrors"][0]["code"] == "REQUIRED"


async def test_email_is_validated(create):
    bad = await create(type="COMPANY", name="Adatum", email="not-an-email")
    assert bad["userErrors"][0]["code"] == "INVALID" and "not-an-email" in bad["userErrors"][0]["message"]
    assert bad["userErrors"][0]["field"] == ["input", "email"]
    good = await create(type="COMPANY", name="Adatum", email="info@adatum.example")
    assert good["contact"]["email"] == "info@adatum.example"


async def test_phone_numbers_refuse_letters(create):
    bad = await create(type="COMPANY", name="Adatum", phoneNo="CALL-ME")
    assert bad["userErrors"][0]["code"] == "INVALID" and bad["userErrors"][0]["field"] == ["input", "phoneNo"]


async def test_too_long_text_is_invalid(create):
    bad = await create(type="COMPANY", name="Adatum", city="x" * 31)
    assert bad["userErrors"][0]["code"] == "INVALID" and bad["userErrors"][0]["field"] == ["input", "city"]


async def test_codes_are_upper_cased(create):
    payload = await create(type="COMPANY", name="Adatum", countryCode="be", languageCode="nlb", postCode="b-9000")
    contact = payload["contact"]
    assert (contact["countryCode"], contact["languageCode"], contact["postCode"]) == ("BE", "NLB", "B-9000")


async def test_salesperson_must_exist_and_not_be_blocked(create):
    await make_salesperson("JO")
    await make_salesperson("OLD", blocked=True)
    missing = await create(type="COMPANY", name="Adatum", salespersonCode="NOPE")
    assert missing["userErrors"][0]["code"] == "NOT_FOUND" and "NOPE" in missing["userErrors"][0]["message"]
    assert missing["userErrors"][0]["field"] == ["input", "salespersonCode"]
    blocked = await create(type="COMPANY", name="Adatum", salespersonCode="old")
    assert blocked["userErrors"][0]["code"] == "BLOCKED" and "OLD" in blocked["userErrors"][0]["message"]
    ok = await create(type="COMPANY", name="Adatum", salespersonCode="jo")
    assert ok["contact"]["salesperson"] == {"code": "JO"}


async def test_territory_must_exist(create):
    await make_territory("NORTH")
    missing = await create(type="COMPANY", name="Adatum", territoryCode="SOUTH")
    assert missing["userErrors"][0]["code"] == "NOT_FOUND" and "SOUTH" in missing["userErrors"][0]["message"]
    ok = await create(type="COMPANY", name="Adatum", territoryCode="north")
    assert ok["contact"]["territory"] == {"code": "NORTH"}


async def test_user_errors_change_nothing(create):
    await create(type="COMPANY", name="Adatum", salespersonCode="NOPE")
    assert await Contact.all().count() == 0
    series = await NumberSeries.filter(code="CONTACT").first()
    assert series is None or series.last_no == 0
    ok = await create(type="COMPANY", name="Adatum")
    assert ok["contact"]["no"] == "CT000001"


async def test_flags_and_correspondence_type(create):
    payload = await create(type="PERSON", name="Ann", correspondenceType="EMAIL", excludeFromSegment=True,
                           privacyBlocked=True, email="ann@x.example")
    contact = payload["contact"]
    assert contact["correspondenceType"] == "EMAIL"
    assert contact["excludeFromSegment"] is True and contact["privacyBlocked"] is True
