"""Interaction groups, templates and campaigns over GraphQL: validation codes, update semantics, delete in use."""

from __future__ import annotations

from datetime import date

from segmentum.models.interactions import Campaign, InteractionGroup, InteractionTemplate
from segmentum.models.masters import Salesperson
from segmentum.resolvers.ids import encode_id

TEMPLATE = """interactionTemplate { id code description group { code } unitCostLcy unitDurationMin informationFlow
  initiatedBy campaign { no } campaignTarget campaignResponse correspondenceTypeDefault ignoreContactCorresType
  languageCodeDefault statistics { noOfInteractions } }"""
CAMPAIGN = "campaign { id no description startingDate endingDate salesperson { code } }"


async def test_interaction_group_crud_and_in_use(mutate, setup):
    sel = "interactionGroup { id code description statistics { noOfInteractions costLcy durationMin } }"
    res = await mutate("interactionGroupCreate", "CodeDescriptionInput", {"code": "call", "description": "Calls"}, sel)
    assert res["interactionGroup"]["code"] == "CALL"
    assert res["interactionGroup"]["statistics"] == {"noOfInteractions": 0, "costLcy": "0.00", "durationMin": 0}
    dup = await mutate("interactionGroupCreate", "CodeDescriptionInput", {"code": "CALL", "description": "x"}, sel)
    assert dup["userErrors"][0]["code"] == "ALREADY_EXISTS"
    upd = await mutate("interactionGroupUpdate", "CodeDescriptionUpdateInput",
                       {"id": res["interactionGroup"]["id"], "description": "Phone calls"}, sel)
    assert upd["interactionGroup"]["description"] == "Phone calls"

    used = encode_id("InteractionGroup", setup["group"].id)
    refused = await mutate("interactionGroupDelete", "DeleteInput", {"id": used}, "deletedId")
    assert refused["userErrors"][0]["code"] == "IN_USE"
    assert "'LETTER'" in refused["userErrors"][0]["message"] and "template" in refused["userErrors"][0]["message"]
    ok = await mutate("interactionGroupDelete", "DeleteInput", {"id": res["interactionGroup"]["id"]}, "deletedId")
    assert ok["userErrors"] == [] and not await InteractionGroup.exists(code="CALL")


async def test_template_create_with_defaults_and_lookups(gql, mutate, setup):
    res = await mutate("interactionTemplateCreate", "InteractionTemplateCreateInput",
                       {"code": "memo", "description": "Memo", "groupCode": "letter"}, TEMPLATE)
    assert res["userErrors"] == []
    t = res["interactionTemplate"]
    assert t["group"] == {"code": "LETTER"} and t["campaign"] is None
    assert (t["unitCostLcy"], t["unitDurationMin"], t["informationFlow"], t["initiatedBy"]) == ("0.00", 0, "NONE",
                                                                                                "NONE")
    assert t["correspondenceTypeDefault"] == "EMAIL"  # BC's initial value
    full = await mutate("interactionTemplateCreate", "InteractionTemplateCreateInput", {
        "code": "OFFER", "description": "Offer", "groupCode": "LETTER", "unitCostLcy": "12.5", "unitDurationMin": 30,
        "informationFlow": "OUTBOUND", "initiatedBy": "US", "campaignNo": "cp9001", "campaignResponse": True,
        "correspondenceTypeDefault": "HARD_COPY", "ignoreContactCorresType": True, "languageCodeDefault": "NLB",
    }, TEMPLATE)
    t = full["interactionTemplate"]
    assert t["unitCostLcy"] == "12.50" and t["campaign"] == {"no": "CP9001"} and t["campaignResponse"] is True
    assert t["correspondenceTypeDefault"] == "HARD_COPY" and t["languageCodeDefault"] == "NLB"
    looked_up = await gql('{ interactionTemplate(code: "offer") { code } }')
    assert looked_up["interactionTemplate"] == {"code": "OFFER"}


