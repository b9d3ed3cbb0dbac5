"""Logging with delivery sends each contact its language's content (§3.9 step 9): the merged body by e-mail to a
real SMTP server, with the attachments when the segment asks for them; one merged document per contact for hard
copy; the entry keeps the language and content it was sent with; merging stays within its limits."""

from __future__ import annotations

import email
import hashlib
from email import policy

import pytest

from segmentum.models.attachments import UploadedFile
from segmentum.models.contacts import Contact
from segmentum.models.content import Attachment, InteractionLanguage
from segmentum.models.enums import DeliveryStatus
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.system import Job
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.log.conftest import gid

pytestmark = pytest.mark.usefixtures("in_process")

PDF = b"%PDF-1.4\n% a tiny document\n"


async def _languages(mutate, template, **enu) -> None:
    template.language_code_default = "ENU"
    await template.save()
    for code, fields in (("ENU", {"subject": "Spring offer", "body": "Dear {{ contact.name }}, from "
                                  "{{ salesperson.name }} ({{ interaction.segment_no }}).", **enu}),
                         ("NLB", {"subject": "Lenteaanbieding", "body": "<p>Beste {{ contact.name }}</p>",
                                  "bodyFormat": "HTML"})):
        res = await mutate("interactionTemplateLanguageSet", "InteractionTemplateLanguageSetInput",
                           {"templateId": gid(template), "languageCode": code, **fields},
                           "interactionLanguage { languageCode }")
        assert res["userErrors"] == [], res


async def _attach_pdf(segment_id: str) -> Attachment:
    pdf = await Attachment.create(file_name="offer.pdf", content_type="application/pdf", size=len(PDF),
                                  sha256=hashlib.sha256(PDF).hexdigest(), data=PDF)
    record = await InteractionLanguage.get(segment_id__isnull=False, language_code="ENU")
    record.attachment_id = pdf.id
    await record.save()
    return pdf


async def test_email_delivery_sends_each_contact_its_languages_merged_body_and_attachments(
        gql, mutate, setup, smtp_server, make_segment, log_segment):
    await _languages(mutate, setup.email_template)
    await Contact.filter(no="C01").update(language_code="NLB", name="C01 <b>&</b> Co")
    segment_id = await make_segment(expr="C01|C02", sendWordDocsAsAttmt=True)
    await _attach_pdf(segment_id)
    res = await log_segment(segment_id, deliver=True)
    assert res["userErrors"] == [], res
    await queue.drain()

    messages = {e.rcpt_tos[0]: email.message_from_bytes(e.content, policy=policy.default)
                for e in smtp_server.envelopes}  # type: ignore[attr-defined]
    dutch, english = messages["c01@example.com"], messages["c02@example.com"]
    assert (dutch["Subject"], english["Subject"]) == ("Lenteaanbieding", "Spring offer")
    html = dutch.get_body(("html",))
    assert html is not None and html.get_content().strip() == "<p>Beste C01 &lt;b&gt;&amp;&lt;/b&gt; Co</p>"
    assert [p.get_filename() for p in dutch.iter_attachments()] == ["content-NLB.html"]  # NLB has no file
    text = english.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    segment_no = res["loggedSegment"]["segmentNo"]
    assert text.strip() == f"Dear C02 Company, from Sue Seller ({segment_no})."
    parts = {p.get_filename(): p for p in english.iter_attachments()}
    assert set(parts) == {"content-ENU.txt", "offer.pdf"}
    assert parts["offer.pdf"].get_content_type() == "application/pdf"
    assert parts["offer.pdf"].get_content() == PDF

    data = await gql("{ interactionLogEntries { nodes { contact { no } languageCode deliveryStatus "
                     "content { languageCode subject attachment { fileName } } } } }")
    assert sorted(data["interactionLogEntries"]["nodes"], key=lambda n: n["contact"]["no"]) == [
        {"contact": {"no": "C01"}, "languageCode": "NLB", "deliveryStatus": "SENT",
         "content": {"languageCode": "NLB", "subject": "Lenteaanbieding", "attachment": None}},
        {"contact": {"no": "C02"}, "languageCode": "ENU", "deliveryStatus": "SENT",
         "content": {"languageCode": "ENU", "subject": "Spring offer", "attachment": {"fileName": "offer.pdf"}}},
    ]


async def test_without_send_as_attachment_the_mail_is_the_merged_body_alone(
        mutate, setup, smtp_server, make_segment, log_segment):
    await _languages(mutate, setup.email_template)
    segment_id = await make_segment(expr="C02")
    await _attach_pdf(segment_id)
    await log_segment(segment_id, deliver=True)
    await queue.drain()
    (envelope,) = smtp_server.envelopes  # type: ignore[attr-defined]
    msg = email.message_from_bytes(envelope.content, policy=policy.default)
    assert list(msg.iter_attachments()) == []
    assert msg.get_content().startswith("Dear C02 Company, from Sue Seller")


