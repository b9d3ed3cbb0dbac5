"""The README's logging walk-through, block by block, on the demo data: criteria, logged and delivered to the
outbox, canceled, un-canceled, with the statistics after each step."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from typing import Any

import pytest

from segmentum.models.demo.seed import seed
from segmentum.models.enums import CorrespondenceType
from segmentum.models.interactions import InteractionLogEntry
from segmentum.workers import queue
from tests.readme import readme_example

pytestmark = pytest.mark.usefixtures("in_process")

TODAY = date(2026, 6, 15)


def _figures(data: dict[str, Any]) -> tuple[Any, ...]:
    return (
        data["loggedSegment"]["canceled"],
        data["loggedSegment"]["noOfInteractions"],
        data["interactionTemplate"]["statistics"]["noOfInteractions"],
        data["campaign"]["targetContactsContacted"],
        data["salesperson"]["statistics"]["noOfInteractions"],
    )


async def test_the_walkthrough_logs_delivers_cancels_and_uncancels(gql, outbox):
    await seed(2000, today=TODAY)
    before = await gql('{ interactionTemplate(code: "INVITE") { statistics { noOfInteractions } } '
                       'campaign(no: "CP0001") { targetContactsContacted } '
                       'salesperson(code: "AV") { statistics { noOfInteractions } } }')
    created = await gql(readme_example("Create the segment from the event invitation template"))
    segment_id = created["segmentCreate"]["segment"]["id"]
    added = await gql(readme_example("Add the persons in Gent"), {"id": segment_id})
    lines = added["segmentAddContacts"]["segment"]["noOfLines"]
    assert added["segmentAddContacts"]["userErrors"] == [] and lines > 0
    languages = await gql(readme_example("Give the segment its content in two languages"), {"id": segment_id})
    assert languages["dutch"]["userErrors"] == languages["english"]["userErrors"] == []

    logged = (await gql(readme_example("Log it and deliver"), {"id": segment_id}))["segmentLog"]
    assert logged["userErrors"] == [] and logged["interactionsCreated"] == lines
    await queue.drain()
    stats = readme_example("The statistics, everywhere at once")
    variables = {"no": logged["loggedSegment"]["segmentNo"]}
    after_log = await gql(stats, variables)
    n = lines
    base = (before["interactionTemplate"]["statistics"]["noOfInteractions"],
            before["campaign"]["targetContactsContacted"], before["salesperson"]["statistics"]["noOfInteractions"])
    assert _figures(after_log) == (False, n, base[0] + n, base[1] + n, base[2] + n)
    assert {e["deliveryStatus"] for e in after_log["loggedSegment"]["interactions"]["nodes"]} == {"SENT"}
    kinds = {k: await InteractionLogEntry.filter(segment_no=variables["no"], correspondence_type=k).count()
             for k in CorrespondenceType}
    assert len(list(outbox.glob("entry-*.eml"))) == kinds[CorrespondenceType.EMAIL]
    hard_copies = outbox / f"hard-copy-{variables['no']}.txt"
    assert len(hard_copies.read_text().splitlines()) == kinds[CorrespondenceType.HARD_COPY]
    # Every line took the Dutch record (the persons in Gent speak NLB): merged mails and documents.
    nodes = after_log["loggedSegment"]["interactions"]["nodes"]
    assert {(e["languageCode"], e["content"]["languageCode"]) for e in nodes} == {("NLB", "NLB")}
    mail = email.message_from_bytes(sorted(outbox.glob("entry-*.eml"))[0].read_bytes(), policy=policy.default)
    assert mail["Subject"] == "Uitnodiging lente-event"
    assert "nodigt u uit" in mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert len(list(outbox.glob("document-*-NLB.html"))) == kinds[CorrespondenceType.HARD_COPY]

    entries = await gql(readme_example("Its campaign entry, and the e-mail invitations"), variables)
    (campaign_entry,) = entries["loggedSegment"]["campaignEntries"]["nodes"]
    assert entries["loggedSegment"]["noOfCampaignEntries"] == 1
    assert (campaign_entry["campaign"], campaign_entry["noOfInteractions"], campaign_entry["costLcy"]) == (
        {"no": "CP0001"}, n, "3.50")
    assert entries["interactionLogEntries"]["totalCount"] == kinds[CorrespondenceType.EMAIL]

    cancel = readme_example("Cancel the logged segment")
    logged_id = logged["loggedSegment"]["id"]
    assert (await gql(cancel, {"id": logged_id}))["loggedSegmentSetCanceled"]["userErrors"] == []
    assert _figures(await gql(stats, variables)) == (True, n, *base)

    uncancel = cancel.replace("canceled: true", "canceled: false")
    assert (await gql(uncancel, {"id": logged_id}))["loggedSegmentSetCanceled"]["userErrors"] == []
    assert _figures(await gql(stats, variables)) == (False, n, base[0] + n, base[1] + n, base[2] + n)
    # The figures the README quotes for the demo data.
    assert (n, kinds[CorrespondenceType.EMAIL], kinds[CorrespondenceType.HARD_COPY], base) == (35, 25, 10,
                                                                                              (114, 114, 362))
    assert after_log["interactionTemplate"]["statistics"]["costLcy"] == "14.90"


async def test_the_rating_question_of_the_walkthrough_rates_the_demo_companies(gql):
    await seed(2000, today=TODAY)
    created = await gql(readme_example("Rate the demo companies by turnover"))
    for key in ("profileQuestionnaireCreate", "over50", "over10", "satisfied"):
        assert created[key]["userErrors"] == [], created
    assert created["satisfied"]["contactsRated"] > 0
    preview = (await gql(readme_example("The companies the rating made key accounts")))["segmentPreview"]
    assert 0 < preview["count"] < created["satisfied"]["contactsRated"]
    for contact in preview["sample"]:
        assert {"questionnaire": {"code": "VALUE"}, "answer": "Key account"} in contact["profileAnswers"]
