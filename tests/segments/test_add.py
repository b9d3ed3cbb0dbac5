"""Add Contacts (BC §3.2): selection, Expand Companies, Allow Related Companies, exclusion, existing, privacy."""

from __future__ import annotations

import pytest

from tests.segments.conftest import contacts_of

GENT = {"contact": {"city": {"eq": "GENT"}}}


async def test_plain_add_skips_excluded_and_privacy_blocked_and_orders_as_bc(world, seg):
    s = await seg.create(description="Gent")
    res = await seg.add(s["id"], GENT)
    assert res["userErrors"] == []
    assert (res["linesAdded"], res["skippedExcluded"], res["skippedPrivacyBlocked"], res["skippedExisting"]) == (
        3,
        1,
        1,
        0,
    )
    # Independent persons (no company name) first, then each company followed by its persons.
    assert await seg.lines(s["no"]) == [(10000, "I1"), (20000, "CA"), (30000, "A1")]


@pytest.mark.parametrize(
    ("options", "criteria", "expected"),
    [
        ({"expandCompanies": True}, GENT, ["I1", "CA", "A1", "A2", "CB", "B2"]),
        (
            {"allowRelatedCompanies": True},
            {"contact": {"city": {"eq": "GENT"}, "type": "PERSON"}},
            ["I1", "CA", "A1", "CB"],
        ),
        ({"ignoreExclusion": True}, GENT, ["I1", "CA", "A1", "B1"]),
        ({"expandCompanies": True, "ignoreExclusion": True}, GENT, ["I1", "CA", "A1", "A2", "B1", "CB", "B2"]),
        (
            {"expandCompanies": True, "allowRelatedCompanies": True},
            {"contact": {"no": {"eq": "A2"}}},
            ["CA", "A1", "A2"],
        ),
        ({}, {"industryGroup": {"code": {"eq": "RETAIL"}}}, ["CA", "A1", "A2"]),
        ({}, {"contact": {"city": {"eq": "LEUVEN"}}, "industryGroup": {"code": {"eq": "RETAIL"}}}, []),
    ],
)
async def test_options_alone_and_combined(world, seg, options, criteria, expected):
    s = await seg.create()
    res = await seg.add(s["id"], criteria, **options)
    assert res["userErrors"] == []
    assert sorted(contacts_of(await seg.lines(s["no"]))) == sorted(expected)
    assert res["linesAdded"] == len(expected)


async def test_company_is_followed_by_its_persons_in_line_order(world, seg):
    s = await seg.create()
    await seg.add(s["id"], GENT, expandCompanies=True)
    assert contacts_of(await seg.lines(s["no"])) == ["I1", "CA", "A1", "A2", "CB", "B2"]


async def test_existing_contacts_are_skipped_unless_allowed(world, seg):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    again = await seg.add(s["id"], GENT)
    assert (again["linesAdded"], again["skippedExisting"]) == (0, 3)
    dup = await seg.add(s["id"], GENT, allowExistingContacts=True)
    assert (dup["linesAdded"], dup["skippedExisting"]) == (3, 0)
    lines = await seg.lines(s["no"])
    assert [n for n, _ in lines] == [10000 * i for i in range(1, 7)]
    assert sorted(contacts_of(lines)) == sorted(["I1", "CA", "A1"] * 2)


async def test_every_action_is_recorded_with_its_filters(world, seg, gql):
    s = await seg.create()
    await seg.add(
        s["id"],
        {"contact": {"city": {"expr": "GENT|BRUGGE"}, "type": "PERSON"}, "industryGroup": {"code": {"eq": "RETAIL"}}},
        expandCompanies=True,
    )
    await seg.add(s["id"], GENT)
    res = await gql(
        "query($no: String!) { segment(no: $no) { noOfCriteriaActions criteria { position action "
        "expandCompanies linesAdded filters { source text } } } }",
        {"no": s["no"]},
    )
    criteria = res["segment"]["criteria"]
    assert res["segment"]["noOfCriteriaActions"] == 2
    assert [c["position"] for c in criteria] == [1, 2]
    assert criteria[0]["action"] == "ADD" and criteria[0]["expandCompanies"] is True
    sources = {f["source"]: f["text"] for f in criteria[0]["filters"]}
    assert "GENT|BRUGGE" in sources["CONTACT"] and "RETAIL" in sources["INDUSTRY_GROUP"]
    assert criteria[1]["linesAdded"] == 1  # only I1 is new


async def test_no_filter_is_refused_unless_allowed(world, seg, gql):
    s = await seg.create()
    res = await seg.add(s["id"], None)
    assert res["userErrors"][0]["code"] == "NO_FILTER"
    assert res["segment"] is None
    assert (await gql("query($no: String!) { segment(no: $no) { noOfCriteriaActions noOfLines } }", {"no": s["no"]}))[
        "segment"
    ] == {"noOfCriteriaActions": 0, "noOfLines": 0}
    every = await seg.add(s["id"], None, allowNoFilter=True)
    # Every contact except the excluded and the privacy-blocked one.
    assert every["linesAdded"] == 7 and every["skippedExcluded"] == 1 and every["skippedPrivacyBlocked"] == 1


async def test_bad_input_changes_nothing(world, seg, gql):
    s = await seg.create()
    bad = await seg.add(s["id"], {"contact": {"city": {"expr": "GENT..BRUGGE..X"}}})
    assert bad["userErrors"][0]["code"] == "INVALID" and "GENT..BRUGGE..X" in bad["userErrors"][0]["message"]
    unknown = await seg.add("U2VnbWVudDo5OTk5", GENT)  # Segment:9999
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND"
    wrong_type = await seg.add(world.gid("A1"), GENT)
    assert wrong_type["userErrors"][0]["code"] == "NOT_FOUND"
    state = await gql("query($no: String!) { segment(no: $no) { noOfCriteriaActions noOfLines } }", {"no": s["no"]})
    assert state["segment"] == {"noOfCriteriaActions": 0, "noOfLines": 0}


async def test_new_lines_are_initialised_from_header_and_contact(world, seg, gql):
    s = await seg.create(description="Spring mailing", interactionTemplateCode="LETTER")
    await seg.add(s["id"], GENT)
    res = await gql(
        "query($no: String!) { segment(no: $no) { unitCostLcy lines { nodes { contact { no } "
        "description costLcy durationMin correspondenceType salesperson { code } "
        "interactionTemplate { code } contactCompany { no } } } } }",
        {"no": s["no"]},
    )
    lines = {n["contact"]["no"]: n for n in res["segment"]["lines"]["nodes"]}
    assert res["segment"]["unitCostLcy"] == "2.50"
    assert lines["A1"]["costLcy"] == "2.50" and lines["A1"]["durationMin"] == 5
    assert lines["A1"]["description"] == "Spring mailing"
    assert lines["A1"]["interactionTemplate"] == {"code": "LETTER"}
    # The template does not ignore the contact's type: A1 keeps EMAIL, the others have none -> template default.
    assert lines["A1"]["correspondenceType"] == "EMAIL"
    assert lines["I1"]["correspondenceType"] == "HARD_COPY"
    # No header salesperson: each line takes its contact's.
    assert lines["I1"]["salesperson"] == {"code": "JO"} and lines["A1"]["salesperson"] is None
    assert lines["A1"]["contactCompany"] == {"no": "CA"} and lines["I1"]["contactCompany"] is None
