"""Logged segments and entries: counts by canceled state, cascading cancel, un-cancel conflict, delete canceled."""

from __future__ import annotations

from datetime import date

from segmentum.models.enums import Evaluation
from segmentum.models.interactions import CampaignEntry, InteractionLogEntry, LoggedSegment
from segmentum.resolvers.ids import encode_id

LOGGED = "loggedSegment { id entryNo segmentNo canceled noOfInteractions }"


def gid(obj) -> str:
    return encode_id(type(obj).__name__, obj.id)


async def logged_with_entries(make_logged_segment, make_entry, setup, n=3):
    logged = await make_logged_segment()
    campaign_entry = await CampaignEntry.create(campaign=setup["campaign"], description="c", date=date(2026, 1, 1),
                                                logged_segment=logged)
    entries = [await make_entry(setup["template"], logged_segment_id=logged.id, segment_no=logged.segment_no,
                                campaign_entry_id=campaign_entry.id) for _ in range(n)]
    return logged, campaign_entry, entries


async def test_no_of_interactions_counts_entries_in_the_same_canceled_state(gql, setup, make_logged_segment,
                                                                           make_entry):
    logged, _, entries = await logged_with_entries(make_logged_segment, make_entry, setup)
    await InteractionLogEntry.filter(id=entries[0].id).update(canceled=True)
    q = "{ loggedSegments { nodes { entryNo segmentNo noOfInteractions interactions { totalCount } } } }"
    node = (await gql(q))["loggedSegments"]["nodes"][0]
    assert node == {"entryNo": logged.id, "segmentNo": logged.segment_no, "noOfInteractions": 2,
                    "interactions": {"totalCount": 3}}
    await LoggedSegment.filter(id=logged.id).update(canceled=True)
    assert (await gql(q))["loggedSegments"]["nodes"][0]["noOfInteractions"] == 1


async def test_cancel_logged_segment_cascades_and_blocks_uncancel_of_entries(mutate, setup, make_logged_segment,
                                                                             make_entry):
    logged, campaign_entry, entries = await logged_with_entries(make_logged_segment, make_entry, setup)
    res = await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": gid(logged), "canceled": True}, LOGGED)
    assert res["loggedSegment"]["canceled"] is True and res["loggedSegment"]["noOfInteractions"] == 3
    assert await InteractionLogEntry.filter(canceled=True).count() == 3
    assert (await CampaignEntry.get(id=campaign_entry.id)).canceled is True

    res = await mutate("interactionLogEntrySetCanceled", "SetCanceledInput", {"id": gid(entries[0]), "canceled": False},
                       "interactionLogEntry { canceled }")
    assert res["interactionLogEntry"] is None
    err = res["userErrors"][0]
    assert err["code"] == "CONFLICT" and logged.segment_no in err["message"]
    assert (await InteractionLogEntry.get(id=entries[0].id)).canceled is True

    res = await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": gid(logged), "canceled": False}, LOGGED)
    assert res["loggedSegment"]["canceled"] is False
    assert await InteractionLogEntry.filter(canceled=False).count() == 3
    assert (await CampaignEntry.get(id=campaign_entry.id)).canceled is False


async def test_entry_cancel_and_uncancel_on_its_own(mutate, setup, make_entry):
    entry = await make_entry(setup["template"])
    sel = "interactionLogEntry { entryNo canceled }"
    res = await mutate("interactionLogEntrySetCanceled", "SetCanceledInput", {"id": gid(entry), "canceled": True}, sel)
    assert res["interactionLogEntry"] == {"entryNo": entry.id, "canceled": True}
    res = await mutate("interactionLogEntrySetCanceled", "SetCanceledInput", {"id": gid(entry), "canceled": False}, sel)
    assert res["interactionLogEntry"] == {"entryNo": entry.id, "canceled": False}


async def test_uncancel_refused_while_campaign_entry_canceled(mutate, setup, make_entry):
    campaign_entry = await CampaignEntry.create(campaign=setup["campaign"], description="c", date=date(2026, 1, 1),
                                                canceled=True)
    entry = await make_entry(setup["template"], campaign_entry_id=campaign_entry.id, canceled=True)
    res = await mutate("interactionLogEntrySetCanceled", "SetCanceledInput", {"id": gid(entry), "canceled": False},
                       "interactionLogEntry { canceled }")
    assert res["userErrors"][0]["code"] == "CONFLICT"


async def test_evaluate_entry(mutate, setup, make_entry):
    entry = await make_entry(setup["template"])
    res = await mutate("interactionLogEntryEvaluate", "InteractionEvaluateInput",
                       {"id": gid(entry), "evaluation": "VERY_POSITIVE"}, "interactionLogEntry { evaluation }")
    assert res["interactionLogEntry"] == {"evaluation": "VERY_POSITIVE"}
    assert (await InteractionLogEntry.get(id=entry.id)).evaluation == Evaluation.VERY_POSITIVE
    wrong = await mutate("interactionLogEntryEvaluate", "InteractionEvaluateInput",
                         {"id": encode_id("LoggedSegment", entry.id), "evaluation": "NEUTRAL"}, "__typename")
    assert wrong["userErrors"][0]["code"] == "NOT_FOUND"


async def test_delete_canceled_deletes_only_canceled_and_keeps_entries_unlinked(gql, mutate, setup,
                                                                               make_logged_segment, make_entry):
    canceled, campaign_entry, entries = await logged_with_entries(make_logged_segment, make_entry, setup)
    open_one, _, open_entries = await logged_with_entries(make_logged_segment, make_entry, setup, n=1)
    await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": gid(canceled), "canceled": True}, LOGGED)

    res = await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {}, "deletedCount")
    assert res == {"deletedCount": 1, "userErrors": []}
    assert await LoggedSegment.filter(id=open_one.id).exists()
    assert not await LoggedSegment.filter(id=canceled.id).exists()
    kept = await InteractionLogEntry.filter(id__in=[e.id for e in entries])
    assert len(kept) == 3 and all(e.logged_segment_id is None and e.canceled for e in kept)
    assert all(e.segment_no == canceled.segment_no for e in kept)
    assert (await CampaignEntry.get(id=campaign_entry.id)).logged_segment_id is None
    assert (await InteractionLogEntry.get(id=open_entries[0].id)).logged_segment_id == open_one.id
    data = await gql("query($id: ID!) { node(id: $id) { ... on InteractionLogEntry { loggedSegment { id } "
                     "segmentNo } } }", {"id": gid(entries[0])})
    assert data["node"] == {"loggedSegment": None, "segmentNo": canceled.segment_no}


async def test_delete_canceled_with_ids_takes_only_those(mutate, make_logged_segment):
    a = await make_logged_segment(canceled=True)
    b = await make_logged_segment(canceled=True)
    c = await make_logged_segment()
    res = await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {"ids": [gid(a), gid(c)]},
                       "deletedCount deletedIds")
    assert res == {"deletedCount": 1, "deletedIds": [gid(a)], "userErrors": []}
    assert sorted(s.id for s in await LoggedSegment.all()) == [b.id, c.id]
    bad = await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {"ids": [gid(b), "junk"]},
                       "deletedCount")
    assert bad["deletedCount"] == 0 and bad["userErrors"][0]["code"] == "NOT_FOUND"
    assert bad["userErrors"][0]["field"] == ["input", "ids", "1"]
    assert await LoggedSegment.filter(id=b.id).exists()
