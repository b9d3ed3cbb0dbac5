"""The action options are one type: the GraphQL inputs, the recorded and saved actions and the replay agree."""

from __future__ import annotations

from dataclasses import fields

from segmentum.models.segments import SavedSegmentCriteriaAction, SegmentCriteriaAction
from segmentum.models.worksheet.options import ActionOptions
from segmentum.schema.segments.inputs import SegmentAddContactsInput, SegmentRemoveContactsInput

OPTIONS = [f.name for f in fields(ActionOptions)]
OPTION_FIELDS = ("allowExistingContacts expandCompanies allowRelatedCompanies ignoreExclusion entireCompanies "
                 "allowNoFilter")


async def test_inputs_and_both_action_tables_carry_exactly_the_options():
    given = {
        name
        for cls in (SegmentAddContactsInput, SegmentRemoveContactsInput)
        for name in cls.__annotations__
        if name not in ("segment_id", "criteria")
    }
    assert given == set(OPTIONS)
    for model in (SegmentCriteriaAction, SavedSegmentCriteriaAction):
        assert set(OPTIONS) <= set(model._meta.fields_map)


async def test_options_travel_from_input_to_recorded_saved_and_replayed_action(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], {"contact": {"city": {"eq": "GENT"}}}, expandCompanies=True, allowRelatedCompanies=True,
                  ignoreExclusion=True)
    await seg.add(s["id"], None, allowNoFilter=True, allowExistingContacts=True)
    await seg.refine(s["id"], {"contact": {"no": {"eq": "A2"}}}, entireCompanies=True)
    saved = await gql(
        "mutation($i: SegmentSaveCriteriaInput!) { segmentSaveCriteria(input: $i) { savedCriteria "
        f"{{ actions {{ {OPTION_FIELDS} }} }} userErrors {{ code }} }} }}",
        {"i": {"segmentId": s["id"], "code": "ALL"}},
    )
    target = await seg.create()
    replayed = await seg.act("segmentReuseCriteria", "SegmentReuseCriteriaInput", segmentId=target["id"],
                             savedCriteriaCode="ALL")
    assert replayed["userErrors"] == []
    recorded = await gql(
        f'query($no: String!) {{ segment(no: $no) {{ criteria {{ {OPTION_FIELDS} }} }} }}', {"no": s["no"]}
    )
    again = await gql(
        f'query($no: String!) {{ segment(no: $no) {{ criteria {{ {OPTION_FIELDS} }} }} }}', {"no": target["no"]}
    )
    expected = [
        {"allowExistingContacts": False, "expandCompanies": True, "allowRelatedCompanies": True,
         "ignoreExclusion": True, "entireCompanies": False, "allowNoFilter": False},
        {"allowExistingContacts": True, "expandCompanies": False, "allowRelatedCompanies": False,
         "ignoreExclusion": False, "entireCompanies": False, "allowNoFilter": True},
        {"allowExistingContacts": False, "expandCompanies": False, "allowRelatedCompanies": False,
         "ignoreExclusion": False, "entireCompanies": True, "allowNoFilter": False},
    ]
    assert recorded["segment"]["criteria"] == expected
    assert saved["segmentSaveCriteria"]["savedCriteria"]["actions"] == expected
    assert again["segment"]["criteria"] == expected
