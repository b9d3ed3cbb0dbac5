"""contactImport's rules, set-based over the staged rows: those of contactCreate and contactUpdate, per row."""

from __future__ import annotations

from segmentum.models import ContactIndustryGroup, ContactJobResponsibility
from segmentum.models.contacts import Contact
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


async def test_each_bad_row_gets_its_errors_and_the_good_rows_are_imported(run_import: RunImport,
                                                                           masters: None) -> None:
    rows = [
        "C1,,COMPANY,Good Company,,,,,,,,,,,,,,",                      # 1 fine
        "C2,,COMPANY,,,,,,,,,,,,,,,",                                  # 2 a company needs a name
        ",,PERSON,,,,,,,,,,,,,,,",                                     # 3 a person needs a name or its parts
        ",,ROBOT,R2,,,,,,,,,,,,,,",                                    # 4 unknown type
        ",,PERSON,Eve,,,,,not-an-email,12ab,,,,,,,,",                  # 5 e-mail and phone
        ",,PERSON,Sam,,,NOPE,,,,,,,,,,,",                              # 6 unknown company
        ",,PERSON,Tom,,,C1,,,,,,NOBODY,XX,LETTER,maybe,,",             # 7 codes, enum, boolean
        ",,PERSON,Ann,,,C2,,,,,,OLD,,,,,",                             # 8 company row 2 fails; blocked salesperson
        ",,COMPANY,Acme,,,C1,,,,,,,,,,,",                              # 9 a company with a company
        ",,PERSON,Kim,,,,,,,,,,,,,RETAIL|NOPE,SALES",                  # 10 industry groups on a person; unknown
        "C1,,COMPANY,Again,,,,,,,,,,,,,,",                             # 11 the number of row 1 again
        f",,COMPANY,{'x' * 101},,,,,,,,,,,,,,",                        # 12 over-long name
    ]
    result = await run_import(HEADER + "\n".join(rows) + "\n")
    assert result["job"].status == "SUCCEEDED", result["job"].error
    found = {(e["row"], e["field"], e["code"]) for e in result["errors"]}
    assert found == {
        (2, "name", "REQUIRED"), (3, "name", "REQUIRED"), (4, "type", "INVALID"), (5, "email", "INVALID"),
        (5, "phoneNo", "INVALID"), (6, "companyNo", "NOT_FOUND"), (7, "salespersonCode", "NOT_FOUND"),
        (7, "territoryCode", "NOT_FOUND"), (7, "correspondenceType", "INVALID"), (7, "privacyBlocked", "INVALID"),
        (8, "companyNo", "INVALID"), (8, "salespersonCode", "BLOCKED"), (9, "companyNo", "INVALID"),
        (10, "industryGroupCodes", "NOT_FOUND"), (10, "industryGroupCodes", "INVALID"), (11, "no", "ALREADY_EXISTS"),
        (12, "name", "INVALID"),
    }
    messages = {(e["row"], e["field"]): e["message"] for e in result["errors"]}
    assert messages[(4, "type")] == "Type 'ROBOT' is not one of COMPANY, PERSON."
    assert messages[(6, "companyNo")].startswith("Company 'NOPE' does not exist")
    assert messages[(8, "companyNo")] == "Company row 2 has errors, so this person is not imported."
    assert messages[(11, "no")] == "Row 1 has the same number."
    assert messages[(12, "name")] == f"Name '{'x' * 40}'… (101 characters) is longer than 100 characters."
    assert [e["row"] for e in result["errors"]] == sorted(e["row"] for e in result["errors"])
    assert result["job"].result["created"] == 1 and result["job"].result["failed"] == 11
    assert [c.no for c in await Contact.all()] == ["C1"]