async def test_hard_copy_writes_one_merged_document_per_contact(mutate, setup, outbox, make_segment, log_segment):
    await _languages(mutate, setup.letter_template)
    await Contact.filter(no="C02").update(language_code="NLB")
    res = await log_segment(await make_segment(expr="C01|C02", interactionTemplateCode="LETTER"), deliver=True)
    await queue.drain()
    no = res["loggedSegment"]["segmentNo"]
    entries = {e.contact.no: e for e in await InteractionLogEntry.all().prefetch_related("contact")}
    docs = sorted(p.name for p in outbox.glob("document-*"))
    assert docs == [f"document-{no}-{entries['C01'].id:010d}-ENU.txt",
                    f"document-{no}-{entries['C02'].id:010d}-NLB.html"]
    assert (outbox / docs[0]).read_text().startswith("Dear C01 Company, from Sue Seller")
    assert (outbox / docs[1]).read_text() == "<p>Beste C02 Company</p>"
    listed = (outbox / f"hard-copy-{no}.txt").read_text().splitlines()
    assert [line.split("\t")[1] for line in listed] == ["C01", "C02"]
    assert {e.delivery_status for e in entries.values()} == {DeliveryStatus.SENT}


async def test_content_over_the_render_limit_fails_that_entry_only(
        mutate, setup, outbox, make_segment, log_segment, monkeypatch):
    monkeypatch.setenv("SEGMENTUM_RENDER_MAX_BYTES", "100")
    await use_queue()  # the jobs run with the settings as changed
    await _languages(mutate, setup.email_template, body="{{ contact.name }}" * 6)
    await Contact.filter(no="C02").update(language_code="NLB")  # NLB has the short body
    await Contact.filter(no="C01").update(name="x" * 100)  # 600 bytes merged in ENU
    await log_segment(await make_segment(expr="C01|C02|C03"), deliver=True)
    await queue.drain()
    entries = {e.contact.no: e for e in await InteractionLogEntry.all().prefetch_related("contact")}
    assert entries["C01"].delivery_status == DeliveryStatus.FAILED
    assert "larger than 100 bytes" in (entries["C01"].delivery_error or "")
    # Content that cannot be merged never will be: failed at once, not tried again.
    assert "gave up" not in (entries["C01"].delivery_error or "")
    assert (await Job.get(kind="delivery")).tries == 1
    assert entries["C02"].delivery_status == DeliveryStatus.SENT
    assert entries["C03"].delivery_status == DeliveryStatus.SENT
    assert len(list(outbox.glob("*.eml"))) == 2


async def test_the_entry_keeps_its_content_when_its_canceled_log_is_deleted(
        gql, mutate, setup, outbox, make_segment, log_segment):
    await _languages(mutate, setup.email_template)
    res = await log_segment(await make_segment(expr="C01"))
    logged = res["loggedSegment"]["id"]
    await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": logged, "canceled": True},
                 "loggedSegment { canceled }")
    out = await gql("mutation($i: DeleteCanceledInput!) { loggedSegmentsDeleteCanceled(input: $i) { "
                    "userErrors { message } } }", {"i": {}})
    assert out["loggedSegmentsDeleteCanceled"]["userErrors"] == [], out
    data = await gql("{ interactionLogEntries { nodes { loggedSegment { id } content { languageCode body } } } }")
    assert data["interactionLogEntries"]["nodes"] == [
        {"loggedSegment": None, "content": {"languageCode": "ENU", "body": "Dear {{ contact.name }}, from "
                                            "{{ salesperson.name }} ({{ interaction.segment_no }})."}}]


async def test_attachments_kept_in_the_configured_folder_are_delivered_from_it(
        gql, mutate, setup, outbox, make_segment, log_segment, tmp_path, monkeypatch):
    folder = tmp_path / "attachments"
    monkeypatch.setenv("SEGMENTUM_ATTACHMENT_DIR", str(folder))
    await use_queue()  # the jobs run with the settings as changed
    await _languages(mutate, setup.email_template)
    segment_id = await make_segment(expr="C01|C02", sendWordDocsAsAttmt=True)
    res = await gql("mutation($i: SegmentLanguageSetInput!) { segmentLanguageSet(input: $i) { userErrors { code } } }",
                    {"i": {"segmentId": segment_id, "languageCode": "ENU",
                           "attachment": UploadedFile("offer.pdf", "application/pdf", PDF)}})
    assert res["segmentLanguageSet"]["userErrors"] == []
    stored = await Attachment.get()
    assert stored.data is None and (folder / stored.sha256).read_bytes() == PDF
    (folder / stored.sha256).write_bytes(b"%PDF- something else")  # the file no longer matches
    res = await log_segment(segment_id, deliver=True)
    assert res["userErrors"] == [], res
    await queue.drain()
    entries = {e.contact.no: e for e in await InteractionLogEntry.all().prefetch_related("contact")}
    assert entries["C01"].delivery_status == DeliveryStatus.FAILED
    assert "does not match its SHA-256" in (entries["C01"].delivery_error or "")
    (folder / stored.sha256).write_bytes(PDF)
    res = await mutate("interactionLogEntryResend", "InteractionLogEntryRefInput", {"id": gid(entries["C01"])},
                       "interactionLogEntry { deliveryStatus }")
    assert res["userErrors"] == []
    await queue.drain()
    (mail,) = outbox.glob("entry-*.eml")
    msg = email.message_from_bytes(mail.read_bytes(), policy=policy.default)
    assert {p.get_filename(): p.get_content() for p in msg.iter_attachments()}["offer.pdf"] == PDF