async def test_template_validation_codes(mutate, setup):
    base = {"code": "T", "description": "T", "groupCode": "LETTER"}
    cases = [
        ({"groupCode": " "}, "REQUIRED", ["input", "groupCode"], None),
        ({"groupCode": "NOPE"}, "NOT_FOUND", ["input", "groupCode"], "'NOPE'"),
        ({"campaignNo": "CP0404"}, "NOT_FOUND", ["input", "campaignNo"], "'CP0404'"),
        ({"unitCostLcy": "-1"}, "INVALID", ["input", "unitCostLcy"], None),
        ({"unitDurationMin": -5}, "INVALID", ["input", "unitDurationMin"], None),
        ({"code": "abstract"}, "ALREADY_EXISTS", ["input", "code"], "'ABSTRACT'"),
    ]
    for change, code, field, named in cases:
        res = await mutate("interactionTemplateCreate", "InteractionTemplateCreateInput", base | change, TEMPLATE)
        assert res["interactionTemplate"] is None, change
        err = res["userErrors"][0]
        assert (err["code"], err["field"]) == (code, field), change
        assert named is None or named in err["message"], err
    assert await InteractionTemplate.all().count() == 1


async def test_template_update_null_resets_and_group_cannot_be_cleared(mutate, setup):
    tid = encode_id("InteractionTemplate", setup["template"].id)
    res = await mutate("interactionTemplateUpdate", "InteractionTemplateUpdateInput",
                       {"id": tid, "campaignNo": None, "unitCostLcy": None, "description": "Abstract v2"}, TEMPLATE)
    t = res["interactionTemplate"]
    assert t["campaign"] is None and t["unitCostLcy"] == "0.00" and t["description"] == "Abstract v2"
    assert t["unitDurationMin"] == 5 and t["campaignTarget"] is True  # omitted: unchanged
    res = await mutate("interactionTemplateUpdate", "InteractionTemplateUpdateInput",
                       {"id": tid, "groupCode": None}, TEMPLATE)
    assert res["userErrors"][0]["code"] == "REQUIRED"
    res = await mutate("interactionTemplateUpdate", "InteractionTemplateUpdateInput",
                       {"id": tid, "unitDurationMin": -1, "description": "changed"}, TEMPLATE)
    assert res["userErrors"][0]["code"] == "INVALID"
    assert (await InteractionTemplate.get(id=setup["template"].id)).description == "Abstract v2"


async def test_template_delete_refused_while_used_by_interactions(mutate, setup, make_entry):
    tid = encode_id("InteractionTemplate", setup["template"].id)
    entry = await make_entry(setup["template"])
    res = await mutate("interactionTemplateDelete", "DeleteInput", {"id": tid}, "deletedId")
    assert res["userErrors"][0]["code"] == "IN_USE" and "'ABSTRACT'" in res["userErrors"][0]["message"]
    await entry.delete()
    res = await mutate("interactionTemplateDelete", "DeleteInput", {"id": tid}, "deletedId")
    assert res == {"deletedId": tid, "userErrors": []}


async def test_campaign_numbers_from_series_or_given(mutate):
    first = await mutate("campaignCreate", "CampaignCreateInput", {"description": "One"}, CAMPAIGN)
    assert first["campaign"]["no"] == "CP0001"
    given = await mutate("campaignCreate", "CampaignCreateInput", {"no": "cp0002", "description": "Two"}, CAMPAIGN)
    assert given["campaign"]["no"] == "CP0002"
    nxt = await mutate("campaignCreate", "CampaignCreateInput", {"description": "Three"}, CAMPAIGN)
    assert nxt["campaign"]["no"] == "CP0003"  # the series skips numbers taken by hand
    taken = await mutate("campaignCreate", "CampaignCreateInput", {"no": "CP0001", "description": "x"}, CAMPAIGN)
    assert taken["campaign"] is None and taken["userErrors"][0]["code"] == "ALREADY_EXISTS"
    assert "'CP0001'" in taken["userErrors"][0]["message"]


