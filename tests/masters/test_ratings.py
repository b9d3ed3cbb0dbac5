"""Rating questions (BC §1.2, the Rating table): the answer is computed from the points of the contact's other
answers, recomputed for every contact at once when the rating table changes and for one contact when its answers
change, refused by hand, and selected by segment criteria like any answer."""

from __future__ import annotations

from segmentum.models.contacts import ContactProfileAnswer
from segmentum.models.enums import ContactType
from segmentum.resolvers.ids import encode_id

QUESTIONNAIRE = """mutation($input: ProfileQuestionnaireCreateInput!) { profileQuestionnaireCreate(input: $input) {
  profileQuestionnaire { questions { lineNo rating answers { lineNo description fromValue toValue } } }
  userErrors { code field message } } }"""
RATE = "mutation($input: ProfileRatingInput!) { profileRatingSet(input: $input) { contactsRated userErrors { code " \
       "field message } } }"
UNRATE = "mutation($input: ProfileRatingRefInput!) { profileRatingDelete(input: $input) { contactsRated " \
         "userErrors { code field message } } }"
CLASSIFY = "mutation($input: ContactSetClassificationInput!) { contactSetClassification(input: $input) { " \
           "contact { no } userErrors { code field message } } }"
# Lines: 10000 Size (20000 Small, 30000 Large), 40000 Turnover (50000 Low, 60000 High), 70000 Value, a rating
# question (80000 Normal for 0..9.99, 90000 Key for 10..100).
QUESTIONS = [
    {"description": "Size", "answers": ["Small", "Large"]},
    {"description": "Turnover", "answers": ["Low", "High"]},
    {"description": "Value", "rating": True, "answers": ["Normal", "Key"],
     "answerRanges": [{"fromValue": "0", "toValue": "9.99"}, {"fromValue": "10", "toValue": "100"}]},
]
NORMAL, KEY = 80000, 90000


async def _questionnaire(gql, **overrides):
    res = await gql(QUESTIONNAIRE, {"input": {"code": "CUST", "description": "Customer", "questions": QUESTIONS,
                                              **overrides}})
    return res["profileQuestionnaireCreate"]


async def _rate(gql, answer_line_no: int, points: str) -> dict:
    res = await gql(RATE, {"input": {"questionnaireCode": "cust", "questionLineNo": 70000,
                                     "answerLineNo": answer_line_no, "points": points}})
    return res["profileRatingSet"]  # type: ignore[no-any-return]


async def _answer(gql, contact, *line_nos: int) -> dict:
    res = await gql(CLASSIFY, {"input": {"id": encode_id("Contact", contact.id), "profileAnswers": [
        {"questionnaireCode": "CUST", "answerLineNo": n} for n in line_nos]}})
    return res["contactSetClassification"]  # type: ignore[no-any-return]


async def _ratings() -> dict[str, int]:
    rows = await ContactProfileAnswer.filter(question__line_no=70000).prefetch_related("contact", "answer")
    return {row.contact.no: row.answer.line_no for row in rows}


async def test_rating_answers_are_computed_recomputed_and_selected_by_criteria(gql, make_contact):
    created = await _questionnaire(gql)
    assert created["userErrors"] == []
    value = created["profileQuestionnaire"]["questions"][2]
    assert value["rating"] is True
    assert value["answers"][1] == {"lineNo": KEY, "description": "Key", "fromValue": "10.00", "toValue": "100.00"}
    k1, k2, k3 = [await make_contact(no=no, type=ContactType.PERSON) for no in ("K1", "K2", "K3")]
    await _answer(gql, k1, 30000, 60000)
    await _answer(gql, k2, 20000, 60000)
    await _answer(gql, k3, 20000)
    assert await _ratings() == {}  # no rating table yet

    for line_no, points in ((30000, "6"), (60000, "5"), (20000, "1")):
        res = await _rate(gql, line_no, points)
        assert res["userErrors"] == [], res
    assert res["contactsRated"] == 3
    assert await _ratings() == {"K1": KEY, "K2": NORMAL, "K3": NORMAL}  # 11, 6 and 1 points

    # A contact's answers change: its rating follows.
    assert (await _answer(gql, k2, 30000, 60000))["userErrors"] == []
    assert await _ratings() == {"K1": KEY, "K2": KEY, "K3": NORMAL}
    # The rating table changes: every contact is rated again at once.
    res = await _rate(gql, 60000, "-2")
    assert res["contactsRated"] == 3
    assert await _ratings() == {"K1": NORMAL, "K2": NORMAL, "K3": NORMAL}  # 4, 4, 1
    res = await _rate(gql, 30000, "12")
    assert await _ratings() == {"K1": KEY, "K2": KEY, "K3": NORMAL}  # 10, 10, 1
    res = await gql(UNRATE, {"input": {"questionnaireCode": "CUST", "questionLineNo": 70000, "answerLineNo": 20000}})
    assert res["profileRatingDelete"] == {"contactsRated": 2, "userErrors": []}
    assert await _ratings() == {"K1": KEY, "K2": KEY}  # K3 has no rated answer left

    # The computed answer is an answer like any other for segment criteria.
    preview = await gql("query($c: ContactCriteria!) { segmentPreview(criteria: $c) { count } }",
                        {"c": {"profileAnswer": {"questionnaireCode": "CUST", "answerLineNos": [KEY]}}})
    assert preview["segmentPreview"]["count"] == 2
    data = await gql('{ profileQuestionnaire(code: "CUST") { questions { lineNo ratings { answerQuestionnaireCode '
                     'answerLineNo points } } } }')
    assert data["profileQuestionnaire"]["questions"][2]["ratings"] == [
        {"answerQuestionnaireCode": "CUST", "answerLineNo": 30000, "points": "12.00"},
        {"answerQuestionnaireCode": "CUST", "answerLineNo": 60000, "points": "-2.00"}]


