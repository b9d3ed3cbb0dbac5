"""Delivery's edges: a cancel that arrives while a batch is in flight (after the batch is read, before it is
marked), and an SMTP server that answers a transient 4xx (at MAIL, RCPT or DATA): the entry stays PENDING and is
tried again; a permanent 5xx fails it at once."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from segmentum.models.enums import DeliveryStatus
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.system import Job
from segmentum.resolvers.ids import encode_id
from segmentum.workers import queue
from segmentum.workers.transport import OutboxTransport
from tests.conftest import use_queue

pytestmark = pytest.mark.usefixtures("in_process")


async def test_a_cancel_while_a_batch_is_in_flight_leaves_the_entries_canceled_not_sent(
        mutate, setup, outbox, make_segment, log_segment, monkeypatch):
    send = OutboxTransport.send

    async def cancel_then_send(self: OutboxTransport, messages: list[tuple[int, EmailMessage]]) -> dict[int, Any]:
        # The batch has been read; the cancel commits before the batch is marked.
        entry = await InteractionLogEntry.get(id=messages[0][0])
        payload = await mutate("loggedSegmentSetCanceled", "SetCanceledInput",
                               {"id": encode_id("LoggedSegment", entry.logged_segment_id), "canceled": True},
                               "loggedSegment { canceled }")
        assert payload["userErrors"] == []
        return await send(self, messages)

    # Patched before the log: its delivery job may start as soon as the log commits.
    monkeypatch.setattr(OutboxTransport, "send", cancel_then_send)
    await log_segment(await make_segment(expr="C01|C02"), deliver=True)
    await queue.drain()
    entries = await InteractionLogEntry.all()
    assert len(entries) == 2
    assert {(e.canceled, e.delivery_status, e.delivery_error) for e in entries} == {
        (True, DeliveryStatus.NONE, "Canceled before delivery.")}
    assert (await Job.get(kind="delivery")).result == {"sent": 0, "failed": 0}


class Refusing:
    """An SMTP server that answers `reply` at `stage` (MAIL, RCPT or DATA) the first `times` times."""

    def __init__(self, stage: str, reply: str, times: int = 1) -> None:
        self.stage, self.reply, self.left = stage, reply, times
        self.delivered: list[Any] = []
        self.refused = 0

    def _refuse(self, stage: str) -> str | None:
        if stage == self.stage and self.left > 0:
            self.left -= 1
            self.refused += 1
            return self.reply
        return None

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        refused = self._refuse("MAIL")
        if refused:
            return refused
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        refused = self._refuse("RCPT")
        if refused:
            return refused
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        refused = self._refuse("DATA")
        if refused:
            return refused
        self.delivered.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch, outbox: Path) -> Iterator[Any]:
    """Start a Refusing server: `smtp(stage, reply)`; the delivery then uses it."""
    controllers: list[Controller] = []

    async def start(stage: str, reply: str) -> Refusing:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        handler = Refusing(stage, reply)
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        monkeypatch.setenv("SEGMENTUM_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SEGMENTUM_SMTP_PORT", str(port))
        await use_queue()  # the jobs run with the settings as changed
        return handler

    yield start
    for controller in controllers:
        controller.stop()


@pytest.mark.parametrize(("stage", "reply"), [
    ("DATA", "451 4.3.0 Try again later"),
    ("RCPT", "450 4.2.1 Mailbox busy"),
    ("MAIL", "451 4.3.2 Sender not accepted now"),
])
async def test_a_transient_refusal_keeps_the_entry_pending_and_it_is_tried_again(
        setup, smtp, make_segment, log_segment, stage, reply):
    server = await smtp(stage, reply)
    await log_segment(await make_segment(expr="C01"), deliver=True)
    await queue.drain()
    entry = await InteractionLogEntry.get()
    assert (entry.delivery_status, entry.delivery_error) == (DeliveryStatus.SENT, None)
    assert server.refused == 1 and [e.rcpt_tos for e in server.delivered] == [["c01@example.com"]]
    job = await Job.get(kind="delivery")
    assert job.tries == 2 and job.result == {"sent": 1, "failed": 0}


@pytest.mark.parametrize(("stage", "reply"), [("RCPT", "550 5.1.1 No such user"),
                                              ("MAIL", "553 5.7.1 Sender refused")])
async def test_a_permanent_refusal_fails_the_entry_at_once(setup, smtp, make_segment, log_segment, stage, reply):
    await smtp(stage, reply)
    await log_segment(await make_segment(expr="C01"), deliver=True)
    await queue.drain()
    entry = await InteractionLogEntry.get()
    assert entry.delivery_status == DeliveryStatus.FAILED
    assert entry.delivery_error is not None and reply.split()[0] in entry.delivery_error
    assert (await Job.get(kind="delivery")).tries == 1