async def test_campaign_dates_and_salesperson_rules(mutate, gql):
    await Salesperson.create(code="OK", name="Ok")
    await Salesperson.create(code="GONE", name="Gone", blocked=True)
    bad_dates = await mutate("campaignCreate", "CampaignCreateInput",
                             {"description": "x", "startingDate": "2026-03-01", "endingDate": "2026-02-01"}, CAMPAIGN)
    assert bad_dates["userErrors"][0]["code"] == "INVALID"
    assert bad_dates["userErrors"][0]["field"] == ["input", "endingDate"]
    unknown = await mutate("campaignCreate", "CampaignCreateInput", {"description": "x", "salespersonCode": "who"},
                           CAMPAIGN)
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND" and "'who'" in unknown["userErrors"][0]["message"]
    blocked = await mutate("campaignCreate", "CampaignCreateInput", {"description": "x", "salespersonCode": "gone"},
                           CAMPAIGN)
    assert blocked["userErrors"][0]["code"] == "BLOCKED" and "'GONE'" in blocked["userErrors"][0]["message"]
    assert await Campaign.all().count() == 0

    ok = await mutate("campaignCreate", "CampaignCreateInput", {
        "description": "Spring", "startingDate": "2026-03-01", "endingDate": "2026-03-31", "salespersonCode": "ok",
    }, CAMPAIGN)
    c = ok["campaign"]
    assert (c["no"], c["startingDate"], c["salesperson"]) == ("CP0001", "2026-03-01", {"code": "OK"})
    # Update: the merged period is checked; null clears.
    upd = await mutate("campaignUpdate", "CampaignUpdateInput", {"id": c["id"], "endingDate": "2026-02-28"}, CAMPAIGN)
    assert upd["userErrors"][0]["code"] == "INVALID"
    upd = await mutate("campaignUpdate", "CampaignUpdateInput",
                       {"id": c["id"], "startingDate": None, "salespersonCode": None}, CAMPAIGN)
    assert upd["campaign"]["startingDate"] is None and upd["campaign"]["salesperson"] is None
    assert upd["campaign"]["endingDate"] == "2026-03-31"
    upd = await mutate("campaignUpdate", "CampaignUpdateInput", {"id": c["id"], "salespersonCode": "GONE"}, CAMPAIGN)
    assert upd["userErrors"][0]["code"] == "BLOCKED"
    assert (await gql('{ campaign(no: "cp0001") { no } }'))["campaign"] == {"no": "CP0001"}
    assert (await Campaign.get(no="CP0001")).ending_date == date(2026, 3, 31)


async def test_campaign_delete_refused_while_used_by_a_template(mutate, setup):
    cid = encode_id("Campaign", setup["campaign"].id)
    res = await mutate("campaignDelete", "DeleteInput", {"id": cid}, "deletedId")
    assert res["userErrors"][0]["code"] == "IN_USE" and "'CP9001'" in res["userErrors"][0]["message"]
    await InteractionTemplate.filter(id=setup["template"].id).update(campaign_id=None)
    res = await mutate("campaignDelete", "DeleteInput", {"id": cid}, "deletedId")
    assert res["userErrors"] == [] and not await Campaign.exists(no="CP9001")


async def test_salesperson_delete_refused_while_used_by_a_campaign(mutate, setup):
    sid = encode_id("Salesperson", setup["salesperson"].id)
    res = await mutate("salespersonDelete", "DeleteInput", {"id": sid}, "deletedId")
    assert res["userErrors"][0]["code"] == "IN_USE" and "campaigns" in res["userErrors"][0]["message"]


async def test_setup_lists_page_in_key_order(gql, setup):
    for no in ["CP0003", "CP0001", "CP0002"]:
        await Campaign.create(no=no, description=no)
    page = (await gql("{ campaigns(first: 2) { nodes { no } pageInfo { hasNextPage endCursor } } }"))["campaigns"]
    assert [n["no"] for n in page["nodes"]] == ["CP0001", "CP0002"] and page["pageInfo"]["hasNextPage"]
    rest = await gql("query($a: String) { campaigns(first: 5, after: $a) { nodes { no } } }",
                     {"a": page["pageInfo"]["endCursor"]})
    assert [n["no"] for n in rest["campaigns"]["nodes"]] == ["CP0003", "CP9001"]
    groups = await gql("{ interactionGroups { nodes { code } } "
                       "interactionTemplates { nodes { code group { code } } } }")
    assert groups["interactionGroups"]["nodes"] == [{"code": "LETTER"}]
    assert groups["interactionTemplates"]["nodes"] == [{"code": "ABSTRACT", "group": {"code": "LETTER"}}]
