"""contactSetClassification: replace semantics, company/person rules, inheritance, profile answers."""

from __future__ import annotations

from segmentum.models import (
    BusinessRelation,
    ContactIndustryGroup,
    ContactMailingGroup,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)
from tests.contacts.conftest import CLASSIFY, make_questionnaire

READ = """query($no: String!) { contact(no: $no) {
  businessRelations { code } industryGroups { code } mailingGroups { code } jobResponsibilities { code }
} }"""


async def masters():
    for code in ("RETAIL", "WHOLESALE"):
        await IndustryGroup.create(code=code, description=code.title())
    for code in ("CUST", "VEND"):
        await BusinessRelation.create(code=code, description=code.title())
    for code in ("NEWS", "XMAS"):
        await MailingGroup.create(code=code, description=code.title())
    for code in ("BUYER", "CEO"):
        await JobResponsibility.create(code=code, description=code.title())


async def classify(gql, gid, **lists):
    return (await gql(CLASSIFY, {"input": {"id": gid, **lists}}))["contactSetClassification"]


def codes(items):
    return [i["code"] for i in items]


async def test_company_classification_is_inherited_by_its_persons(gql, company, person):
    await masters()
    adatum = await company("Adatum")
    ann = await person("Ann", adatum)
    solo = await person("Solo")
    payload = await classify(gql, adatum["id"], industryGroupCodes=["wholesale", "RETAIL"],
                             businessRelationCodes=["CUST"], mailingGroupCodes=["NEWS"])
    assert payload["userErrors"] == []
    assert codes(payload["contact"]["industryGroups"]) == ["RETAIL", "WHOLESALE"]
    assert codes(payload["contact"]["businessRelations"]) == ["CUST"]
    read = (await gql(READ, {"no": ann["no"]}))["contact"]
    assert codes(read["industryGroups"]) == ["RETAIL", "WHOLESALE"]
    assert codes(read["businessRelations"]) == ["CUST"]
    assert read["mailingGroups"] == []  # mailing groups are the contact's own
    alone = (await gql(READ, {"no": solo["no"]}))["contact"]
    assert alone["industryGroups"] == [] and alone["businessRelations"] == []


async def test_given_list_replaces_and_omitted_list_is_kept(gql, company):
    await masters()
    adatum = await company("Adatum")
    await classify(gql, adatum["id"], industryGroupCodes=["RETAIL"], mailingGroupCodes=["NEWS", "XMAS"])
    payload = await classify(gql, adatum["id"], industryGroupCodes=["WHOLESALE"])
    assert codes(payload["contact"]["industryGroups"]) == ["WHOLESALE"]
    assert codes(payload["contact"]["mailingGroups"]) == ["NEWS", "XMAS"]
    cleared = await classify(gql, adatum["id"], mailingGroupCodes=[])
    assert cleared["contact"]["mailingGroups"] == [] and codes(cleared["contact"]["industryGroups"]) == ["WHOLESALE"]


async def test_company_level_codes_refused_on_a_person(gql, company, person):
    await masters()
    ann = await person("Ann", await company("Adatum"))
    for field in ("industryGroupCodes", "businessRelationCodes"):
        payload = await classify(gql, ann["id"], **{field: ["RETAIL" if "industry" in field else "CUST"]})
        assert payload["contact"] is None
        assert payload["userErrors"][0]["code"] == "INVALID" and payload["userErrors"][0]["field"] == ["input", field]
        assert ann["no"] in payload["userErrors"][0]["message"]


async def test_job_responsibilities_only_on_persons(gql, company, person):
    await masters()
    adatum = await company("Adatum")
    refused = await classify(gql, adatum["id"], jobResponsibilityCodes=["CEO"])
    assert refused["userErrors"][0]["code"] == "INVALID"
    ann = await person("Ann", adatum)
    ok = await classify(gql, ann["id"], jobResponsibilityCodes=["ceo", "BUYER"], mailingGroupCodes=["XMAS"])
    assert ok["userErrors"] == []
    assert codes(ok["contact"]["jobResponsibilities"]) == ["BUYER", "CEO"]
    assert codes(ok["contact"]["mailingGroups"]) == ["XMAS"]


