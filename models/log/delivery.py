"""Delivery of logged interactions (BC §3.9 step 9): which entries wait, their messages, their status.

The transport (outbox folder or SMTP) lives with the delivery job in workers/; this module is the data side:
pending entries are read in batches by entry number, and statuses change with set-based updates that only
touch entries still PENDING, so that a cancel that came first wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from segmentum.models.enums import ContentFormat, CorrespondenceType, DeliveryStatus, ErrorCode
from segmentum.models.errors import DomainError, clipped
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.merge import FIELDS
from segmentum.models.sql import Params, execute, fetch_all

ERROR_LENGTH = 300
STOPPED = "Canceled before delivery."


@dataclass(frozen=True)
class Content:
    """The logged language record an entry is delivered with, and whether its segment sends it as attachments."""

    language_code: str
    subject: str | None
    body: str | None
    html: bool
    attachment_id: int | None
    send_as_attachment: bool


@dataclass(frozen=True)
class Pending:
    entry_id: int
    correspondence_type: CorrespondenceType
    contact_no: str | None
    contact_name: str | None
    email: str | None
    description: str | None
    subject: str | None
    date: date
    segment_no: str | None
    content: Content | None = None
    # The merge fields' values (models.merge.FIELDS): contact, salesperson, interaction.
    values: dict[str, dict[str, Any]] = field(default_factory=dict)


async def pending_batch(*, after_id: int, limit: int, logged_segment_id: int | None = None,
                        entry_id: int | None = None) -> list[Pending]:
    """The next PENDING, non-canceled entries (of a logged segment, or one entry) after `after_id`."""
    p = Params()
    cond = [f"e.id > {p.add(after_id)}", f"e.delivery_status = {p.add(DeliveryStatus.PENDING.value)}",
            f"e.canceled = {p.add(False)}"]
    if logged_segment_id is not None:
        cond.append(f"e.logged_segment_id = {p.add(logged_segment_id)}")
    if entry_id is not None:
        cond.append(f"e.id = {p.add(entry_id)}")
    contact = ", ".join(f"c.{f} AS c_{f}" for f in FIELDS["contact"])
    salesperson = ", ".join(f"sp.{f} AS sp_{f}" for f in FIELDS["salesperson"])
    rows = await fetch_all(
        f"SELECT e.id, e.correspondence_type, e.description, e.subject, e.date, e.segment_no, e.language_code, "
        f"{contact}, {salesperson}, lc.id AS lc_id, lc.language_code AS lc_language, lc.subject AS lc_subject, "
        "lc.body AS lc_body, lc.body_format AS lc_format, lc.attachment_id AS lc_attachment, "
        "ls.send_word_docs_as_attmt AS lc_send "
        "FROM interaction_log_entry e LEFT JOIN contact c ON c.id = e.contact_id "
        "LEFT JOIN salesperson sp ON sp.id = e.salesperson_id "
        "LEFT JOIN interaction_language lc ON lc.id = e.content_id "
        "LEFT JOIN logged_segment ls ON ls.id = e.logged_segment_id "
        f"WHERE {' AND '.join(cond)} ORDER BY e.id LIMIT {int(limit)}",
        p,
    )
    return [_pending(r) for r in rows]


def _pending(r: dict[str, Any]) -> Pending:
    content = None
    if r["lc_id"] is not None:
        content = Content(r["lc_language"], r["lc_subject"], r["lc_body"], r["lc_format"] == ContentFormat.HTML.value,
                          r["lc_attachment"], bool(r["lc_send"]))
    values = {
        "contact": {f: r[f"c_{f}"] for f in FIELDS["contact"]},
        "salesperson": {f: r[f"sp_{f}"] for f in FIELDS["salesperson"]},
        "interaction": {"date": _date(r["date"]).isoformat(), "description": r["description"],
                        "subject": r["subject"], "segment_no": r["segment_no"], "language_code": r["language_code"]},
    }
    return Pending(int(r["id"]), CorrespondenceType(r["correspondence_type"]), r["c_no"], r["c_name"], r["c_email"],
                   r["description"], r["subject"], _date(r["date"]), r["segment_no"], content, values)


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def mark(entry_ids: list[int], status: DeliveryStatus, error: str | None = None) -> int:
    """Set the delivery status of those entries that are still PENDING."""
    if not entry_ids:
        return 0
    p = Params()
    return await execute(
        f"UPDATE interaction_log_entry SET delivery_status = {p.add(status.value)}, "
        f"delivery_error = {p.add(clipped(error, ERROR_LENGTH - 30) if error else None)} "
        f"WHERE id IN {p.add_list(entry_ids)} AND delivery_status = {p.add(DeliveryStatus.PENDING.value)}",
        p,
    )


async def note_retry(entry_ids: list[int], error: str) -> int:
    """Keep the entries PENDING (they are tried again) but show why the last try failed."""
    if not entry_ids:
        return 0
    p = Params()
    return await execute(
        f"UPDATE interaction_log_entry SET delivery_error = {p.add(clipped(error, ERROR_LENGTH - 30))} "
        f"WHERE id IN {p.add_list(entry_ids)} AND delivery_status = {p.add(DeliveryStatus.PENDING.value)}",
        p,
    )


async def stop_pending(*, logged_segment_id: int | None = None, entry_id: int | None = None) -> int:
    """Canceling stops deliveries that have not happened yet: PENDING becomes NONE, with the reason."""
    p = Params()
    cond = f"logged_segment_id = {p.add(logged_segment_id)}" if logged_segment_id is not None else \
        f"id = {p.add(entry_id)}"
    return await execute(
        f"UPDATE interaction_log_entry SET delivery_status = {p.add(DeliveryStatus.NONE.value)}, "
        f"delivery_error = {p.add(STOPPED)} WHERE {cond} AND delivery_status = {p.add(DeliveryStatus.PENDING.value)}",
        p,
    )


def stopped(entry: InteractionLogEntry) -> bool:
    return entry.delivery_status == DeliveryStatus.NONE and entry.delivery_error == STOPPED


async def queue_again(entry: InteractionLogEntry) -> InteractionLogEntry:
    """A FAILED delivery, or one that a cancel stopped (after un-canceling), becomes PENDING again
    (interactionLogEntryResend)."""
    if entry.canceled:
        raise DomainError(ErrorCode.CONFLICT, f"Interaction {entry.id} is canceled; it is not delivered.",
                          ["input", "id"])
    if entry.delivery_status != DeliveryStatus.FAILED and not stopped(entry):
        raise DomainError(ErrorCode.CONFLICT,
                          f"Interaction {entry.id} has delivery status {entry.delivery_status}; only a FAILED "
                          "delivery (or one stopped by a cancel) is sent again.", ["input", "id"])
    entry.delivery_status = DeliveryStatus.PENDING
    entry.delivery_error = None
    await entry.save(update_fields=["delivery_status", "delivery_error"])
    return entry


def message(item: Pending, sender: str) -> EmailMessage:
    """The RFC 5322 message of one e-mail interaction."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = item.email or ""
    msg["Subject"] = item.subject or item.description or f"Segment {item.segment_no}"
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(idstring=f"segmentum.entry.{item.entry_id}")
    msg["X-Segmentum-Entry"] = str(item.entry_id)
    greeting = f"Dear {item.contact_name}," if item.contact_name else "Hello,"
    msg.set_content(f"{greeting}\n\n{item.description or ''}\n")
    return msg


def hard_copy_lines(items: list[Pending]) -> str:
    """Lines of a hard-copy list: entry, contact, name, date, description (tab-separated)."""
    return "".join(
        f"{i.entry_id}\t{i.contact_no or ''}\t{i.contact_name or ''}\t{i.date.isoformat()}\t{i.description or ''}\n"
        for i in items
    )
