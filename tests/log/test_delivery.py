"""Delivery: the outbox (RFC 5322 files, hard-copy lists), SMTP against a real local server, failures with retry
and backoff, resend, and canceling before delivery."""

from __future__ import annotations

import email
import socket
from collections.abc import AsyncIterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from segmentum.models.contacts import Contact
from segmentum.models.enums import DeliveryStatus, JobStatus
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.system import Job
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.log.conftest import gid

pytestmark = pytest.mark.usefixtures("in_process")

ENTRY = "interactionLogEntry { entryNo deliveryStatus deliveryError }"


async def _statuses() -> dict[str, tuple[DeliveryStatus, str | None]]:
    return {e.contact.no: (e.delivery_status, e.delivery_error)
            for e in await InteractionLogEntry.all().prefetch_related("contact")}


async def test_deliver_writes_one_rfc5322_message_per_email_entry(gql, setup, outbox, make_segment, log_segment,
                                                                  held_jobs):
    res = await log_segment(await make_segment(expr="C01|C02|C03"), deliver=True)
    assert res["userErrors"] == []
    assert {s for s, _ in (await _statuses()).values()} == {DeliveryStatus.PENDING}
    await held_jobs.release()

    assert {s for s, _ in (await _statuses()).values()} == {DeliveryStatus.SENT}
    files = sorted(outbox.glob("entry-*.eml"))
    assert len(files) == 3
    entries = await InteractionLogEntry.all().order_by("id").prefetch_related("contact")
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["To"] == entries[0].contact.email and msg["From"] == "segmentum@localhost"
    assert msg["Subject"] == "Spring mailing" and msg["Message-ID"] and msg["Date"]
    assert msg["X-Segmentum-Entry"] == str(entries[0].id)
    assert "Spring mailing" in msg.get_content()
    data = await gql("{ interactionLogEntries { nodes { deliveryStatus deliveryError } } }")
    assert data["interactionLogEntries"]["nodes"] == [{"deliveryStatus": "SENT", "deliveryError": None}] * 3
    job = await Job.get(kind="delivery")
    assert job.status == JobStatus.SUCCEEDED and job.result == {"sent": 3, "failed": 0}


async def test_hard_copies_make_one_list_per_logged_segment(setup, outbox, make_segment, log_segment):
    res = await log_segment(await make_segment(expr="C01|C02", interactionTemplateCode="LETTER"), deliver=True)
    await queue.drain()
    lists = list(outbox.glob("hard-copy-*.txt"))
    assert [p.name for p in lists] == [f"hard-copy-{res['loggedSegment']['segmentNo']}.txt"]
    rows = [line.split("\t") for line in lists[0].read_text().splitlines()]
    assert [r[1] for r in rows] == ["C01", "C02"]
    assert {s for s, _ in (await _statuses()).values()} == {DeliveryStatus.SENT}
    assert not list(outbox.glob("*.eml"))


async def test_without_deliver_nothing_is_queued(setup, outbox, make_segment, log_segment):
    await log_segment(await make_segment(expr="C01"))
    await queue.drain()
    assert {s for s, _ in (await _statuses()).values()} == {DeliveryStatus.NONE}
    assert not await Job.filter(kind="delivery").exists()
    assert not outbox.exists()


async def test_failures_are_retried_with_backoff_then_failed_and_resend_queues_again(
        mutate, setup, outbox, make_segment, log_segment):
    outbox.parent.mkdir(parents=True, exist_ok=True)
    outbox.write_text("a file where the outbox folder should be")  # every write fails (transient)
    await log_segment(await make_segment(expr="C01"), deliver=True)
    await queue.drain()
    status, error = (await _statuses())["C01"]
    assert status == DeliveryStatus.FAILED
    assert error is not None and "gave up after 5 tries" in error
    job = await Job.get(kind="delivery")
    assert job.tries == 5 and job.status == JobStatus.SUCCEEDED and job.result == {"sent": 0, "failed": 1}

    outbox.unlink()  # the disk is back
    entry = await InteractionLogEntry.get()
    res = await mutate("interactionLogEntryResend", "InteractionLogEntryRefInput", {"id": gid(entry)}, ENTRY)
    assert res["userErrors"] == [] and res["interactionLogEntry"]["deliveryStatus"] == "PENDING"
    await queue.drain()
    assert (await _statuses())["C01"] == (DeliveryStatus.SENT, None)
    assert len(list(outbox.glob("*.eml"))) == 1

    res = await mutate("interactionLogEntryResend", "InteractionLogEntryRefInput", {"id": gid(entry)}, ENTRY)
    assert res["interactionLogEntry"] is None and res["userErrors"][0]["code"] == "CONFLICT"


