"""Save criteria and reuse them against current data; each replayed action recorded and undoable."""

from __future__ import annotations

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from tests.segments.conftest import contacts_of

GENT = {"contact": {"city": {"eq": "GENT"}}}


async def _save(gql, segment_id, code):
    res = await gql(
        "mutation($i: SegmentSaveCriteriaInput!) { segmentSaveCriteria(input: $i) { savedCriteria "
        "{ code noOfActions actions { position action entireCompanies } } userErrors { code message } } }",
        {"i": {"segmentId": segment_id, "code": code, "description": "Gent people"}},
    )
    return res["segmentSaveCriteria"]


async def _reuse(seg, segment_id, code, **kw):
    return await seg.act(
        "segmentReuseCriteria", "SegmentReuseCriteriaInput", segmentId=segment_id, savedCriteriaCode=code, **kw
    )


async def test_save_and_reuse_replays_against_current_data(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT, expandCompanies=True)
    await seg.reduce(s["id"], {"contact": {"city": {"eq": "LEUVEN"}}})
    await seg.refine(s["id"], {"contact": {"no": {"eq": "A2"}}}, entireCompanies=True)
    saved = await _save(gql, s["id"], "gent")
    assert saved["userErrors"] == []
    assert saved["savedCriteria"]["code"] == "GENT" and saved["savedCriteria"]["noOfActions"] == 3
    assert saved["savedCriteria"]["actions"][2] == {"position": 3, "action": "REFINE", "entireCompanies": True}
    assert (await _save(gql, s["id"], "GENT"))["userErrors"][0]["code"] == "ALREADY_EXISTS"

    alpha = await Contact.get(no="CA")
    await Contact.create(
        no="A9", type=ContactType.PERSON, name="New Alpha", city="GENT", company_id=alpha.id, company_name="Alpha"
    )

    t = await seg.create()
    res = await _reuse(seg, t["id"], "gent")
    assert res["userErrors"] == []
    # Entire Companies honoured on the replayed Refine: all of Alpha, including the new person.
    assert sorted(contacts_of(await seg.lines(t["no"]))) == ["A1", "A2", "A9", "CA"]
    crit = await gql("query($no: String!) { segment(no: $no) { criteria { position action } } }", {"no": t["no"]})
    assert [c["action"] for c in crit["segment"]["criteria"]] == ["ADD", "REDUCE", "REFINE"]
    await seg.go_back(t["id"])
    assert sorted(contacts_of(await seg.lines(t["no"]))) == ["A1", "A2", "A9", "B2", "CA", "CB", "I1"]


async def test_reuse_on_a_segment_with_actions_needs_confirmation(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await _save(gql, s["id"], "G1")
    refused = await _reuse(seg, s["id"], "G1")
    assert refused["userErrors"][0]["code"] == "CONFLICT"
    assert len(await seg.lines(s["no"])) == 3
    ok = await _reuse(seg, s["id"], "G1", confirmExistingCriteria=True)
    assert ok["userErrors"] == [] and ok["skippedExisting"] == 3
    unknown = await _reuse(seg, s["id"], "NOPE", confirmExistingCriteria=True)
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND" and "NOPE" in unknown["userErrors"][0]["message"]


async def test_save_needs_actions_and_saved_criteria_can_be_listed_and_deleted(world, seg, gql):
    s = await seg.create()
    assert (await _save(gql, s["id"], "EMPTY"))["userErrors"][0]["code"] == "CONFLICT"
    await seg.add(s["id"], GENT)
    saved = await _save(gql, s["id"], "KEEP")
    listed = await gql("{ savedSegmentCriteria(first: 10) { totalCount nodes { id code description } } }")
    assert listed["savedSegmentCriteria"]["totalCount"] == 1
    node = listed["savedSegmentCriteria"]["nodes"][0]
    assert node["code"] == saved["savedCriteria"]["code"]
    deleted = await gql(
        "mutation($i: DeleteInput!) { savedSegmentCriteriaDelete(input: $i) { deletedId userErrors { code } } }",
        {"i": {"id": node["id"]}},
    )
    assert deleted["savedSegmentCriteriaDelete"]["deletedId"] == node["id"]
    assert (await gql("{ savedSegmentCriteria { totalCount } }"))["savedSegmentCriteria"]["totalCount"] == 0