async def test_unknown_code_is_not_found_and_nothing_changes(gql, company):
    await masters()
    adatum = await company("Adatum")
    await classify(gql, adatum["id"], mailingGroupCodes=["NEWS"])
    payload = await classify(gql, adatum["id"], mailingGroupCodes=["XMAS"], industryGroupCodes=["RETAIL", "NOPE"])
    assert payload["contact"] is None
    error = payload["userErrors"][0]
    assert error["code"] == "NOT_FOUND" and "NOPE" in error["message"]
    assert error["field"] == ["input", "industryGroupCodes", "1"]
    assert await ContactIndustryGroup.all().count() == 0
    assert [m.mailing_group_id for m in await ContactMailingGroup.all()] == [
        (await MailingGroup.get(code="NEWS")).id]


async def test_profile_answers(gql, company):
    await make_questionnaire("SIZE", [("Size?", False, ["Small", "Large"]), ("Tools?", True, ["CRM", "ERP"])])
    adatum = await company("Adatum")
    # lines: 10000 Size?, 20000 Small, 30000 Large, 40000 Tools?, 50000 CRM, 60000 ERP
    payload = await classify(gql, adatum["id"], profileAnswers=[
        {"questionnaireCode": "size", "answerLineNo": 30000},
        {"questionnaireCode": "SIZE", "answerLineNo": 60000},
        {"questionnaireCode": "SIZE", "answerLineNo": 50000},
    ])
    assert payload["userErrors"] == []
    assert payload["contact"]["profileAnswers"] == [
        {"questionnaire": {"code": "SIZE"}, "questionLineNo": 10000, "answerLineNo": 30000, "answer": "Large"},
        {"questionnaire": {"code": "SIZE"}, "questionLineNo": 40000, "answerLineNo": 50000, "answer": "CRM"},
        {"questionnaire": {"code": "SIZE"}, "questionLineNo": 40000, "answerLineNo": 60000, "answer": "ERP"},
    ]
    replaced = await classify(gql, adatum["id"], profileAnswers=[{"questionnaireCode": "SIZE", "answerLineNo": 20000}])
    assert [a["answer"] for a in replaced["contact"]["profileAnswers"]] == ["Small"]


async def test_profile_answer_errors(gql, company):
    await make_questionnaire("SIZE", [("Size?", False, ["Small", "Large"])])
    adatum = await company("Adatum")
    unknown = await classify(gql, adatum["id"], profileAnswers=[{"questionnaireCode": "NOPE", "answerLineNo": 1}])
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND" and "NOPE" in unknown["userErrors"][0]["message"]
    assert unknown["userErrors"][0]["field"] == ["input", "profileAnswers", "0", "questionnaireCode"]
    no_line = await classify(gql, adatum["id"], profileAnswers=[{"questionnaireCode": "SIZE", "answerLineNo": 99}])
    assert no_line["userErrors"][0]["code"] == "NOT_FOUND" and "99" in no_line["userErrors"][0]["message"]
    question = await classify(gql, adatum["id"], profileAnswers=[{"questionnaireCode": "SIZE", "answerLineNo": 10000}])
    assert question["userErrors"][0]["code"] == "INVALID"
    assert question["userErrors"][0]["field"] == ["input", "profileAnswers", "0", "answerLineNo"]
    two = await classify(gql, adatum["id"], profileAnswers=[
        {"questionnaireCode": "SIZE", "answerLineNo": 20000}, {"questionnaireCode": "SIZE", "answerLineNo": 30000}])
    assert two["userErrors"][0]["code"] == "INVALID" and "Size?" in two["userErrors"][0]["message"]
    assert two["userErrors"][0]["field"] == ["input", "profileAnswers", "1", "answerLineNo"]


async def test_questionnaire_for_persons_refused_on_a_company(gql, company):
    await make_questionnaire("HOBBY", [("Hobby?", True, ["Golf"])], contact_type="PERSON")
    adatum = await company("Adatum")
    payload = await classify(gql, adatum["id"], profileAnswers=[{"questionnaireCode": "HOBBY", "answerLineNo": 20000}])
    assert payload["userErrors"][0]["code"] == "INVALID" and "HOBBY" in payload["userErrors"][0]["message"]


async def test_same_answer_twice_is_one_answer(gql, company):
    await make_questionnaire("SIZE", [("Size?", False, ["Small", "Large"])])
    adatum = await company("Adatum")
    payload = await classify(gql, adatum["id"], profileAnswers=[
        {"questionnaireCode": "SIZE", "answerLineNo": 20000}, {"questionnaireCode": "SIZE", "answerLineNo": 20000}])
    assert payload["userErrors"] == [] and len(payload["contact"]["profileAnswers"]) == 1