async def test_a_rating_answer_is_not_given_by_hand(gql, make_contact):
    await _questionnaire(gql)
    contact = await make_contact(no="K1", type=ContactType.PERSON)
    res = await _answer(gql, contact, 20000, KEY)
    assert res["userErrors"][0]["code"] == "INVALID" and "rating question" in res["userErrors"][0]["message"]
    assert res["userErrors"][0]["field"] == ["input", "profileAnswers", "1", "answerLineNo"]
    assert not await ContactProfileAnswer.exists()


async def test_rating_setup_is_validated(gql):
    overlapping = [{**q} for q in QUESTIONS]
    overlapping[2] = {**QUESTIONS[2], "answerRanges": [{"fromValue": "0", "toValue": "10"},
                                                       {"fromValue": "10", "toValue": "100"}]}
    cases = [
        (overlapping, ["input", "questions", "2", "answerRanges", "1"], "overlaps"),
        ([{**QUESTIONS[2], "answerRanges": [{"fromValue": "5", "toValue": "1"}, {"fromValue": "10", "toValue": "20"}]}],
         ["input", "questions", "0", "answerRanges", "0"], "ends before it starts"),
        ([{**QUESTIONS[2], "answerRanges": None}], ["input", "questions", "0", "answerRanges"], "2 answers, 0 ranges"),
        ([{**QUESTIONS[0], "answerRanges": [{"fromValue": "0", "toValue": "1"}] * 2}],
         ["input", "questions", "0", "answerRanges"], "rating questions only"),
        ([{**QUESTIONS[2], "answerRanges": [{"fromValue": "0", "toValue": "1e12"},
                                            {"fromValue": "2", "toValue": "3"}]}],
         ["input", "questions", "0", "answerRanges", "0", "toValue"], "finite number"),
    ]
    for questions, field, needle in cases:
        res = await _questionnaire(gql, questions=questions)
        assert res["profileQuestionnaire"] is None
        assert res["userErrors"][0]["field"] == field and needle in res["userErrors"][0]["message"], res
    assert (await _questionnaire(gql))["userErrors"] == []
    for line_no, points, field, needle in ((KEY, "1", ["input", "answerLineNo"], "answers a rating question"),
                                           (10000, "1", ["input", "answerLineNo"], "not an answer"),
                                           (20000, "NaN", ["input", "points"], "finite"),
                                           (99999, "1", ["input", "answerLineNo"], "no line 99999")):
        res = await _rate(gql, line_no, points)
        assert res["contactsRated"] is None and res["userErrors"][0]["field"] == field, res
        assert needle in res["userErrors"][0]["message"], res
    res = await gql(RATE, {"input": {"questionnaireCode": "CUST", "questionLineNo": 10000, "answerLineNo": 20000,
                                     "points": "1"}})
    assert "not a rating question" in res["profileRatingSet"]["userErrors"][0]["message"]


async def test_a_rating_questionnaire_for_companies_rates_companies_only(gql, make_contact):
    assert (await _questionnaire(gql))["userErrors"] == []  # CUST: any contact type
    res = await gql(QUESTIONNAIRE, {"input": {"code": "CO", "description": "Company value", "contactType": "COMPANY",
                                              "questions": [QUESTIONS[2]]}})
    assert res["profileQuestionnaireCreate"]["userErrors"] == []
    res = await gql(RATE, {"input": {"questionnaireCode": "CO", "questionLineNo": 10000,
                                     "answerQuestionnaireCode": "CUST", "answerLineNo": 30000, "points": "20"}})
    assert res["profileRatingSet"]["userErrors"] == []
    person = await make_contact(no="P1", type=ContactType.PERSON)
    company = await make_contact(no="CO1", type=ContactType.COMPANY)
    for contact in (person, company):
        assert (await _answer(gql, contact, 30000))["userErrors"] == []
    rows = await ContactProfileAnswer.filter(questionnaire__code="CO").prefetch_related("contact", "answer")
    assert [(r.contact.no, r.answer.line_no) for r in rows] == [("CO1", 30000)]  # Key: 20 points
