"""Criteria codes that name no record do not stop an action or a preview, but are named in `warnings`."""

from __future__ import annotations

from segmentum.models import IndustryGroup

WARNINGS = "warnings { code message field }"


async def test_an_unknown_industry_group_is_a_warning_on_the_action(world, seg, gql):
    s = await seg.create()
    res = await gql(
        "mutation($i: SegmentAddContactsInput!) { segmentAddContacts(input: $i) { linesAdded userErrors { code } "
        + WARNINGS + " } }",
        {"i": {"segmentId": s["id"], "criteria": {"industryGroup": {"code": {"eq": "NOPE"}}}}},
    )
    payload = res["segmentAddContacts"]
    assert payload["userErrors"] == [] and payload["linesAdded"] == 0
    assert payload["warnings"] == [{
        "code": "UNKNOWN_CODE",
        "message": "Industry Group 'NOPE' names no record: this value matches nothing.",
        "field": ["input", "criteria", "industryGroup", "code", "eq"],
    }]


async def test_known_codes_give_no_warning_and_each_unknown_one_is_named(world, seg, gql):
    s = await seg.create()
    criteria = {"industryGroup": {"code": {"in": ["retail", "NOPE", "WHOLESALE", "GONE"]}},
                "contact": {"salespersonCode": {"eq": "JO"}, "city": {"eq": "NOWHERE"}}}
    res = await seg.act("segmentReduceContacts", "SegmentRemoveContactsInput", segmentId=s["id"],
                        criteria=criteria)
    assert res["userErrors"] == []
    fields = [w["field"] for w in (await gql(
        "mutation($i: SegmentRemoveContactsInput!) { segmentRefineContacts(input: $i) { " + WARNINGS + " } }",
        {"i": {"segmentId": s["id"], "criteria": criteria}}))["segmentRefineContacts"]["warnings"]]
    # City is free text (not a record), JO and RETAIL / WHOLESALE exist.
    assert fields == [["input", "criteria", "industryGroup", "code", "in", "1"],
                      ["input", "criteria", "industryGroup", "code", "in", "3"]]


async def test_the_preview_warns_about_a_questionnaire_and_a_salesperson_that_do_not_exist(world, gql):
    res = await gql("{ segmentPreview(criteria: {profileAnswer: {questionnaireCode: \"NOQ\"}, "
                    "contact: {salespersonCode: {eq: \"ZZ\"}}}) { count " + WARNINGS + " } }")
    preview = res["segmentPreview"]
    assert preview["count"] == 0
    assert [(w["code"], w["field"]) for w in preview["warnings"]] == [
        ("UNKNOWN_CODE", ["criteria", "contact", "salespersonCode", "eq"]),
        ("UNKNOWN_CODE", ["criteria", "profileAnswer", "questionnaireCode"]),
    ]


async def test_patterns_and_exclusions_are_not_checked(world, gql):
    res = await gql('{ segmentPreview(criteria: {industryGroup: {code: {expr: "NO*"}}, '
                    'mailingGroup: {code: {ne: "NOPE"}}}) { ' + WARNINGS + " } }")
    assert res["segmentPreview"]["warnings"] == []


async def test_reusing_criteria_warns_about_codes_deleted_since_they_were_saved(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], {"contact": {"city": {"eq": "GENT"}}})
    await IndustryGroup.create(code="GONE", description="Deleted later")
    await seg.reduce(s["id"], {"industryGroup": {"code": {"eq": "GONE"}}})
    saved = await gql("mutation($i: SegmentSaveCriteriaInput!) { segmentSaveCriteria(input: $i) "
                      "{ userErrors { code } } }",
                      {"i": {"segmentId": s["id"], "code": "TWO", "description": "Two actions"}})
    assert saved["segmentSaveCriteria"]["userErrors"] == []
    await IndustryGroup.filter(code="GONE").delete()
    other = await seg.create()
    res = await gql("mutation($i: SegmentReuseCriteriaInput!) { segmentReuseCriteria(input: $i) { linesAdded "
                    "userErrors { code } " + WARNINGS + " } }",
                    {"i": {"segmentId": other["id"], "savedCriteriaCode": "TWO"}})
    payload = res["segmentReuseCriteria"]
    assert payload["userErrors"] == [] and payload["linesAdded"] > 0
    assert payload["warnings"] == [{
        "code": "UNKNOWN_CODE",
        "message": "Saved action 2: Industry Group 'GONE' names no record: this value matches nothing.",
        "field": ["input", "savedCriteriaCode"],
    }]
