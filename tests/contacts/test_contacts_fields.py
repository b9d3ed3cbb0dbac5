"""Contact fields that reach other tables: persons, statistics, segment lines, profile answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from segmentum.models.contacts import Contact
from segmentum.models.enums import InitiatedBy
from segmentum.models.interactions import InteractionLogEntry
from segmentum.resolvers.ids import encode_id
from tests.contacts.conftest import put_on_segment

PERSONS = """query($no: String!, $f: Int, $a: String) { contact(no: $no) {
  persons(first: $f, after: $a) { totalCount nodes { name company { no } }
    pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""


async def test_persons_of_a_company_by_name_in_pages(gql, company, person):
    adatum, other = await company("Adatum"), await company("Other")
    for name in ("EVE", "BOB", "DAN", "ANN", "CAT"):
        await person(name, adatum)
    await person("ZED", other)
    await person("SOLO")
    first = (await gql(PERSONS, {"no": adatum["no"], "f": 2}))["contact"]["persons"]
    assert [n["name"] for n in first["nodes"]] == ["ANN", "BOB"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"] is True
    assert {n["company"]["no"] for n in first["nodes"]} == {adatum["no"]}
    rest = (await gql(PERSONS, {"no": adatum["no"], "f": 10, "a": first["pageInfo"]["endCursor"]}))
    persons = rest["contact"]["persons"]
    assert [n["name"] for n in persons["nodes"]] == ["CAT", "DAN", "EVE"]
    assert persons["pageInfo"]["hasNextPage"] is False and persons["pageInfo"]["hasPreviousPage"] is True


async def test_persons_of_many_companies_in_one_list(gql, company, person):
    companies = [await company(f"CO{i}") for i in range(3)]
    for i, co in enumerate(companies):
        for j in range(i + 1):
            await person(f"P{i}{j}", co)
    data = await gql("""{ contacts(first: 20) { nodes { no type
        persons(first: 2) { totalCount nodes { name } pageInfo { hasNextPage } } } } }""")
    by_no = {n["no"]: n["persons"] for n in data["contacts"]["nodes"]}
    assert [n["name"] for n in by_no[companies[2]["no"]]["nodes"]] == ["P20", "P21"]
    assert by_no[companies[2]["no"]]["totalCount"] == 3 and by_no[companies[2]["no"]]["pageInfo"]["hasNextPage"]
    assert [n["name"] for n in by_no[companies[0]["no"]]["nodes"]] == ["P00"]
    persons_of_persons = [n["persons"] for n in data["contacts"]["nodes"] if n["type"] == "PERSON"]
    assert persons_of_persons and all(p["totalCount"] == 0 and p["nodes"] == [] for p in persons_of_persons)


async def entry(contact: Contact, day: int, **fields) -> InteractionLogEntry:
    return await InteractionLogEntry.create(contact=contact, contact_company_id=contact.company_id,
                                            date=date(2026, 1, day), **fields)


async def test_statistics_leave_canceled_entries_out(gql, company):
    adatum = await company("Adatum")
    contact = await Contact.get(no=adatum["no"])
    await entry(contact, 3, cost_lcy=Decimal("10.10"), duration_min=5, initiated_by=InitiatedBy.US)
    await entry(contact, 7, cost_lcy=Decimal("0.25"), duration_min=10, attempt_failed=True)
    await entry(contact, 5, cost_lcy=Decimal("2.00"), duration_min=1, initiated_by=InitiatedBy.THEM)
    await entry(contact, 9, cost_lcy=Decimal("100"), duration_min=100, canceled=True, initiated_by=InitiatedBy.US)
    data = await gql("""query($no: String!) { contact(no: $no) { statistics {
        noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted } } }""", {"no": adatum["no"]})
    assert data["contact"]["statistics"] == {
        "noOfInteractions": 3, "costLcy": "12.35", "durationMin": 16,
        "dateOfLastInteraction": "2026-01-05", "lastDateAttempted": "2026-01-03",
    }


STATS = """query($no: String!) { contact(no: $no) { statistics {
    noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted }
    interactions(first: 10) { totalCount nodes { entryNo } } } }"""


async def test_a_companys_statistics_and_interactions_include_its_persons(gql, company, person):
    """BC's FlowFields count by Contact Company No.: every entry logged while the contact was of the company."""
    adatum, other = await company("Adatum"), await company("Other")
    ann, bob = await person("Ann", adatum), await person("Bob", adatum)
    co, a, b = [await Contact.get(no=c["no"]) for c in (adatum, ann, bob)]
    own = await entry(co, 2, cost_lcy=Decimal("1.00"), duration_min=1)
    by_ann = await entry(a, 8, cost_lcy=Decimal("2.50"), duration_min=10, initiated_by=InitiatedBy.US)
    by_bob = await entry(b, 4, cost_lcy=Decimal("0.25"), duration_min=3, attempt_failed=True)
    await entry(b, 9, cost_lcy=Decimal("50"), duration_min=50, canceled=True)
    # Bob moves to Other: what he did at Adatum stays Adatum's; what he does now is Other's.
    await gql("mutation($i: ContactUpdateInput!) { contactUpdate(input: $i) { userErrors { code } } }",
              {"i": {"id": encode_id("Contact", b.id), "companyId": other["id"]}})
    b = await Contact.get(id=b.id)
    at_other = await entry(b, 6, cost_lcy=Decimal("4.00"), duration_min=4)

    data = (await gql(STATS, {"no": adatum["no"]}))["contact"]
    assert data["statistics"] == {"noOfInteractions": 3, "costLcy": "3.75", "durationMin": 14,
                                  "dateOfLastInteraction": "2026-01-08", "lastDateAttempted": "2026-01-08"}
    assert [n["entryNo"] for n in data["interactions"]["nodes"]] == [own.id, by_ann.id, by_bob.id]
    assert data["interactions"]["totalCount"] == 3
    other_data = (await gql(STATS, {"no": other["no"]}))["contact"]
    assert other_data["statistics"]["noOfInteractions"] == 1
    assert [n["entryNo"] for n in other_data["interactions"]["nodes"]] == [at_other.id]
    # A person counts its own entries, whatever company it was of.
    bob_data = (await gql(STATS, {"no": bob["no"]}))["contact"]
    assert bob_data["statistics"]["noOfInteractions"] == 2 and bob_data["statistics"]["costLcy"] == "4.25"
    assert (await gql(STATS, {"no": ann["no"]}))["contact"]["statistics"]["costLcy"] == "2.50"


async def test_statistics_of_a_contact_without_interactions(gql, company):
    adatum = await company("Adatum")
    data = await gql("""query($no: String!) { contact(no: $no) { statistics {
        noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted } } }""", {"no": adatum["no"]})
    assert data["contact"]["statistics"] == {"noOfInteractions": 0, "costLcy": "0.00", "durationMin": 0,
                                             "dateOfLastInteraction": None, "lastDateAttempted": None}


async def test_segment_lines_of_a_contact(gql, company, person):
    adatum = await company("Adatum")
    ann = await person("Ann", adatum)
    await put_on_segment(ann["no"], "SEG00001")
    await put_on_segment(adatum["no"], "SEG00001")
    await put_on_segment(ann["no"], "SEG00002")
    data = await gql("""query($no: String!) { contact(no: $no) { segmentLines { lineNo segment { no } } } }""",
                     {"no": ann["no"]})
    assert data["contact"]["segmentLines"] == [
        {"lineNo": 10000, "segment": {"no": "SEG00001"}}, {"lineNo": 10000, "segment": {"no": "SEG00002"}}]


INTERACTIONS = """query($no: String!, $f: Int, $a: String, $c: Boolean) { contact(no: $no) {
  interactions(first: $f, after: $a, includeCanceled: $c) { totalCount
    nodes { entryNo canceled contact { no } } pageInfo { hasNextPage endCursor } } } }"""


async def test_interactions_of_a_contact_in_entry_order(gql, company, person):
    adatum = await company("Adatum")
    ann = await person("Ann", adatum)
    stored_ann, stored_adatum = await Contact.get(no=ann["no"]), await Contact.get(no=adatum["no"])
    mine = [await entry(stored_ann, d, canceled=(d == 2)) for d in (1, 2, 3, 4)]
    await entry(stored_adatum, 5)
    page = (await gql(INTERACTIONS, {"no": ann["no"], "f": 2}))["contact"]["interactions"]
    assert [n["entryNo"] for n in page["nodes"]] == [mine[0].id, mine[2].id]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    assert {n["contact"]["no"] for n in page["nodes"]} == {ann["no"]}
    rest = (await gql(INTERACTIONS, {"no": ann["no"], "f": 2, "a": page["pageInfo"]["endCursor"]}))
    assert [n["entryNo"] for n in rest["contact"]["interactions"]["nodes"]] == [mine[3].id]
    everything = (await gql(INTERACTIONS, {"no": ann["no"], "f": 10, "c": True}))["contact"]["interactions"]
    assert [n["entryNo"] for n in everything["nodes"]] == [e.id for e in mine]
    assert everything["totalCount"] == 4 and everything["nodes"][1]["canceled"] is True


async def test_nested_page_size_is_limited(gql, company):
    adatum = await company("Adatum")
    result = await gql(INTERACTIONS, {"no": adatum["no"], "f": 101}, expect_errors=True)
    assert result["errors"][0].extensions["code"] == "BAD_USER_INPUT"
