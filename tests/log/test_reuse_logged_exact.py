"""Reuse Logged Segment as BC has it: the logged segment's contacts whatever their company is now, identified by
its entry number (not its segment number), the lines taking their entry's campaign, and a recorded Reuse Logged
action replayed the same way by Reuse Criteria, re-evaluation and the Go Back after it."""

from __future__ import annotations

from typing import Any

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.interactions import Campaign, InteractionLogEntry
from segmentum.models.segments import Segment, SegmentLine
from tests.log.conftest import gid
from tests.segments.test_reevaluate import reevaluate

LINES = "segment { id no noOfLines lines(first: 50) { nodes { contact { no } campaign { no } campaignTarget } } }"


def _lines(payload: dict[str, Any]) -> list[tuple[str, str | None, bool]]:
    return [(n["contact"]["no"], (n["campaign"] or {}).get("no"), n["campaignTarget"])
            for n in payload["segment"]["lines"]["nodes"]]


async def _reuse(mutate: Any, segment_id: str, logged_id: str, **options: Any) -> dict[str, Any]:
    res = await mutate("segmentReuseLogged", "SegmentReuseLoggedInput",
                       {"segmentId": segment_id, "loggedSegmentId": logged_id, "confirmExistingCriteria": True,
                        **options}, f"linesAdded skippedExisting {LINES}")
    assert res["userErrors"] == [], res
    return res


@pytest.fixture
async def persons(setup: Any, make_contact: Any) -> dict[str, Contact]:
    """P1 and P2, persons of C01 and C02 with e-mail addresses."""
    c01, c02 = setup.contacts[0], setup.contacts[1]
    return {no: await make_contact(ContactType.PERSON, company, no=no, name=f"{no} Person", email=f"{no}@example.com",
                                   company_name=company.name)
            for no, company in (("P1", c01), ("P2", c02))}


async def test_contacts_whose_company_changed_since_logging_are_reused(mutate, setup, persons, make_segment,
                                                                        log_segment):
    logged = (await log_segment(await make_segment(expr="C01|P1|P2", description="Logged")))["loggedSegment"]
    # Since logging, P1 moved to C03 and P2 became independent: their entries keep the company they had.
    await Contact.filter(no="P1").update(company_id=setup.contacts[2].id, company_name=setup.contacts[2].name)
    await Contact.filter(no="P2").update(company_id=None, company_name=None)
    target = await make_segment(expr="NOBODY", description="Target")
    res = await _reuse(mutate, target, logged["id"])
    assert res["linesAdded"] == 3
    assert sorted(no for no, _, _ in _lines(res)) == ["C01", "P1", "P2"]


async def test_reused_lines_take_their_entrys_campaign_after_the_header_defaults(gql, mutate, setup, make_segment,
                                                                                 log_segment):
    spring, autumn = setup.campaign, await Campaign.create(no="CP2", description="Autumn")
    await Campaign.create(no="CP3", description="Winter")
    source = await make_segment(expr="C01|C02|C03|C04", description="Logged")  # template MAIL: campaign CP1
    lines = {line.contact_id: line for line in await SegmentLine.all()}
    c02, c03, c04 = (setup.contacts[i] for i in (1, 2, 3))
    await SegmentLine.filter(id=lines[c02.id].id).update(campaign_id=autumn.id)
    await SegmentLine.filter(id=lines[c03.id].id).update(campaign_id=None, campaign_target=False)
    # C04 twice: its first entry (CP1) gets canceled, so its second one (CP2) counts.
    res = await gql("mutation($i: SegmentLineAddInput!) { segmentLineAdd(input: $i) { userErrors { code } } }",
                    {"i": {"segmentId": source, "contactId": gid(c04)}})
    assert res["segmentLineAdd"]["userErrors"] == []
    second = await SegmentLine.filter(contact_id=c04.id).order_by("-line_no").first()
    assert second is not None
    await SegmentLine.filter(id=second.id).update(campaign_id=autumn.id)
    log = await log_segment(source, createFollowUp=True)
    first_c04 = await InteractionLogEntry.filter(contact_id=c04.id).order_by("id").first()
    assert first_c04 is not None and first_c04.campaign_id == spring.id
    await InteractionLogEntry.filter(id=first_c04.id).update(canceled=True)

    # The follow-up (header campaign: the segment's) has the lines as they were, each with its entry's campaign.
    follow = await Segment.get(no=log["followUpSegment"]["no"])
    assert follow.campaign_id == spring.id
    got = {(line.contact_id, line.campaign_id) for line in await SegmentLine.filter(segment_id=follow.id)}
    assert got == {(setup.contacts[0].id, spring.id), (c02.id, autumn.id), (c03.id, None), (c04.id, spring.id)}

    # A segment for CP3 with campaign target: the campaign comes from the entry, the flag from the header.
    target = await make_segment(expr="NOBODY", description="Target", campaignNo="CP3", campaignTarget=True,
                                interactionTemplateCode="LETTER")
    res = await _reuse(mutate, target, log["loggedSegment"]["id"])
    assert sorted(_lines(res)) == [("C01", "CP1", True), ("C02", "CP2", True), ("C03", None, True),
                                   ("C04", "CP2", True)]


