"""Segment headers: numbering, template defaults, propagation to lines, template changes, preview."""

from __future__ import annotations

from datetime import date

from segmentum.models.enums import CorrespondenceType, InformationFlow, InitiatedBy
from segmentum.models.interactions import InteractionGroup, InteractionTemplate

GENT = {"contact": {"city": {"eq": "GENT"}}}
UPDATE = (
    "mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { userErrors { code message field } "
    "segment { unitCostLcy interactionTemplate { code } lines { nodes { contact { no } description costLcy "
    "durationMin correspondenceType interactionTemplate { code } } } } } }"
)


async def test_numbers_dates_and_template_defaults(world, seg, gql):
    s = await seg.create(interactionTemplateCode="letter")
    assert s["no"] == "SEG00001"
    res = await gql(
        "query($no: String!) { segment(no: $no) { date kind unitCostLcy unitDurationMin "
        "correspondenceTypeDefault interactionGroup { code } } }",
        {"no": s["no"]},
    )
    assert res["segment"] == {
        "date": date.today().isoformat(),
        "kind": "STATIC",
        "unitCostLcy": "2.50",
        "unitDurationMin": 5,
        "correspondenceTypeDefault": "HARD_COPY",
        "interactionGroup": {"code": "MAIL"},
    }
    own = await seg.create(no="SEG-X")
    assert own["no"] == "SEG-X"
    taken = await gql('mutation { segmentCreate(input: {no: "SEG-X"}) { segment { no } userErrors { code } } }')
    assert taken["segmentCreate"]["userErrors"] == [{"code": "ALREADY_EXISTS"}]
    unknown = await gql(
        'mutation { segmentCreate(input: {interactionTemplateCode: "NOPE"}) { segment { no } '
        "userErrors { code message field } } }"
    )
    assert unknown["segmentCreate"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert unknown["segmentCreate"]["userErrors"][0]["field"] == ["input", "interactionTemplateCode"]
    assert (await seg.create())["no"] == "SEG00002"


async def test_header_changes_propagate_to_lines_unless_told_not_to(world, seg, gql):
    s = await seg.create(description="Old", interactionTemplateCode="LETTER")
    await seg.add(s["id"], GENT)
    res = await gql(UPDATE, {"i": {"id": s["id"], "description": "New", "unitCostLcy": "3.00"}})
    lines = res["segmentUpdate"]["segment"]["lines"]["nodes"]
    assert {n["description"] for n in lines} == {"New"} and {n["costLcy"] for n in lines} == {"3.00"}
    res = await gql(UPDATE, {"i": {"id": s["id"], "description": "Header only", "applyToLines": False}})
    assert {n["description"] for n in res["segmentUpdate"]["segment"]["lines"]["nodes"]} == {"New"}
    bad = await gql(UPDATE, {"i": {"id": s["id"], "unitCostLcy": "-1"}})
    assert bad["segmentUpdate"]["userErrors"][0]["code"] == "INVALID"


async def test_template_change_rederives_line_fields_and_can_be_cleared(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    res = await gql(UPDATE, {"i": {"id": s["id"], "interactionTemplateCode": "LETTER"}})
    lines = {n["contact"]["no"]: n for n in res["segmentUpdate"]["segment"]["lines"]["nodes"]}
    assert lines["I1"]["costLcy"] == "2.50" and lines["I1"]["durationMin"] == 5
    assert lines["I1"]["correspondenceType"] == "HARD_COPY" and lines["A1"]["correspondenceType"] == "EMAIL"
    assert lines["I1"]["interactionTemplate"] == {"code": "LETTER"}
    cleared = await gql(UPDATE, {"i": {"id": s["id"], "interactionTemplateCode": None}})
    seg_ = cleared["segmentUpdate"]["segment"]
    assert seg_["interactionTemplate"] is None and seg_["unitCostLcy"] == "0.00"
    assert {n["costLcy"] for n in seg_["lines"]["nodes"]} == {"0.00"}


async def test_preview_counts_without_writing(world, seg, gql):
    res = await gql(
        "query($c: ContactCriteria!) { segmentPreview(criteria: $c, expandCompanies: true) { count "
        "sample(first: 2) { no } } }",
        {"c": GENT},
    )
    assert res["segmentPreview"]["count"] == 6
    assert [c["no"] for c in res["segmentPreview"]["sample"]] == ["I1", "CA"]
    assert (await gql("{ segments { totalCount } }"))["segments"]["totalCount"] == 0
    bad = await gql(
        'query { segmentPreview(criteria: {contact: {city: {expr: "A..B..C"}}}) { count } }', expect_errors=True
    )
    assert bad["errors"][0].extensions["code"] == "BAD_USER_INPUT"


async def test_template_change_with_other_header_fields_brings_them_all_to_the_lines(world, seg, gql):
    s = await seg.create(description="Old", date="2026-01-05")
    await seg.add(s["id"], GENT)
    res = await gql(
        "mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { userErrors { code } segment { lines { "
        "nodes { description date salesperson { code } costLcy interactionTemplate { code } } } } } }",
        {"i": {"id": s["id"], "interactionTemplateCode": "LETTER", "description": "New", "date": "2026-02-01",
               "salespersonCode": "JO"}},
    )
    assert res["segmentUpdate"]["userErrors"] == []
    lines = res["segmentUpdate"]["segment"]["lines"]["nodes"]
    assert {(n["description"], n["date"], n["salesperson"]["code"], n["costLcy"], n["interactionTemplate"]["code"])
            for n in lines} == {("New", "2026-02-01", "JO", "2.50", "LETTER")}


LINE_UPDATE = (
    "mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { code } line { "
    "description informationFlow initiatedBy correspondenceType costLcy interactionTemplate { code } } } }"
)


async def test_line_template_change_takes_its_description_and_clearing_resets_the_flow(world, seg, gql):
    mail = await InteractionGroup.get(code="MAIL")
    await InteractionTemplate.create(code="CALL", description="Phone call", group_id=mail.id,
                                     information_flow=InformationFlow.OUTBOUND, initiated_by=InitiatedBy.US,
                                     correspondence_type_default=CorrespondenceType.HARD_COPY)
    s = await seg.create(description="Header", interactionTemplateCode="LETTER")
    await seg.add(s["id"], {"contact": {"no": {"eq": "I1"}}})
    line = await gql('query { segment(no: "SEG00001") { lines { nodes { id description } } } }')
    node = line["segment"]["lines"]["nodes"][0]
    assert node["description"] == "Header"
    changed = (await gql(LINE_UPDATE, {"i": {"id": node["id"], "interactionTemplateCode": "CALL"}}))
    assert changed["segmentLineUpdate"]["line"] == {
        "description": "Phone call", "informationFlow": "OUTBOUND", "initiatedBy": "US",
        "correspondenceType": "HARD_COPY", "costLcy": "0.00", "interactionTemplate": {"code": "CALL"}}
    same = await gql(LINE_UPDATE, {"i": {"id": node["id"], "description": "Mine"}})
    assert same["segmentLineUpdate"]["line"]["description"] == "Mine"
    again = await gql(LINE_UPDATE, {"i": {"id": node["id"], "interactionTemplateCode": "CALL"}})
    assert again["segmentLineUpdate"]["line"]["description"] == "Mine"  # the same template: a description stays
    cleared = await gql(LINE_UPDATE, {"i": {"id": node["id"], "interactionTemplateCode": None}})
    assert cleared["segmentLineUpdate"]["line"] == {
        "description": "Mine", "informationFlow": "NONE", "initiatedBy": "NONE",
        "correspondenceType": "NONE", "costLcy": "0.00", "interactionTemplate": None}
    # A line needs a contact: an explicit null contactId is refused, naming the field, and changes nothing.
    refused = await gql("mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { "
                        "userErrors { code field } line { id } } }",
                        {"i": {"id": node["id"], "contactId": None, "description": "Not kept"}})
    assert refused["segmentLineUpdate"] == {"userErrors": [{"code": "REQUIRED", "field": ["input", "contactId"]}],
                                            "line": None}
    kept = await gql('query { segment(no: "SEG00001") { lines { nodes { description contact { no } } } } }')
    assert kept["segment"]["lines"]["nodes"] == [{"description": "Mine", "contact": {"no": "I1"}}]