async def test_hostile_values_are_row_errors_and_store_nothing_of_them(run_import: RunImport,
                                                                       masters: None) -> None:
    data = ('{"no": "H1", "type": "COMPANY", "name": "Nul\\u0000here"}\n'
            '{"no": "H2", "type": "COMPANY", "name": "Lone \\ud800 surrogate"}\n'
            '{"no": "H3", "type": "COMPANY", "name": "' + "y" * 5000 + '", "city": "' + "z" * 31 + '"}\n'
            '{"no": "H4", "type": "COMPANY", "name": "Robert\'); DROP TABLE contact;--"}\n'
            '{"no": "H5", "type": "COMPANY", "name": "Fine", "industryGroupCodes": ["RETAIL", "retail"]}\n')
    result = await run_import(data, format="JSONL", name="hostile.jsonl")
    assert result["job"].status == "SUCCEEDED", result["job"].error
    assert {(e["row"], e["field"], e["code"]) for e in result["errors"]} == {
        (1, "name", "INVALID"), (2, "name", "INVALID"), (3, "name", "INVALID"), (3, "city", "INVALID")}
    assert sorted(c.no for c in await Contact.all()) == ["H4", "H5"]
    assert (await Contact.get(no="H4")).name == "Robert'); DROP TABLE contact;--"
    assert await ContactIndustryGroup.filter(contact__no="H5").count() == 1


async def test_a_file_that_is_not_well_formed_is_one_user_error_and_nothing_is_stored(run_import: RunImport,
                                                                                    masters: None) -> None:
    from segmentum.models.imports.tables import ContactImport
    from segmentum.models.system import Job

    cases = [
        (b"no,name,colour\nC1,A,red\n", "CSV", "UNKNOWN_FIELD", "'colour'"),
        (b"no,name\nC1,\"unclosed\n", "CSV", "INVALID", "not valid CSV"),
        (b"no,name\nC1,A,extra\n", "CSV", "INVALID", "Line 2 (row 1) has 3 fields"),
        ("no,name\nC1,Caf\u00e9\n".encode("latin-1"), "CSV", "UNSUPPORTED_TYPE", "not UTF-8"),
        (b"", "CSV", "INVALID", "empty"),
        (b"no,name\n", "CSV", "INVALID", "no rows"),
        (b'{"no": "C1"}\n[1]\n', "JSONL", "INVALID", "Line 2 is not a JSON object"),
        (b'{"no": "C1", "shoeSize": 44}\n', "JSONL", "UNKNOWN_FIELD", "'shoeSize'"),
        (b'{"no": {"a": 1}}\n', "JSONL", "INVALID", "must be a string"),
    ]
    for data, format, code, needle in cases:
        result = await run_import(data, format=format)
        errors = result["payload"]["userErrors"]
        assert result["payload"]["job"] is None and len(errors) == 1, (data, errors)
        assert errors[0]["code"] == code and errors[0]["field"] == ["file"], (data, errors)
        assert needle in errors[0]["message"], (data, errors)
    assert not await ContactImport.exists() and not await Job.exists() and not await Contact.exists()


async def test_new_rows_take_numbers_past_those_taken_by_hand(run_import: RunImport, masters: None) -> None:
    await Contact.create(no="CT000001", type="COMPANY", name="Taken by hand")
    result = await run_import("type,name\nCOMPANY,First\nCOMPANY,Second\n")
    assert result["job"].result["created"] == 2
    assert sorted(c.no for c in await Contact.all()) == ["CT000001", "CT000002", "CT000003"]
    assert [c.name for c in await Contact.filter(no__in=["CT000002", "CT000003"]).order_by("no")] == [
        "First", "Second"]


async def test_a_nul_byte_in_a_csv_value_is_a_row_error(run_import: RunImport, masters: None) -> None:
    result = await run_import(b"no,type,name,city\nN1,COMPANY,Fine,Ge\x00nt\nN2,COMPANY,Also fine,Gent\n")
    assert [(e["row"], e["field"], e["code"]) for e in result["errors"]] == [(1, "city", "INVALID")]
    assert [c.no for c in await Contact.all()] == ["N2"]
