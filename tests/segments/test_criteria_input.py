"""Criteria through the API: hostile input answers with coded errors naming the field (userErrors INVALID in
mutations, nothing written; BAD_USER_INPUT in queries), an empty expression is no filter, and profile-answer
filters show their question and answer texts."""

from __future__ import annotations

from typing import Any

import pytest

from segmentum.models.enums import ProfileLineType
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine
from segmentum.models.segments import Segment, SegmentCriteriaAction
from tests.segments.conftest import contacts_of

PREVIEW = "query($c: ContactCriteria!) { segmentPreview(criteria: $c) { count } }"

HOSTILE: list[tuple[str, dict[str, Any], list[str], str]] = [
    ("long expression", {"contact": {"name": {"expr": "A" * 100_000}}}, ["contact", "name", "expr"],
     "longer than 10,000 characters"),
    ("nested parentheses", {"contact": {"city": {"expr": "(" * 500 + "GENT" + ")" * 500}}},
     ["contact", "city", "expr"], "nest more than 20 deep"),
    ("many terms", {"contact": {"city": {"expr": "|".join(["GENT"] * 50_000)}}}, ["contact", "city", "expr"],
     "longer than 10,000 characters"),
    ("long in list", {"contact": {"no": {"in": [f"CT{i:06d}" for i in range(40_000)]}}}, ["contact", "no", "in"],
     "at most 1,000"),
    ("far date", {"interaction": {"date": {"eq": "9999-12-31"}}}, ["interaction", "date", "eq"], "out of range"),
    ("huge day count", {"contact": {"createdAt": {"withinLastDays": 2_147_483_647}}},
     ["contact", "createdAt", "withinLastDays"], "withinLastDays must be"),
    ("negative day count", {"interaction": {"date": {"olderThanDays": -5}}},
     ["interaction", "date", "olderThanDays"], "olderThanDays must be"),
    ("NUL", {"contact": {"name": {"eq": "Anna\x00"}}}, ["contact", "name", "eq"], "NUL"),
    ("surrogate", {"industryGroup": {"code": {"startsWith": "R\ud800"}}}, ["industryGroup", "code", "startsWith"],
     "unpaired surrogate"),
    ("NUL in expression", {"segment": {"segmentNo": {"expr": "SEG\x00*"}}}, ["segment", "segmentNo", "expr"], "NUL"),
    ("surrogate in questionnaire", {"profileAnswer": {"questionnaireCode": "\udfffQ"}},
     ["profileAnswer", "questionnaireCode"], "unpaired surrogate"),
]


@pytest.mark.parametrize(("case", "criteria", "path", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_hostile_criteria_in_a_query_are_bad_user_input_naming_the_field(gql, world, case, criteria, path,
                                                                               words):
    res = await gql(PREVIEW, {"c": criteria}, expect_errors=True)
    [error] = res["errors"]
    assert error.extensions["code"] == "BAD_USER_INPUT"
    assert error.extensions["fields"] == [["criteria", *path]]
    assert error.message.startswith(".".join(["criteria", *path]) + ": ")
    assert words in error.message
    assert len(error.message) < 300, error.message  # a short prefix of the value at most


@pytest.mark.parametrize(("case", "criteria", "path", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_hostile_criteria_in_an_action_are_invalid_and_change_nothing(world, seg, case, criteria, path, words):
    s = await seg.create()
    res = await seg.add(s["id"], criteria)
    [error] = res["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID", ["input", "criteria", *path])
    assert words in error["message"] and len(error["message"]) < 300
    assert res["segment"] is None
    assert await SegmentCriteriaAction.filter(segment__no=s["no"]).count() == 0
    assert await seg.lines(s["no"]) == []


async def test_a_value_longer_than_its_code_column_matches_nothing(world, seg, gql):
    res = await gql(PREVIEW, {"c": {"contact": {"no": {"eq": "A1" + "X" * 200}, "postCode": {"in": ["9" * 240]}}}})
    assert res["segmentPreview"]["count"] == 0
    s = await seg.create()
    res = await seg.add(s["id"], {"industryGroup": {"code": {"expr": "R" * 250}}})
    assert (res["userErrors"], res["linesAdded"]) == ([], 0)


async def test_an_empty_expression_is_no_filter(world, seg, gql):
    empty = {"contact": {"city": {"expr": ""}}, "industryGroup": {"code": {"expr": "  "}}}
    s = await seg.create()
    res = await seg.add(s["id"], empty)
    assert [e["code"] for e in res["userErrors"]] == ["NO_FILTER"]  # as no criteria at all
    res = await seg.add(s["id"], empty, allowNoFilter=True)
    assert res["userErrors"] == [] and sorted(contacts_of(await seg.lines(s["no"]))) == [
        "A1", "A2", "B2", "CA", "CB", "I1", "I2"
    ]
    res = await seg.refine(s["id"], {"contact": {"city": {"expr": "", "eq": "GENT"}}})
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["A1", "CA", "I1"]
    assert (await gql(PREVIEW, {"c": {"contact": {"name": {"expr": " "}}}}))["segmentPreview"]["count"] == 7


async def test_code_filters_are_upper_cased_through_the_api(world, seg, gql):
    criteria = {"contact": {"no": {"expr": "a?|ca"}}, "industryGroup": {"code": {"eq": "retail"}}}
    preview = await gql(PREVIEW, {"c": criteria})
    assert preview["segmentPreview"]["count"] == 3  # CA, A1, A2 (AP is privacy blocked)


async def test_profile_answer_filters_show_question_and_answer_texts(world, seg, gql):
    q = await ProfileQuestionnaire.create(code="CUSTOMER", description="Customer profile")
    size = await ProfileQuestionnaireLine.create(questionnaire=q, line_no=10000, type=ProfileLineType.QUESTION,
                                                 description="Company size")
    for no, text in ((20000, "Small"), (30000, "Large")):
        await ProfileQuestionnaireLine.create(questionnaire=q, line_no=no, type=ProfileLineType.ANSWER,
                                              description=text, question=size)
    s = await seg.create()
    for answers in ([30000], [20000, 30000, 90000]):
        res = await seg.add(s["id"], {"profileAnswer": {"questionnaireCode": "customer", "answerLineNos": answers}},
                            allowExistingContacts=True)
        assert res["userErrors"] == []
    res = await gql(
        "query($no: String!) { segment(no: $no) { criteria { filters { source text } } } }", {"no": s["no"]}
    )
    texts = [[(f["source"], f["text"]) for f in action["filters"]] for action in res["segment"]["criteria"]]
    assert texts == [
        [("PROFILE_ANSWER", "Questionnaire: CUSTOMER; Company size: Large")],
        [("PROFILE_ANSWER", "Questionnaire: CUSTOMER; Company size: Small|Large; Line No.: 90000")],
    ]
    assert await Segment.filter(no=s["no"]).count() == 1
