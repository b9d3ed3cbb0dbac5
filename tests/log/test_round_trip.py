"""Log, cancel, un-cancel and delete a logged segment, with the statistics at each step."""

from __future__ import annotations

from typing import Any

from segmentum.models.interactions import CampaignEntry, InteractionLogEntry

STATS = (
    "{ contact(no: \"C01\") { statistics { noOfInteractions costLcy } } "
    "interactionTemplate(code: \"MAIL\") { statistics { noOfInteractions costLcy } } "
    "campaign(no: \"CP1\") { targetContactsContacted } "
    "salesperson(code: \"SP1\") { statistics { noOfInteractions } } "
    "loggedSegments { nodes { canceled noOfInteractions } } }"
)


def _flat(data: dict[str, Any]) -> tuple[Any, ...]:
    return (
        data["contact"]["statistics"]["noOfInteractions"],
        data["contact"]["statistics"]["costLcy"],
        data["interactionTemplate"]["statistics"]["noOfInteractions"],
        data["interactionTemplate"]["statistics"]["costLcy"],
        data["campaign"]["targetContactsContacted"],
        data["salesperson"]["statistics"]["noOfInteractions"],
        [(n["canceled"], n["noOfInteractions"]) for n in data["loggedSegments"]["nodes"]],
    )


async def test_log_cancel_uncancel_delete_round_trip(gql, mutate, setup, make_segment, log_segment):
    logged = (await log_segment(await make_segment(expr="C01|C02|C03|C04")))["loggedSegment"]
    assert _flat(await gql(STATS)) == (1, "2.50", 4, "10.00", 4, 4, [(False, 4)])

    res = await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": logged["id"], "canceled": True},
                       "loggedSegment { canceled }")
    assert res["userErrors"] == []
    # Canceled entries leave every statistic; the logged segment counts the entries in its own state.
    assert _flat(await gql(STATS)) == (0, "0.00", 0, "0.00", 0, 0, [(True, 4)])
    assert await CampaignEntry.filter(canceled=True).count() == 1

    res = await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": logged["id"], "canceled": False},
                       "loggedSegment { canceled }")
    assert _flat(await gql(STATS)) == (1, "2.50", 4, "10.00", 4, 4, [(False, 4)])

    # Only a canceled logged segment is deleted; its entries stay, unlinked.
    res = await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {}, "deletedCount")
    assert res["deletedCount"] == 0
    await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": logged["id"], "canceled": True},
                 "loggedSegment { canceled }")
    res = await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {}, "deletedCount")
    assert res["deletedCount"] == 1
    assert _flat(await gql(STATS)) == (0, "0.00", 0, "0.00", 0, 0, [])
    assert await InteractionLogEntry.filter(logged_segment_id=None, canceled=True).count() == 4