async def test_a_logged_segment_is_identified_by_its_entry_number_not_its_segment_number(
        mutate, setup, make_segment, log_segment):
    """Log, cancel, delete the canceled log, un-cancel one of its (campaign-less) entries, log a new segment under
    the same number: the new log's reuse and follow-up do not see the old entry."""
    old = await log_segment(await make_segment(expr="C01|C02", description="Old", no="SEGX",
                                               interactionTemplateCode="LETTER"))
    assert old["userErrors"] == []
    res = await mutate("loggedSegmentSetCanceled", "SetCanceledInput",
                       {"id": old["loggedSegment"]["id"], "canceled": True}, "loggedSegment { canceled }")
    assert res["userErrors"] == []
    res = await mutate("loggedSegmentsDeleteCanceled", "DeleteCanceledInput", {}, "deletedCount")
    assert res["deletedCount"] == 1
    entry = await InteractionLogEntry.get(contact_id=setup.contacts[0].id)
    res = await mutate("interactionLogEntrySetCanceled", "SetCanceledInput", {"id": gid(entry), "canceled": False},
                       "interactionLogEntry { canceled segmentNo }")
    assert res["userErrors"] == [] and res["interactionLogEntry"] == {"canceled": False, "segmentNo": "SEGX"}

    new = await log_segment(await make_segment(expr="C03", description="New", no="SEGX",
                                               interactionTemplateCode="LETTER"), createFollowUp=True)
    assert new["userErrors"] == []
    follow = await Segment.get(no=new["followUpSegment"]["no"])
    assert await SegmentLine.filter(segment_id=follow.id).values_list("contact__no", flat=True) == ["C03"]
    target = await make_segment(expr="NOBODY", description="Target")
    res = await _reuse(mutate, target, new["loggedSegment"]["id"])
    assert [no for no, _, _ in _lines(res)] == ["C03"]


async def test_a_recorded_reuse_replays_as_the_same_logged_segments_entries(
        gql, mutate, setup, persons, make_segment, log_segment, in_process):
    """Reuse Criteria and re-evaluation replay it by the logged segment's entries (whatever the company is now), and
    the Go Back after a re-evaluation undoes it as replayed."""
    logged = (await log_segment(await make_segment(expr="C01|C02|P1|P2", description="Logged")))["loggedSegment"]
    target = await make_segment(expr="NOBODY", description="Target")
    res = await _reuse(mutate, target, logged["id"])
    assert sorted(no for no, _, _ in _lines(res)) == ["C01", "C02", "P1", "P2"]
    target_no = res["segment"]["no"]
    # P1 moves to C03; C02's entry gets canceled.
    await Contact.filter(no="P1").update(company_id=setup.contacts[2].id)
    await InteractionLogEntry.filter(contact__no="C02").update(canceled=True)

    res = await mutate("segmentSaveCriteria", "SegmentSaveCriteriaInput", {"segmentId": target, "code": "REUSED"},
                       "savedCriteria { code }")
    assert res["userErrors"] == []
    fresh = await make_segment(expr="NOBODY", description="Fresh")
    res = await mutate("segmentReuseCriteria", "SegmentReuseCriteriaInput",
                       {"segmentId": fresh, "savedCriteriaCode": "REUSED", "confirmExistingCriteria": True}, LINES)
    assert res["userErrors"] == []
    assert sorted(no for no, _, _ in _lines(res)) == ["C01", "P1", "P2"]

    await reevaluate(gql, target)
    lines = await gql("query($no: String!) { segment(no: $no) { lines { nodes { contact { no } } } } }",
                      {"no": target_no})
    assert sorted(n["contact"]["no"] for n in lines["segment"]["lines"]["nodes"]) == ["C01", "P1", "P2"]
    res = await mutate("segmentGoBack", "SegmentRefInput", {"segmentId": target}, "linesRemoved segment { noOfLines }")
    assert res["linesRemoved"] == 3 and res["segment"]["noOfLines"] == 0
