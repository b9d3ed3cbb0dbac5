"""Per-language content of interaction templates and segments (BC §1.12, §1.16, §2.3 step 2): a template with
two languages, a segment copying them and editing its own, and lines that take their contact's language."""

from __future__ import annotations

from segmentum.models.contacts import Contact
from segmentum.models.content import InteractionLanguage
from segmentum.models.rules import content as content_rules
from segmentum.models.segments import SegmentLine
from tests.log.conftest import gid

LANGUAGE = "interactionLanguage { languageCode description subject body bodyFormat attachment { fileName } }"


async def _template_language(mutate, template, code: str, **fields):
    return await mutate("interactionTemplateLanguageSet", "InteractionTemplateLanguageSetInput",
                        {"templateId": gid(template), "languageCode": code, **fields}, LANGUAGE)


async def _two_languages(mutate, setup) -> None:
    template = setup.email_template
    template.language_code_default = "ENU"
    await template.save()
    res = await _template_language(mutate, template, "enu", subject="Spring offer",
                                   body="Dear {{ contact.name }}, greetings from {{ salesperson.name }}.")
    assert res["userErrors"] == [], res
    res = await _template_language(mutate, template, "NLB", subject="Lenteaanbieding", description="Lente",
                                   body="<p>Beste {{ contact.name }}</p>", bodyFormat="HTML")
    assert res["userErrors"] == [], res


async def test_a_template_holds_a_record_per_language(gql, mutate, setup):
    await _two_languages(mutate, setup)
    data = await gql('{ interactionTemplate(code: "MAIL") { languages { languageCode description subject '
                     'bodyFormat } } }')
    assert data["interactionTemplate"]["languages"] == [
        {"languageCode": "ENU", "description": "Spring mailing", "subject": "Spring offer", "bodyFormat": "TEXT"},
        {"languageCode": "NLB", "description": "Lente", "subject": "Lenteaanbieding", "bodyFormat": "HTML"},
    ]
    # Setting an existing language changes only what is given.
    res = await _template_language(mutate, setup.email_template, "NLB", subject="Lente!")
    assert res["interactionLanguage"]["subject"] == "Lente!"
    assert res["interactionLanguage"]["body"] == "<p>Beste {{ contact.name }}</p>"
    res = await mutate("interactionTemplateLanguageDelete", "InteractionTemplateLanguageDeleteInput",
                       {"templateId": gid(setup.email_template), "languageCode": "nlb"}, "deletedLanguageCode")
    assert res == {"deletedLanguageCode": "NLB", "userErrors": []}
    again = await mutate("interactionTemplateLanguageDelete", "InteractionTemplateLanguageDeleteInput",
                         {"templateId": gid(setup.email_template), "languageCode": "NLB"}, "deletedLanguageCode")
    assert again["userErrors"][0]["code"] == "NOT_FOUND" and "'NLB'" in again["userErrors"][0]["message"]


async def test_deleting_a_template_deletes_its_language_records(mutate, setup):
    await _two_languages(mutate, setup)
    template = setup.letter_template
    await _template_language(mutate, template, "ENU", body="Hello")
    assert await InteractionLanguage.filter(template_id=template.id).count() == 1
    res = await mutate("interactionTemplateDelete", "DeleteInput", {"id": gid(template)}, "deletedId")
    assert res["userErrors"] == []
    assert not await InteractionLanguage.filter(template_id=template.id).exists()
    assert await InteractionLanguage.filter(template_id=setup.email_template.id).count() == 2


async def test_hostile_or_unknown_merge_fields_are_refused_when_saved(mutate, setup):
    cases = [
        ("{{ contact.nickname }}", "UNKNOWN_FIELD", "'contact.nickname'"),
        ("{{ contact.__class__.__mro__ }}", "INVALID", "Getattr"),
        ("{{ contact.__class__ }}", "UNKNOWN_FIELD", "'contact.__class__'"),
        ("{{ secret }}", "UNKNOWN_FIELD", "'secret'"),
        ("{% for i in range(10**9) %}x{% endfor %}", "INVALID", "For"),
        ("{{ 'x' * 100000000 }}", "INVALID", "Mul"),
        ("{{ contact.name.upper() }}", "INVALID", "Call"),
        ("{{ contact.name | format('%s') }}", "INVALID", "'format'"),
        ("{{ contact.name", "INVALID", "not a valid template"),
        ("x" * 200_001, "TOO_LARGE", "200,001"),
    ]
    for body, code, named in cases:
        res = await _template_language(mutate, setup.email_template, "ENU", body=body)
        assert res["interactionLanguage"] is None, body
        error = res["userErrors"][0]
        assert (error["code"], error["field"]) == (code, ["input", "body"]), (body, error)
        assert named in error["message"], (body, error["message"])
    assert not await InteractionLanguage.exists()
    fine = await _template_language(mutate, setup.email_template, "ENU", body="{{ contact.name | upper }}")
    assert fine["userErrors"] == []


async def _languages_of_lines(segment_id: str) -> dict[str, str | None]:
    lines = await SegmentLine.all().prefetch_related("contact")
    return {line.contact.no: line.language_code for line in lines}


