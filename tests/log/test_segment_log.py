"""segmentLog: the checks (one LineError per failing line, nothing written) and the set-based log itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from segmentum.models.contacts import Contact
from segmentum.models.enums import CorrespondenceType, DeliveryStatus
from segmentum.models.interactions import CampaignEntry, InteractionLogEntry, LoggedSegment
from segmentum.models.log import validate
from segmentum.models.masters import Salesperson
from segmentum.models.segments import Segment, SegmentCriteriaAction, SegmentLine
from tests.log.conftest import gid


async def _nothing_written(segment_no: str, lines: int) -> None:
    assert await InteractionLogEntry.all().count() == 0
    assert await LoggedSegment.all().count() == 0
    assert await CampaignEntry.all().count() == 0
    segment = await Segment.get(no=segment_no)
    assert await SegmentLine.filter(segment_id=segment.id).count() == lines


async def test_a_log_writes_one_entry_per_line_in_line_order_and_deletes_the_segment(setup, make_segment,
                                                                                    log_segment):
    segment_id = await make_segment()
    segment = await Segment.get(description="Spring mailing")
    lines = await SegmentLine.filter(segment_id=segment.id).order_by("line_no")
    res = await log_segment(segment_id)
    assert res["userErrors"] == []
    assert res["interactionsCreated"] == 12 and res["job"] is None
    logged = res["loggedSegment"]
    assert logged["segmentNo"] == segment.no and logged["description"] == "Spring mailing"
    assert logged["noOfInteractions"] == 12 and logged["canceled"] is False

    entries = await InteractionLogEntry.all().order_by("id")
    assert [e.contact_id for e in entries] == [line.contact_id for line in lines]
    first = entries[0]
    assert (first.date, first.description, first.cost_lcy, first.duration_min) == (
        segment.date, "Spring mailing", Decimal("2.50"), 5)
    assert first.template_id == setup.email_template.id and first.group_id == setup.group.id
    assert first.salesperson_id == setup.salesperson.id and first.campaign_id == setup.campaign.id
    assert first.campaign_target is True and first.correspondence_type == CorrespondenceType.EMAIL
    assert first.segment_no == segment.no and first.logged_segment_id == int(logged["entryNo"])
    assert first.delivery_status == DeliveryStatus.NONE  # not delivered: deliver was false
    assert first.contact_company_id == first.contact_id  # a company's company is itself

    campaign_entries = await CampaignEntry.all()
    assert len(campaign_entries) == 1
    ce = campaign_entries[0]
    assert (ce.campaign_id, ce.segment_no, ce.logged_segment_id, ce.description, ce.date) == (
        setup.campaign.id, segment.no, int(logged["entryNo"]), "Spring mailing", segment.date)
    assert {e.campaign_entry_id for e in entries} == {ce.id}

    assert not await Segment.filter(id=segment.id).exists()
    assert await SegmentLine.all().count() == 0
    assert await SegmentCriteriaAction.all().count() == 0


async def test_statistics_everywhere_show_the_log_at_once(gql, setup, make_segment, log_segment):
    await log_segment(await make_segment())
    data = await gql(
        "{ contact(no: \"C01\") { statistics { noOfInteractions costLcy durationMin dateOfLastInteraction } } "
        "interactionTemplate(code: \"MAIL\") { statistics { noOfInteractions costLcy durationMin } } "
        "interactionGroup(code: \"OUT\") { statistics { noOfInteractions costLcy durationMin } } "
        "campaign(no: \"CP1\") { targetContactsContacted statistics { noOfInteractions costLcy } } "
        "salesperson(code: \"SP1\") { statistics { noOfInteractions costLcy durationMin } } "
        "loggedSegments { nodes { noOfInteractions } } }"
    )
    assert data["contact"]["statistics"] == {"noOfInteractions": 1, "costLcy": "2.50", "durationMin": 5,
                                             "dateOfLastInteraction": date.today().isoformat()}
    twelve = {"noOfInteractions": 12, "costLcy": "30.00", "durationMin": 60}
    assert data["interactionTemplate"]["statistics"] == twelve
    assert data["interactionGroup"]["statistics"] == twelve
    assert data["salesperson"]["statistics"] == twelve
    assert data["campaign"] == {"targetContactsContacted": 12,
                                "statistics": {"noOfInteractions": 12, "costLcy": "30.00"}}
    assert data["loggedSegments"]["nodes"] == [{"noOfInteractions": 12}]


async def test_a_tenth_line_that_fails_writes_nothing_and_leaves_the_segment(setup, make_segment, log_segment):
    segment_id = await make_segment()
    segment = await Segment.get(description="Spring mailing")
    tenth = (await SegmentLine.filter(segment_id=segment.id).order_by("line_no"))[9]
    await SegmentLine.filter(id=tenth.id).update(date=None)
    res = await log_segment(segment_id)
    assert res["loggedSegment"] is None and res["interactionsCreated"] == 0
    assert res["userErrors"] == [{"code": "REQUIRED", "field": ["lines", "date"], "lineNo": tenth.line_no,
                                  "contactNo": "C10", "message": f"Line {tenth.line_no}: Date must have a value."}]
    await _nothing_written(segment.no, 12)
    assert (await SegmentLine.get(id=tenth.id)).date is None


async def test_every_failing_line_gets_its_own_error_naming_the_field(setup, make_segment, log_segment):
    segment_id = await make_segment()
    segment = await Segment.get(description="Spring mailing")
    lines = await SegmentLine.filter(segment_id=segment.id).order_by("line_no")
    await SegmentLine.filter(id=lines[0].id).update(salesperson_id=None)
    await SegmentLine.filter(id=lines[2].id).update(interaction_template_id=None)
    await Contact.filter(no="C04").update(privacy_blocked=True)
    await Contact.filter(no="C05").update(email=None)
    res = await log_segment(segment_id, deliver=True)
    got = [(e["lineNo"], e["contactNo"], e["code"], e["field"]) for e in res["userErrors"]]
    assert got == [
        (lines[0].line_no, "C01", "REQUIRED", ["lines", "salespersonCode"]),
        (lines[2].line_no, "C03", "REQUIRED", ["lines", "interactionTemplateCode"]),
        (lines[3].line_no, "C04", "PRIVACY_BLOCKED", ["lines", "contactId"]),
        (lines[4].line_no, "C05", "REQUIRED", ["lines", "correspondenceType"]),
    ]
    await _nothing_written(segment.no, 12)


async def test_a_salesperson_blocked_after_the_lines_took_it_still_logs(gql, setup, make_segment, log_segment):
    """BC's CheckSalesperson asks only that the salesperson be set and exist: Blocked limits the look-ups. A
    blocked salesperson is still refused on the header and on a line (BLOCKED)."""
    segment_id = await make_segment(expr="C01|C02")
    await Salesperson.filter(code="SP1").update(blocked=True)
    res = await log_segment(segment_id)
    assert res["userErrors"] == [] and res["interactionsCreated"] == 2
    assert {e.salesperson_id for e in await InteractionLogEntry.all()} == {setup.salesperson.id}

    other = await make_segment(expr="C03", description="Other", salespersonCode=None)
    res = await gql("mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { userErrors { code field } } }",
                    {"i": {"id": other, "salespersonCode": "SP1"}})
    assert res["segmentUpdate"]["userErrors"] == [{"code": "BLOCKED", "field": ["input", "salespersonCode"]}]
    line = await SegmentLine.get(contact__no="C03")
    res = await gql("mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { code } } }",
                    {"i": {"id": gid(line), "salespersonCode": "SP1"}})
    assert res["segmentLineUpdate"]["userErrors"] == [{"code": "BLOCKED"}]


async def test_without_deliver_an_email_line_without_address_is_logged_as_a_plain_record(setup, make_segment,
                                                                                        log_segment):
    await Contact.filter(no="C05").update(email=None)
    res = await log_segment(await make_segment())
    assert res["userErrors"] == [] and res["interactionsCreated"] == 12
    entry = await InteractionLogEntry.get(contact__no="C05")
    assert entry.correspondence_type == CorrespondenceType.NONE
    assert await InteractionLogEntry.filter(correspondence_type=CorrespondenceType.EMAIL).count() == 11


async def test_header_rules_required_empty_and_already_logged(gql, setup, make_segment, log_segment):
    no_description = await make_segment(description=None)
    res = await log_segment(no_description)
    assert [(e["code"], e["field"]) for e in res["userErrors"]] == [("REQUIRED", ["input", "segmentId"])]

    empty = await make_segment(expr="NOBODY", description="Empty one")
    res = await log_segment(empty)
    assert res["userErrors"][0]["code"] == "EMPTY_SEGMENT"

    first = await make_segment(expr="C01", description="First", no="SEGX")
    assert (await log_segment(first))["userErrors"] == []
    again = await make_segment(expr="C02", description="Again", no="SEGX")
    res = await log_segment(again)
    assert res["userErrors"][0]["code"] == "ALREADY_EXISTS" and "SEGX" in res["userErrors"][0]["message"]
    assert await InteractionLogEntry.all().count() == 1
    assert await LoggedSegment.all().count() == 1


async def test_a_follow_up_segment_holds_the_same_contacts_through_a_recorded_action(setup, make_segment,
                                                                                     log_segment):
    segment_id = await make_segment(expr="C01|C02|C03", campaignNo="CP1")
    old = await Segment.get(description="Spring mailing")
    res = await log_segment(segment_id, createFollowUp=True)
    follow = res["followUpSegment"]
    assert follow["description"] == f"Follow-up on segment {old.no}"
    assert follow["noOfLines"] == 3 and follow["noOfCriteriaActions"] == 1
    segment = await Segment.get(no=follow["no"])
    assert segment.campaign_id == setup.campaign.id
    contacts = await SegmentLine.filter(segment_id=segment.id).values_list("contact__no", flat=True)
    assert sorted(contacts) == ["C01", "C02", "C03"]


async def test_line_errors_are_capped_and_the_last_says_how_many_more_fail(setup, make_segment, log_segment,
                                                                          monkeypatch):
    monkeypatch.setattr(validate, "MAX_LINE_ERRORS", 2)
    segment_id = await make_segment(expr="C01|C02|C03|C04")
    await SegmentLine.all().update(date=None)
    res = await log_segment(segment_id)
    assert [e["contactNo"] for e in res["userErrors"]] == ["C01", "C02"]
    assert res["userErrors"][-1]["message"].endswith("(2 more lines fail.)")
    assert await InteractionLogEntry.all().count() == 0
