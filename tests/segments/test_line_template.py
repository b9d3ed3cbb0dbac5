"""Changing a line's template (BC's Segment Line field 7, §2.3): the header's correspondence type when it ignores
the contact's, the description only when the line's is empty or it had a template, the campaign kept when neither
header nor template has one, the template's language, the subject cleared."""

from __future__ import annotations

from typing import Any

from segmentum.models.enums import CorrespondenceType
from segmentum.models.interactions import Campaign, InteractionGroup, InteractionTemplate

LINE_UPDATE = (
    "mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { code field } line { "
    "description subject languageCode correspondenceType campaign { no } interactionTemplate { code } } } }"
)


async def _line(gql: Any, seg: Any, contact: str = "I1", **header: Any) -> str:
    s = await seg.create(description="Header", **header)
    await seg.add(s["id"], {"contact": {"no": {"eq": contact}}})
    res = await gql('query { segment(no: "SEG00001") { lines { nodes { id } } } }')
    return res["segment"]["lines"]["nodes"][0]["id"]  # type: ignore[no-any-return]


async def _update(gql: Any, line_id: str, **fields: Any) -> dict[str, Any]:
    res = await gql(LINE_UPDATE, {"i": {"id": line_id, **fields}})
    assert res["segmentLineUpdate"]["userErrors"] == [], res
    return res["segmentLineUpdate"]["line"]  # type: ignore[no-any-return]


async def _call(**fields: Any) -> InteractionTemplate:
    mail = await InteractionGroup.get(code="MAIL")
    values = {"description": "Phone call", "correspondence_type_default": CorrespondenceType.HARD_COPY, **fields}
    return await InteractionTemplate.create(code="CALL", group_id=mail.id, **values)


async def test_the_headers_correspondence_type_wins_when_it_ignores_the_contacts(world, seg, gql):
    await _call()
    # A1 prefers e-mail, the template does not ignore it; the header ignores contacts' types with HARD_COPY.
    line = await _line(gql, seg, "A1", ignoreContactCorresType=True, correspondenceTypeDefault="HARD_COPY")
    assert (await _update(gql, line, interactionTemplateCode="CALL"))["correspondenceType"] == "HARD_COPY"
    await InteractionTemplate.filter(code="CALL").update(correspondence_type_default=CorrespondenceType.NONE)
    # The header's choice wins over the template's and the contact's alike.
    assert (await _update(gql, line, interactionTemplateCode="CALL"))["correspondenceType"] == "HARD_COPY"


async def test_without_the_header_the_contact_then_the_template_then_the_line_decide(world, seg, gql):
    await _call()
    line = await _line(gql, seg, "A1")  # A1 prefers e-mail, the template does not ignore it
    assert (await _update(gql, line, interactionTemplateCode="CALL"))["correspondenceType"] == "EMAIL"
    i1 = await _line_of(gql, seg, "I1")  # I1 has no preference: the template's default
    assert (await _update(gql, i1, interactionTemplateCode="CALL"))["correspondenceType"] == "HARD_COPY"
    # Neither contact nor template has a type: the line keeps the one it had.
    await _update(gql, i1, correspondenceType="EMAIL")
    await InteractionTemplate.filter(code="CALL").update(correspondence_type_default=CorrespondenceType.NONE)
    assert (await _update(gql, i1, interactionTemplateCode="CALL"))["correspondenceType"] == "EMAIL"


async def _line_of(gql: Any, seg: Any, contact: str) -> str:
    res = await gql('query { segment(no: "SEG00001") { id lines { nodes { id contact { no } } } } }')
    segment = res["segment"]
    await seg.add(segment["id"], {"contact": {"no": {"eq": contact}}})
    res = await gql('query { segment(no: "SEG00001") { lines { nodes { id contact { no } } } } }')
    return next(n["id"] for n in res["segment"]["lines"]["nodes"] if n["contact"]["no"] == contact)


async def test_the_description_is_replaced_only_when_empty_or_when_the_line_had_a_template(world, seg, gql):
    await _call()
    line = await _line(gql, seg)  # no header template: the line has none, and the header's description
    assert (await _update(gql, line, interactionTemplateCode="CALL"))["description"] == "Header"
    await _update(gql, line, description="Mine")
    assert (await _update(gql, line, interactionTemplateCode="LETTER"))["description"] == "Letter"  # had CALL
    await _update(gql, line, description=None)
    assert (await _update(gql, line, interactionTemplateCode="LETTER"))["description"] == "Letter"  # empty


async def test_the_line_keeps_its_campaign_when_neither_header_nor_template_has_one(world, seg, gql):
    await Campaign.create(no="CP1", description="Spring")
    autumn = await Campaign.create(no="CP2", description="Autumn")
    await _call()
    line = await _line(gql, seg, interactionTemplateCode="LETTER")
    await _update(gql, line, campaignNo="CP1")
    assert (await _update(gql, line, interactionTemplateCode="CALL"))["campaign"] == {"no": "CP1"}
    await InteractionTemplate.filter(code="CALL").update(campaign_id=autumn.id)
    assert (await _update(gql, line, interactionTemplateCode="CALL"))["campaign"] == {"no": "CP2"}


async def test_the_language_is_the_templates_and_the_subject_is_cleared(world, seg, gql):
    await _call(language_code_default="NL")
    line = await _line(gql, seg, interactionTemplateCode="LETTER", languageCodeDefault="fr", subjectDefault="Hi")
    before = await _update(gql, line, subject="Dear you")
    assert (before["languageCode"], before["subject"]) == ("FR", "Dear you")
    after = await _update(gql, line, interactionTemplateCode="CALL")
    assert (after["languageCode"], after["subject"]) == ("NL", None)
    # Back to the header's template: the header's default language.
    back = await _update(gql, line, interactionTemplateCode="LETTER")
    assert (back["languageCode"], back["subject"]) == ("FR", None)