async def test_a_contact_without_address_at_delivery_fails_at_once(setup, outbox, make_segment, log_segment,
                                                                   held_jobs):
    await log_segment(await make_segment(expr="C01|C02"), deliver=True)
    await Contact.filter(no="C02").update(email=None)  # the address went away before the job ran
    await held_jobs.release()
    statuses = await _statuses()
    assert statuses["C01"] == (DeliveryStatus.SENT, None)
    assert statuses["C02"] == (DeliveryStatus.FAILED, "The contact has no e-mail address.")


async def test_canceling_before_delivery_stops_pending_deliveries(mutate, setup, outbox, make_segment, log_segment,
                                                                  held_jobs):
    res = await log_segment(await make_segment(expr="C01|C02"), deliver=True)
    assert len(held_jobs.ids) == 1
    await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": res["loggedSegment"]["id"], "canceled": True},
                 "loggedSegment { canceled }")
    await held_jobs.release()
    assert set((await _statuses()).values()) == {(DeliveryStatus.NONE, "Canceled before delivery.")}
    assert not outbox.exists()
    assert (await Job.get(kind="delivery")).result == {"sent": 0, "failed": 0}

    # Un-canceled, a stopped delivery is not sent by itself; resend queues it.
    await mutate("loggedSegmentSetCanceled", "SetCanceledInput", {"id": res["loggedSegment"]["id"], "canceled": False},
                 "loggedSegment { canceled }")
    entry = await InteractionLogEntry.get(contact__no="C01")
    res = await mutate("interactionLogEntryResend", "InteractionLogEntryRefInput", {"id": gid(entry)}, ENTRY)
    assert res["userErrors"] == [] and res["interactionLogEntry"]["deliveryStatus"] == "PENDING"
    await held_jobs.release()
    statuses = await _statuses()
    assert statuses["C01"] == (DeliveryStatus.SENT, None)
    assert statuses["C02"] == (DeliveryStatus.NONE, "Canceled before delivery.")


@pytest.fixture
async def smtp_server(monkeypatch: pytest.MonkeyPatch, outbox: Path) -> AsyncIterator[Sink]:
    """A real SMTP server (aiosmtpd, in a thread of this process) that the delivery uses."""

    class Keep(Sink):
        def __init__(self) -> None:
            self.envelopes: list[Any] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            self.envelopes.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SEGMENTUM_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SEGMENTUM_SMTP_PORT", str(port))
    monkeypatch.setenv("SEGMENTUM_MAIL_FROM", "news@example.com")
    await use_queue()  # the jobs run with the settings as changed
    try:
        yield handler  # type: ignore[misc]
    finally:
        controller.stop()


async def test_smtp_transport_sends_through_a_real_server(setup, smtp_server, make_segment, log_segment):
    await log_segment(await make_segment(expr="C01|C02"), deliver=True)
    await queue.drain()
    envelopes = smtp_server.envelopes  # type: ignore[attr-defined]
    assert sorted(e.rcpt_tos[0] for e in envelopes) == ["c01@example.com", "c02@example.com"]
    assert {e.mail_from for e in envelopes} == {"news@example.com"}
    msg = email.message_from_bytes(envelopes[0].content, policy=policy.default)
    assert msg["Subject"] == "Spring mailing"
    assert {s for s, _ in (await _statuses()).values()} == {DeliveryStatus.SENT}