async def test_a_segment_copies_the_template_languages_and_its_lines_take_their_contacts_language(
        gql, mutate, setup, make_segment):
    await _two_languages(mutate, setup)
    await Contact.filter(no="C01").update(language_code="NLB")
    await Contact.filter(no="C02").update(language_code="FRA")  # the segment has no FRA record
    segment_id = await make_segment(expr="C01|C02|C03")
    data = await gql("query($id: ID!) { node(id: $id) { ... on Segment { languageCodeDefault languages { "
                     "languageCode subject } } } }", {"id": segment_id})
    assert data["node"]["languageCodeDefault"] == "ENU"
    assert data["node"]["languages"] == [{"languageCode": "ENU", "subject": "Spring offer"},
                                         {"languageCode": "NLB", "subject": "Lenteaanbieding"}]
    assert await _languages_of_lines(segment_id) == {"C01": "NLB", "C02": "ENU", "C03": "ENU"}

    # The segment's records are its own: editing them leaves the template's alone, and lines follow.
    res = await mutate("segmentLanguageSet", "SegmentLanguageSetInput",
                       {"segmentId": segment_id, "languageCode": "FRA", "subject": "Offre", "body": "Bonjour"},
                       LANGUAGE)
    assert res["userErrors"] == [] and res["interactionLanguage"]["description"] == "Spring mailing"
    assert await _languages_of_lines(segment_id) == {"C01": "NLB", "C02": "FRA", "C03": "ENU"}
    assert not await InteractionLanguage.filter(template_id=setup.email_template.id, language_code="FRA").exists()
    res = await mutate("segmentLanguageDelete", "SegmentLanguageDeleteInput",
                       {"segmentId": segment_id, "languageCode": "NLB"}, "deletedLanguageCode")
    assert res["userErrors"] == []
    assert await _languages_of_lines(segment_id) == {"C01": "ENU", "C02": "FRA", "C03": "ENU"}

    # A new default language reaches the lines whose contact's language has no record.
    res = await mutate("segmentUpdate", "SegmentUpdateInput", {"id": segment_id, "languageCodeDefault": "DEU"},
                       "segment { languageCodeDefault }")
    assert res["userErrors"] == []
    assert await _languages_of_lines(segment_id) == {"C01": "DEU", "C02": "FRA", "C03": "DEU"}


async def test_a_line_added_later_takes_its_contacts_language(gql, mutate, setup, make_segment):
    await _two_languages(mutate, setup)
    await Contact.filter(no="C04").update(language_code="NLB")
    segment_id = await make_segment(expr="C03")
    contact = await Contact.get(no="C04")
    res = await gql("mutation($i: SegmentLineAddInput!) { segmentLineAdd(input: $i) { userErrors { message } } }",
                    {"i": {"segmentId": segment_id, "contactId": gid(contact)}})
    assert res["segmentLineAdd"]["userErrors"] == []
    assert await _languages_of_lines(segment_id) == {"C03": "ENU", "C04": "NLB"}


async def test_changing_the_segment_template_copies_the_new_templates_languages(mutate, setup, make_segment):
    await _two_languages(mutate, setup)
    await Contact.filter(no="C01").update(language_code="NLB")
    segment_id = await make_segment(expr="C01|C02")
    await _template_language(mutate, setup.letter_template, "DEU", body="Hallo")
    res = await mutate("segmentUpdate", "SegmentUpdateInput", {"id": segment_id, "interactionTemplateCode": "LETTER"},
                       "segment { languages { languageCode } }")
    assert res["segment"]["languages"] == [{"languageCode": "DEU"}]
    assert await _languages_of_lines(segment_id) == {"C01": None, "C02": None}


async def test_a_line_personalised_with_another_template_keeps_its_language(gql, mutate, setup, make_segment):
    await _two_languages(mutate, setup)
    await Contact.filter(no__in=["C01", "C02"]).update(language_code="FRA")
    segment_id = await make_segment(expr="C01|C02")
    line = await SegmentLine.get(contact__no="C02")
    res = await gql("mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { message } } }",
                    {"i": {"id": gid(line), "interactionTemplateCode": "LETTER"}})
    assert res["segmentLineUpdate"]["userErrors"] == []
    assert await _languages_of_lines(segment_id) == {"C01": "ENU", "C02": None}
    res = await mutate("segmentLanguageSet", "SegmentLanguageSetInput",
                       {"segmentId": segment_id, "languageCode": "FRA", "body": "Bonjour"}, LANGUAGE)
    assert res["userErrors"] == []
    # Only the lines that follow the header's template take the segment's languages.
    assert await _languages_of_lines(segment_id) == {"C01": "FRA", "C02": None}


async def test_the_languages_of_one_template_are_bounded(mutate, setup, monkeypatch):
    monkeypatch.setattr(content_rules, "MAX_LANGUAGES", 2)
    for code in ("ENU", "NLB"):
        assert (await _template_language(mutate, setup.email_template, code, body="Hi"))["userErrors"] == []
    refused = await _template_language(mutate, setup.email_template, "FRA", body="Salut")
    assert refused["userErrors"][0]["code"] == "INVALID" and "'FRA'" in refused["userErrors"][0]["message"]
    changed = await _template_language(mutate, setup.email_template, "NLB", body="Hoi")  # an existing one changes
    assert changed["userErrors"] == []
