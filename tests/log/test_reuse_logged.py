"""segmentReuseLogged: the contacts of a logged segment's non-canceled entries, once each, honouring exclusion and
privacy, recorded and undoable like any action."""

from __future__ import annotations

from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.segments import SegmentCriteriaAction, SegmentLine

RESULT = ("linesAdded skippedExcluded skippedPrivacyBlocked skippedExisting "
          "segment { noOfLines noOfCriteriaActions lines(first: 20) { nodes { contact { no } } } }")


async def _logged(make_segment: Any, log_segment: Any) -> dict[str, Any]:
    res = await log_segment(await make_segment(expr="C01|C02|C03|C04|C05", description="Logged one"))
    return res["loggedSegment"]  # type: ignore[no-any-return]


def _nos(payload: dict[str, Any]) -> list[str]:
    return [n["contact"]["no"] for n in payload["segment"]["lines"]["nodes"]]


async def test_reuse_adds_non_canceled_contacts_once_without_excluded_or_privacy_blocked(
        mutate, setup, make_segment, log_segment):
    logged = await _logged(make_segment, log_segment)
    await InteractionLogEntry.filter(contact__no="C02").update(canceled=True)
    await Contact.filter(no="C03").update(exclude_from_segment=True)
    await Contact.filter(no="C04").update(privacy_blocked=True)
    target = await make_segment(expr="C05", description="Target")

    res = await mutate("segmentReuseLogged", "SegmentReuseLoggedInput",
                       {"segmentId": target, "loggedSegmentId": logged["id"], "confirmExistingCriteria": True}, RESULT)
    assert res["userErrors"] == []
    assert (res["linesAdded"], res["skippedExcluded"], res["skippedPrivacyBlocked"], res["skippedExisting"]) == (
        1, 1, 1, 1)
    assert _nos(res) == ["C05", "C01"]
    action = await SegmentCriteriaAction.filter(position=2).first()
    assert action is not None and action.criteria == {
        "interaction": {"logged_segment_entry_no": {"eq": logged["entryNo"]}, "canceled": False}}
    assert action.reuse_logged

    res = await mutate("segmentGoBack", "SegmentRefInput", {"segmentId": target}, RESULT)
    assert _nos(res) == ["C05"] and res["segment"]["noOfCriteriaActions"] == 1


async def test_ignore_exclusion_adds_excluded_contacts_but_never_privacy_blocked(mutate, setup, make_segment,
                                                                                 log_segment):
    logged = await _logged(make_segment, log_segment)
    await Contact.filter(no="C03").update(exclude_from_segment=True)
    await Contact.filter(no="C04").update(privacy_blocked=True)
    target = await make_segment(expr="NOBODY", description="Target")
    res = await mutate("segmentReuseLogged", "SegmentReuseLoggedInput",
                       {"segmentId": target, "loggedSegmentId": logged["id"], "ignoreExclusion": True,
                        "confirmExistingCriteria": True}, RESULT)
    assert _nos(res) == ["C01", "C02", "C03", "C05"] and res["skippedPrivacyBlocked"] == 1


async def test_reuse_on_a_segment_with_actions_needs_confirmation_and_bad_ids_are_refused(
        mutate, setup, make_segment, log_segment):
    logged = await _logged(make_segment, log_segment)
    target = await make_segment(expr="C09", description="Target")
    res = await mutate("segmentReuseLogged", "SegmentReuseLoggedInput",
                       {"segmentId": target, "loggedSegmentId": logged["id"]}, RESULT)
    assert res["userErrors"][0]["code"] == "CONFLICT"
    assert res["userErrors"][0]["field"] == ["input", "confirmExistingCriteria"]
    assert await SegmentLine.all().count() == 1

    res = await mutate("segmentReuseLogged", "SegmentReuseLoggedInput",
                       {"segmentId": target, "loggedSegmentId": target, "confirmExistingCriteria": True}, RESULT)
    assert res["userErrors"][0]["field"] == ["input", "loggedSegmentId"]
    assert await SegmentCriteriaAction.all().count() == 1
