"""Profile questionnaires: BC line numbering, questions through a loader, replacing questions, in-use rules."""

from __future__ import annotations

from segmentum.models.contacts import ContactProfileAnswer
from segmentum.models.masters import ProfileQuestionnaire, ProfileQuestionnaireLine

SELECT = """profileQuestionnaire { id code description contactType
  questions { lineNo description multipleAnswers answers { lineNo description } } }"""

INPUT = {
    "code": "size",
    "description": "Company size",
    "contactType": "COMPANY",
    "questions": [
        {"description": "Employees", "answers": ["1-10", "11-100", "100+"]},
        {"description": "Sites", "multipleAnswers": True, "answers": ["Gent", "Brugge"]},
        {"description": "Open question", "answers": []},
    ],
}


async def create(mutate, value=None):
    return await mutate("profileQuestionnaireCreate", "ProfileQuestionnaireCreateInput", value or INPUT, SELECT)


async def test_questions_and_answers_are_numbered_interleaved_as_bc(mutate):
    res = await create(mutate)
    assert res["userErrors"] == []
    q = res["profileQuestionnaire"]
    assert q["code"] == "SIZE" and q["contactType"] == "COMPANY"
    assert q["questions"] == [
        {"lineNo": 10000, "description": "Employees", "multipleAnswers": False, "answers": [
            {"lineNo": 20000, "description": "1-10"}, {"lineNo": 30000, "description": "11-100"},
            {"lineNo": 40000, "description": "100+"}]},
        {"lineNo": 50000, "description": "Sites", "multipleAnswers": True, "answers": [
            {"lineNo": 60000, "description": "Gent"}, {"lineNo": 70000, "description": "Brugge"}]},
        {"lineNo": 80000, "description": "Open question", "multipleAnswers": False, "answers": []},
    ]


async def test_duplicate_code_and_blank_answer_change_nothing(mutate):
    await create(mutate)
    dup = await create(mutate)
    assert dup["userErrors"][0]["code"] == "ALREADY_EXISTS"
    blank = await create(mutate, {"code": "OTHER", "description": "x",
                                  "questions": [{"description": "Q", "answers": ["ok", " "]}]})
    assert blank["userErrors"] == [{"field": ["input", "questions", "0", "answers", "1"],
                                    "message": "Answer must have a value.", "code": "REQUIRED"}]
    assert not await ProfileQuestionnaire.exists(code="OTHER")
    assert await ProfileQuestionnaireLine.all().count() == 8


async def test_update_replaces_questions_and_clears_contact_type(mutate):
    qid = (await create(mutate))["profileQuestionnaire"]["id"]
    res = await mutate("profileQuestionnaireUpdate", "ProfileQuestionnaireUpdateInput", {
        "id": qid, "contactType": None,
        "questions": [{"description": "Turnover", "answers": ["low", "high"]}],
    }, SELECT)
    q = res["profileQuestionnaire"]
    assert q["contactType"] is None and q["description"] == "Company size"
    assert q["questions"] == [{"lineNo": 10000, "description": "Turnover", "multipleAnswers": False, "answers": [
        {"lineNo": 20000, "description": "low"}, {"lineNo": 30000, "description": "high"}]}]
    assert await ProfileQuestionnaireLine.all().count() == 3


async def test_answered_questionnaire_keeps_its_questions_and_cannot_be_deleted(mutate, make_contact):
    qid = (await create(mutate))["profileQuestionnaire"]["id"]
    questionnaire = await ProfileQuestionnaire.get(code="SIZE")
    answer = await ProfileQuestionnaireLine.get(questionnaire=questionnaire, line_no=20000)
    contact = await make_contact()
    await ContactProfileAnswer.create(contact_id=contact.id, questionnaire=questionnaire,
                                      question_id=answer.question_id, answer=answer)

    res = await mutate("profileQuestionnaireUpdate", "ProfileQuestionnaireUpdateInput",
                       {"id": qid, "description": "New", "questions": []}, SELECT)
    assert res["userErrors"][0]["code"] == "IN_USE" and "'SIZE'" in res["userErrors"][0]["message"]
    assert (await ProfileQuestionnaire.get(code="SIZE")).description == "Company size"
    # Without questions the header may still change.
    res = await mutate("profileQuestionnaireUpdate", "ProfileQuestionnaireUpdateInput",
                       {"id": qid, "description": "New"}, "profileQuestionnaire { description }")
    assert res["profileQuestionnaire"] == {"description": "New"}

    res = await mutate("profileQuestionnaireDelete", "DeleteInput", {"id": qid}, "deletedId")
    assert res["deletedId"] is None and res["userErrors"][0]["code"] == "IN_USE"
    await ContactProfileAnswer.all().delete()
    res = await mutate("profileQuestionnaireDelete", "DeleteInput", {"id": qid}, "deletedId")
    assert res == {"deletedId": qid, "userErrors": []}
    assert await ProfileQuestionnaireLine.all().count() == 0


async def test_questions_of_a_page_load_in_one_statement(gql, mutate, sql_count):
    for i in range(6):
        await create(mutate, {**INPUT, "code": f"Q{i}"})
    counts = []
    for size in (1, 6):
        sql_count["n"] = 0
        data = await gql("query($n: Int) { profileQuestionnaires(first: $n) { nodes { code questions { "
                         "answers { lineNo } } } } }", {"n": size})
        assert all(len(n["questions"]) == 3 for n in data["profileQuestionnaires"]["nodes"])
        counts.append(sql_count["n"])
    assert counts[0] == counts[1]
    lookup = await gql('{ profileQuestionnaire(code: "q3") { code } }')
    assert lookup["profileQuestionnaire"] == {"code": "Q3"}
