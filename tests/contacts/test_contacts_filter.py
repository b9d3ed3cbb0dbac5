"""contacts(filter:): criteria evaluated in the database, combined with paging and order; malformed
expressions are top-level BAD_USER_INPUT errors naming the expression."""

from __future__ import annotations

from datetime import date

from segmentum.models import IndustryGroup, MailingGroup
from segmentum.models.contacts import Contact
from segmentum.models.interactions import InteractionLogEntry
from tests.contacts.conftest import CLASSIFY

LIST = """query($filter: ContactCriteria, $f: Int, $a: String, $o: [ContactOrder!]) {
  contacts(filter: $filter, first: $f, after: $a, orderBy: $o) {
    totalCount nodes { name } pageInfo { hasNextPage endCursor } } }"""


async def names(gql, criteria, **args):
    data = await gql(LIST, {"filter": criteria, "f": 50, **args})
    return [n["name"] for n in data["contacts"]["nodes"]], data["contacts"]["totalCount"]


async def test_filter_on_contact_fields(gql, company, person):
    adatum = await company("ADATUM", city="GENT")
    await company("FABRIKAM", city="BRUGGE")
    await person("ANN", adatum, city="GENT")
    await person("BOB", city="AALST")
    assert await names(gql, {"contact": {"city": {"expr": "GENT|BRUGGE"}}}) == (["ADATUM", "FABRIKAM", "ANN"], 3)
    assert await names(gql, {"contact": {"type": "PERSON"}}) == (["ANN", "BOB"], 2)
    assert await names(gql, {"contact": {"name": {"startsWith": "A"}, "city": {"eq": "GENT"}}}) == (
        ["ADATUM", "ANN"], 2)
    assert await names(gql, {"contact": {"companyNo": {"eq": adatum["no"]}}}) == (["ADATUM", "ANN"], 2)


async def test_filter_pages_in_the_requested_order(gql, company):
    for name in ("DELTA", "ALPHA", "CHARLIE", "BRAVO", "ECHO"):
        await company(name, city="GENT" if name != "CHARLIE" else "AALST")
    criteria = {"contact": {"city": {"eq": "GENT"}}}
    order = [{"field": "NAME", "direction": "DESC"}]
    first = (await gql(LIST, {"filter": criteria, "f": 2, "o": order}))["contacts"]
    assert [n["name"] for n in first["nodes"]] == ["ECHO", "DELTA"] and first["totalCount"] == 4
    rest = (await gql(LIST, {"filter": criteria, "f": 5, "a": first["pageInfo"]["endCursor"], "o": order}))
    assert [n["name"] for n in rest["contacts"]["nodes"]] == ["BRAVO", "ALPHA"]


async def test_industry_group_filter_matches_persons_through_their_company(gql, company, person):
    await IndustryGroup.create(code="RETAIL", description="Retail")
    adatum = await company("ADATUM")
    await company("OTHER")
    await person("ANN", adatum)
    await person("SOLO")
    payload = await gql(CLASSIFY, {"input": {"id": adatum["id"], "industryGroupCodes": ["RETAIL"]}})
    assert payload["contactSetClassification"]["userErrors"] == []
    assert await names(gql, {"industryGroup": {"code": {"eq": "RETAIL"}}}) == (["ADATUM", "ANN"], 2)


async def test_mailing_group_and_interaction_filters(gql, company, person):
    await MailingGroup.create(code="NEWS", description="News")
    adatum = await company("ADATUM")
    ann = await person("ANN", adatum)
    await gql(CLASSIFY, {"input": {"id": ann["id"], "mailingGroupCodes": ["NEWS"]}})
    assert await names(gql, {"mailingGroup": {"code": {"eq": "NEWS"}}}) == (["ANN"], 1)
    stored = await Contact.get(no=adatum["no"])
    await InteractionLogEntry.create(contact=stored, contact_company_id=stored.company_id, date=date(2026, 1, 1),
                                     attempt_failed=True)
    assert await names(gql, {"interaction": {"attemptFailed": True}}) == (["ADATUM"], 1)
    assert await names(gql, {"interaction": {"attemptFailed": True}, "mailingGroup": {"code": {"eq": "NEWS"}}}) == (
        [], 0)


async def test_malformed_expression_is_bad_user_input_naming_it(gql, company):
    await company("ADATUM")
    result = await gql(LIST, {"filter": {"contact": {"city": {"expr": "A..B..C"}}}, "f": 5}, expect_errors=True)
    assert result["data"] is None
    error = result["errors"][0]
    assert error.extensions["code"] == "BAD_USER_INPUT"
    assert "A..B..C" in error.message


async def test_empty_filter_lists_everything(gql, company):
    await company("ADATUM")
    await company("FABRIKAM")
    assert await names(gql, {}) == (["ADATUM", "FABRIKAM"], 2)
    assert await names(gql, {"contact": {}}) == (["ADATUM", "FABRIKAM"], 2)
