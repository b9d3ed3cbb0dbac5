"""contactImport's rules, set-based over the staged rows: those of contactCreate and contactUpdate, per row."""

from __future__ import annotations

from models.contacts import Contact, ContactIndustryGroup, ContactJobResponsibility
from tests.imports.conftest import RunImport

HEADER = ("no,externalId,type,name,firstName,surname,companyNo,companyExternalId,email,phoneNo,city,postCode,"
          "salespersonCode,territoryCode,correspondenceType,privacyBlocked,industryGroupCodes,"
          "jobResponsibilityCodes\n")
GOOD = HEADER + (
    "C1,ext-c1,COMPANY,Brouwerij De Klok,,,,,info@deklok.be,09 123,Gent,9000,AV,EU,EMAIL,no,RETAIL|it,\n"
    ",ext-p1,PERSON,,Anna,Peeters,C1,,anna@deklok.be,,gent,9000,,,,yes,,SALES\n"
    ",ext-p2,PERSON,Bert,,,,ext-c1,,,,,,,,,,\n"
)


async def test_a_create_import_writes_companies_then_persons(run_import: RunImport, masters: None) -> None:
    result = await run_import(GOOD)
    assert result["payload"]["userErrors"] == []
    assert result["job"].status == "SUCCEEDED", result["job"].error
    assert result["errors"] == []
    assert result["job"].result == {"importId": result["job"].payload["import_id"], "rows": 3, "created": 3,
                                    "updated": 0, "unchanged": 0, "failed": 0, "errors": 0}
    company = await Contact.get(no="C1")
    assert (company.company_id, company.company_name, company.external_id) == (company.id, "Brouwerij De Klok",
                                                                                "ext-c1")
    assert company.correspondence_type == "EMAIL" and company.salesperson_id is not None
    assert company.post_code == "9000" and company.territory_id is not None
    anna = await Contact.get(external_id="ext-p1")
    assert (anna.name, anna.company_id, anna.company_name, anna.privacy_blocked) == (
        "Anna Peeters", company.id, "Brouwerij De Klok", True)
    assert anna.no.startswith("CT")
    bert = await Contact.get(external_id="ext-p2")
    assert bert.company_id == company.id and bert.name == "Bert"
    groups = await ContactIndustryGroup.filter(contact_id=company.id).prefetch_related("industry_group")
    assert sorted(g.industry_group.code for g in groups) == ["IT", "RETAIL"]
    assert await ContactJobResponsibility.filter(contact_id=anna.id).count() == 1


async def test_upsert_of_the_same_file_changes_nothing(run_import: RunImport, masters: None) -> None:
    first = await run_import(GOOD, mode="UPSERT")
    assert first["job"].result["created"] == 3
    before = {c.id: (c.updated_at, c.name, c.company_id, c.no) for c in await Contact.all()}
    links = await ContactIndustryGroup.all().count(), await ContactJobResponsibility.all().count()
    # A second file with the same rows (person rows without a number are matched on their externalId).
    again = await run_import(GOOD + "\n", mode="UPSERT")
    assert again["job"].status == "SUCCEEDED", again["job"].error
    assert again["errors"] == []
    assert {k: again["job"].result[k] for k in ("created", "updated", "unchanged")} == {
        "created": 0, "updated": 0, "unchanged": 3}
    assert {c.id: (c.updated_at, c.name, c.company_id, c.no) for c in await Contact.all()} == before
    assert (await ContactIndustryGroup.all().count(), await ContactJobResponsibility.all().count()) == links


async def test_upsert_updates_only_the_columns_given(run_import: RunImport, masters: None) -> None:
    await run_import(GOOD, mode="UPSERT")
    changed = await run_import("externalId,city,industryGroupCodes\next-c1,Brugge,IT\n", mode="UPSERT")
    assert changed["job"].result["updated"] == 1 and changed["errors"] == []
    company = await Contact.get(no="C1")
    assert (company.city, company.name, company.email) == ("Brugge", "Brouwerij De Klok", "info@deklok.be")
    groups = await ContactIndustryGroup.filter(contact_id=company.id).prefetch_related("industry_group")
    assert [g.industry_group.code for g in groups] == ["IT"]
    renamed = await run_import("no,name\nc1,De Klok\n", mode="UPSERT")
    assert renamed["job"].result["updated"] == 1
    assert {p.company_name for p in await Contact.filter(type="PERSON")} == {"De Klok"}


async def test_create_run_twice_creates_nothing_new(run_import: RunImport, masters: None) -> None:
    await run_import(GOOD)
    count = await Contact.all().count()
    again = await run_import(GOOD + "\n")  # another file (one more blank line), the same rows
    assert again["job"].result["created"] == 0 and again["job"].result["failed"] == 3
    assert {(e["row"], e["field"], e["code"]) for e in again["errors"]} >= {(1, "no", "ALREADY_EXISTS"),
                                                                           (2, "externalId", "ALREADY_EXISTS")}
    assert await Contact.all().count() == count
