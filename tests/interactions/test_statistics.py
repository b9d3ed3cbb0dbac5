"""Interaction statistics of groups, templates and campaigns: canceled entries left out, batched per page."""

from __future__ import annotations

from decimal import Decimal

from segmentum.models.interactions import InteractionGroup, InteractionTemplate

STATS = "statistics { noOfInteractions costLcy durationMin }"


async def test_statistics_leave_canceled_entries_out(gql, setup, make_entry):
    template = setup["template"]
    await make_entry(template, cost_lcy=Decimal("2.50"), duration_min=5, campaign_target=True)
    await make_entry(template, cost_lcy=Decimal("0.10"), duration_min=7, campaign_response=True)
    await make_entry(template, cost_lcy=Decimal("0.20"), duration_min=1, campaign_target=True,
                     campaign_response=True)
    await make_entry(template, cost_lcy=Decimal("100.00"), duration_min=60, canceled=True, campaign_target=True)
    data = await gql(f"""{{
      interactionGroup(code: "LETTER") {{ {STATS} }}
      interactionTemplate(code: "ABSTRACT") {{ {STATS} }}
      campaign(no: "CP9001") {{ {STATS} targetContactsContacted contactsResponded }}
    }}""")
    expected = {"noOfInteractions": 3, "costLcy": "2.80", "durationMin": 13}
    assert data["interactionGroup"]["statistics"] == expected
    assert data["interactionTemplate"]["statistics"] == expected
    assert data["campaign"]["statistics"] == expected
    assert data["campaign"]["targetContactsContacted"] == 2
    assert data["campaign"]["contactsResponded"] == 2


async def test_statistics_of_unused_records_are_zero(gql, setup):
    data = await gql(f'{{ campaign(no: "CP9001") {{ {STATS} targetContactsContacted contactsResponded }} }}')
    assert data["campaign"] == {"statistics": {"noOfInteractions": 0, "costLcy": "0.00", "durationMin": 0},
                                "targetContactsContacted": 0, "contactsResponded": 0}


async def test_canceling_an_entry_updates_statistics(gql, mutate, setup, make_entry):
    from segmentum.resolvers.ids import encode_id

    entry = await make_entry(setup["template"], cost_lcy=Decimal("4.00"), duration_min=10)
    await make_entry(setup["template"], cost_lcy=Decimal("1.00"), duration_min=2)
    res = await mutate("interactionLogEntrySetCanceled", "SetCanceledInput",
                       {"id": encode_id("InteractionLogEntry", entry.id), "canceled": True},
                       f"interactionLogEntry {{ canceled template {{ {STATS} }} }}")
    assert res["interactionLogEntry"] == {"canceled": True, "template": {"statistics": {
        "noOfInteractions": 1, "costLcy": "1.00", "durationMin": 2}}}


async def test_statistics_cost_a_fixed_number_of_statements(gql, setup, make_entry, sql_count):
    for i in range(10):
        group = await InteractionGroup.create(code=f"G{i}", description="g")
        template = await InteractionTemplate.create(code=f"T{i}", description="t", group=group,
                                                    campaign=setup["campaign"])
        await make_entry(template)
    query = f"""query($n: Int) {{
      interactionTemplates(first: $n) {{ nodes {{ code {STATS} group {{ code {STATS} }}
        campaign {{ no salesperson {{ code }} {STATS} targetContactsContacted }} }} }} }}"""
    counts = []
    for size in (2, 11):
        sql_count["n"] = 0
        data = await gql(query, {"n": size})
        assert len(data["interactionTemplates"]["nodes"]) == size
        counts.append(sql_count["n"])
    assert counts[0] == counts[1]
    nodes = data["interactionTemplates"]["nodes"]
    assert nodes[0]["campaign"]["statistics"]["noOfInteractions"] == 10
    assert nodes[0]["statistics"]["noOfInteractions"] == 0  # ABSTRACT itself has no entries
    assert nodes[1]["group"]["statistics"]["noOfInteractions"] == 1
