"""Campaign entries (BC §1.14, §3.9 step 4, §3.10): one per campaign of a logged segment's lines, its fields, its
interactions, its cost and duration, and the cancel that cascades to it; a second log of a campaign gets its own."""

from __future__ import annotations

from decimal import Decimal

from segmentum.models.interactions import Campaign, CampaignEntry, InteractionLogEntry
from segmentum.models.masters import Salesperson
from segmentum.models.segments import SegmentLine

ENTRY = ("entryNo date description segmentNo canceled noOfInteractions costLcy durationMin campaign { no } "
         "salesperson { code } loggedSegment { entryNo } "
         "interactions(first: 50) { totalCount nodes { entryNo campaignEntry { entryNo } canceled } }")
LOGGED = (f"query($no: String!) {{ loggedSegment(segmentNo: $no) {{ entryNo canceled noOfInteractions "
          f"noOfCampaignEntries campaignEntries {{ totalCount nodes {{ {ENTRY} }} }} }} }}")


async def _logged(gql, no: str) -> dict:
    return (await gql(LOGGED, {"no": no}))["loggedSegment"]


async def test_a_log_writes_one_campaign_entry_per_campaign_with_its_interactions(gql, setup, make_segment,
                                                                                  log_segment):
    autumn = await Campaign.create(no="CP2", description="Autumn")
    other = await Salesperson.create(code="SP2", name="Other")
    segment_id = await make_segment(expr="C01|C02|C03|C04", description="Spring mailing", date="2026-04-01")
    lines = await SegmentLine.all().order_by("line_no")
    await SegmentLine.filter(id__in=[lines[2].id, lines[3].id]).update(campaign_id=autumn.id,
                                                                       salesperson_id=other.id)
    await SegmentLine.filter(id=lines[3].id).update(cost_lcy=Decimal("7.25"), duration_min=11)
    await SegmentLine.filter(id=lines[1].id).update(campaign_id=None)
    res = await log_segment(segment_id)
    no = res["loggedSegment"]["segmentNo"]
    logged = await _logged(gql, no)
    assert logged["noOfCampaignEntries"] == 2 and logged["campaignEntries"]["totalCount"] == 2
    spring, fall = logged["campaignEntries"]["nodes"]
    entries = {e.contact_id: e.id for e in await InteractionLogEntry.all()}
    c = [x.id for x in setup.contacts]
    assert {k: spring[k] for k in ("date", "description", "segmentNo", "canceled", "noOfInteractions", "costLcy",
                                   "durationMin", "campaign", "salesperson", "loggedSegment")} == {
        "date": "2026-04-01", "description": "Spring mailing", "segmentNo": no, "canceled": False,
        "noOfInteractions": 1, "costLcy": "2.50", "durationMin": 5, "campaign": {"no": "CP1"},
        "salesperson": {"code": "SP1"}, "loggedSegment": {"entryNo": logged["entryNo"]}}
    assert [n["entryNo"] for n in spring["interactions"]["nodes"]] == [entries[c[0]]]
    assert (fall["campaign"], fall["salesperson"], fall["noOfInteractions"], fall["costLcy"], fall["durationMin"]) == (
        {"no": "CP2"}, {"code": "SP2"}, 2, "9.75", 16)
    assert [n["entryNo"] for n in fall["interactions"]["nodes"]] == [entries[c[2]], entries[c[3]]]
    assert {n["campaignEntry"]["entryNo"] for n in fall["interactions"]["nodes"]} == {fall["entryNo"]}
    # Campaign.entries and the entry by its number.
    res = await gql('query($n: Int!) { campaign(no: "CP2") { entries { nodes { entryNo } } } '
                    'campaignEntry(entryNo: $n) { campaign { no } } }', {"n": fall["entryNo"]})
    assert res == {"campaign": {"entries": {"nodes": [{"entryNo": fall["entryNo"]}]}},
                   "campaignEntry": {"campaign": {"no": "CP2"}}}


async def test_a_second_log_of_the_same_campaign_links_its_interactions_to_its_own_entry(gql, setup, make_segment,
                                                                                          log_segment):
    """A join on the campaign alone would link each interaction to every entry of the campaign (and double them)."""
    first = await log_segment(await make_segment(expr="C01|C02|C03", description="First"))
    second = await log_segment(await make_segment(expr="C04|C05", description="Second"))
    assert (first["interactionsCreated"], second["interactionsCreated"]) == (3, 2)
    assert await InteractionLogEntry.all().count() == 5
    entries = await CampaignEntry.all().order_by("id")
    assert [e.campaign_id for e in entries] == [setup.campaign.id] * 2
    by_log = {e.logged_segment_id: e.id for e in entries}
    for log, count in ((first, 3), (second, 2)):
        logged = await _logged(gql, log["loggedSegment"]["segmentNo"])
        (entry,) = logged["campaignEntries"]["nodes"]
        assert entry["entryNo"] == by_log[logged["entryNo"]]
        assert entry["noOfInteractions"] == count and entry["interactions"]["totalCount"] == count
        linked = await InteractionLogEntry.filter(logged_segment_id=logged["entryNo"]).values_list(
            "campaign_entry_id", flat=True)
        assert set(linked) == {entry["entryNo"]} and len(linked) == count
    res = await gql('{ campaign(no: "CP1") { statistics { noOfInteractions } entries { totalCount } } }')
    assert res["campaign"] == {"statistics": {"noOfInteractions": 5}, "entries": {"totalCount": 2}}


async def test_canceling_cascades_to_the_campaign_entry_and_counts_follow_bcs_canceled_state(
        gql, mutate, setup, make_segment, log_segment):
    res = await log_segment(await make_segment(expr="C01|C02", description="Spring"))
    logged_id, no = res["loggedSegment"]["id"], res["loggedSegment"]["segmentNo"]
    entry = await InteractionLogEntry.filter(contact_id=setup.contacts[0].id).first()
    assert entry is not None
    # One interaction canceled on its own: the (non-canceled) campaign entry counts the other one.
    await InteractionLogEntry.filter(id=entry.id).update(canceled=True)
    logged = await _logged(gql, no)
    ce = logged["campaignEntries"]["nodes"][0]
    assert (ce["canceled"], ce["noOfInteractions"], ce["costLcy"], ce["interactions"]["totalCount"]) == (
        False, 1, "2.50", 2)
    await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": logged_id, "canceled": True},
                 "loggedSegment { canceled }")
    logged = await _logged(gql, no)
    ce = logged["campaignEntries"]["nodes"][0]
    # Canceled together: the counts take the canceled entries, as BC's FlowFields (same Canceled state).
    assert (logged["noOfCampaignEntries"], ce["canceled"], ce["noOfInteractions"], ce["costLcy"],
            ce["durationMin"]) == (1, True, 2, "5.00", 10)
    await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {}, "deletedCount")
    left = await gql("query($n: Int!) { campaignEntry(entryNo: $n) { loggedSegment { entryNo } canceled "
                     "segmentNo } }", {"n": ce["entryNo"]})
    assert left["campaignEntry"] == {"loggedSegment": None, "canceled": True, "segmentNo": no}
