"""Language codes are Code fields (stored upper-cased, as the contact's), and the campaign flags given by hand need
a campaign; flags a template copies stay as BC copies them."""

from __future__ import annotations

from typing import Any

from segmentum.models.interactions import Campaign, InteractionTemplate

CREATE = ("mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { userErrors { code field message } "
          "segment { id languageCodeDefault campaignTarget campaignResponse lines { nodes { id languageCode } } } } }")
UPDATE = ("mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { userErrors { code field } "
          "segment { languageCodeDefault campaignTarget campaignResponse campaign { no } "
          "lines { nodes { languageCode } } } } }")
LINE = ("mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { code field } "
        "line { campaignTarget campaignResponse campaign { no } } } }")


async def test_template_segment_and_line_language_codes_are_upper_cased(world, seg, gql):
    res = await gql("mutation { interactionTemplateCreate(input: {code: \"call\", description: \"Call\", "
                    "groupCode: \"MAIL\", languageCodeDefault: \"nl\"}) { interactionTemplate { languageCodeDefault } "
                    "userErrors { code } } }")
    assert res["interactionTemplateCreate"]["interactionTemplate"] == {"languageCodeDefault": "NL"}
    res = await gql("mutation { interactionTemplateUpdate(input: {id: \"%s\", languageCodeDefault: \"de-be\"}) { "
                    "interactionTemplate { languageCodeDefault } } }" % await _template_id(gql, "CALL"))
    assert res["interactionTemplateUpdate"]["interactionTemplate"] == {"languageCodeDefault": "DE-BE"}

    res = (await gql(CREATE, {"i": {"description": "Lang", "languageCodeDefault": "fr"}}))["segmentCreate"]
    assert res["segment"]["languageCodeDefault"] == "FR"
    await seg.add(res["segment"]["id"], {"contact": {"no": {"eq": "I1"}}})
    res = (await gql(UPDATE, {"i": {"id": res["segment"]["id"], "languageCodeDefault": "en-gb"}}))["segmentUpdate"]
    assert res["segment"]["languageCodeDefault"] == "EN-GB"
    # A template brings its (upper-cased) language to the header and the lines.
    s = (await gql(CREATE, {"i": {"description": "T", "interactionTemplateCode": "call"}}))["segmentCreate"]
    await seg.add(s["segment"]["id"], {"contact": {"no": {"eq": "I2"}}})
    res = await gql('query { segment(no: "SEG00002") { languageCodeDefault lines { nodes { languageCode } } } }')
    assert res["segment"] == {"languageCodeDefault": "DE-BE", "lines": {"nodes": [{"languageCode": "DE-BE"}]}}


async def _template_id(gql: Any, code: str) -> str:
    res = await gql("query($c: String!) { interactionTemplate(code: $c) { id } }", {"c": code})
    return res["interactionTemplate"]["id"]  # type: ignore[no-any-return]


async def test_campaign_flags_given_without_a_campaign_are_invalid_and_change_nothing(world, seg, gql):
    await Campaign.create(no="CP1", description="Spring")
    for flag in ("campaignTarget", "campaignResponse"):
        res = (await gql(CREATE, {"i": {"description": "X", flag: True}}))["segmentCreate"]
        assert res["segment"] is None
        assert [(e["code"], e["field"]) for e in res["userErrors"]] == [("INVALID", ["input", flag])]
        assert flag in res["userErrors"][0]["message"]
    # False needs no campaign; with a campaign both flags are taken.
    res = (await gql(CREATE, {"i": {"description": "X", "campaignTarget": False}}))["segmentCreate"]
    assert res["userErrors"] == []
    res = (await gql(CREATE, {"i": {"description": "Y", "campaignNo": "CP1", "campaignTarget": True,
                                    "campaignResponse": True}}))["segmentCreate"]
    assert (res["segment"]["campaignTarget"], res["segment"]["campaignResponse"]) == (True, True)
    segment_id = res["segment"]["id"]
    # Clearing the campaign clears the flags; giving a flag with the clearing is refused, and nothing changes.
    res = (await gql(UPDATE, {"i": {"id": segment_id, "campaignNo": None, "campaignTarget": True}}))["segmentUpdate"]
    assert [(e["code"], e["field"]) for e in res["userErrors"]] == [("INVALID", ["input", "campaignTarget"])]
    res = await gql('query { segment(no: "SEG00002") { campaign { no } campaignTarget } }')
    assert res["segment"] == {"campaign": {"no": "CP1"}, "campaignTarget": True}
    res = (await gql(UPDATE, {"i": {"id": segment_id, "campaignNo": None}}))["segmentUpdate"]
    assert (res["segment"]["campaign"], res["segment"]["campaignTarget"]) == (None, False)


async def test_line_campaign_flags_need_the_lines_campaign(world, seg, gql):
    await Campaign.create(no="CP1", description="Spring")
    s = await seg.create(description="Lines")
    await seg.add(s["id"], {"contact": {"no": {"eq": "I1"}}})
    line_id = (await gql('query { segment(no: "SEG00001") { lines { nodes { id } } } }'))[
        "segment"]["lines"]["nodes"][0]["id"]
    res = (await gql(LINE, {"i": {"id": line_id, "campaignResponse": True}}))["segmentLineUpdate"]
    assert [(e["code"], e["field"]) for e in res["userErrors"]] == [("INVALID", ["input", "campaignResponse"])]
    res = (await gql(LINE, {"i": {"id": line_id, "campaignNo": "CP1", "campaignResponse": True}}))[
        "segmentLineUpdate"]
    assert res["line"] == {"campaignTarget": False, "campaignResponse": True, "campaign": {"no": "CP1"}}


async def test_flags_a_template_copies_stay_without_a_campaign(world, seg, gql):
    await InteractionTemplate.filter(code="LETTER").update(campaign_target=True, campaign_response=True)
    res = (await gql(CREATE, {"i": {"description": "T", "interactionTemplateCode": "LETTER"}}))["segmentCreate"]
    assert res["userErrors"] == []
    assert (res["segment"]["campaignTarget"], res["segment"]["campaignResponse"]) == (True, True)
