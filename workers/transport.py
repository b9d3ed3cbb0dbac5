"""Delivery transports: the outbox folder (default) and SMTP (when SEGMENTUM_SMTP_HOST is set).

A transport reports PermanentDeliveryError for a message that will never go (the server refuses it with a 5xx
answer); any other exception is transient (a 4xx answer at MAIL, RCPT or DATA, a lost connection), and the
entry is tried again later.
"""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from segmentum.config.settings import Settings


class PermanentDeliveryError(Exception):
    pass


class Transport(Protocol):
    async def send(self, messages: list[tuple[int, EmailMessage]]) -> dict[int, Exception]:
        """Send (entry id, message) pairs; the failures by entry id."""
        ...

    async def hard_copies(self, segment_no: str, text: str) -> None:
        ...

    async def documents(self, documents: list[tuple[int, str, bytes]]) -> dict[int, Exception]:
        """Write (entry id, file name, bytes) hard-copy documents; the failures by entry id."""
        ...


class OutboxTransport:
    """One .eml file (RFC 5322) per e-mail entry and one hard-copy list per logged segment, in a folder."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    async def send(self, messages: list[tuple[int, EmailMessage]]) -> dict[int, Exception]:
        return await asyncio.to_thread(self._write, messages)

    def _write(self, messages: list[tuple[int, EmailMessage]]) -> dict[int, Exception]:
        failures: dict[int, Exception] = {}
        for entry_id, msg in messages:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                # Written whole under a temporary name, then renamed: a reader never sees half a message.
                tmp = self.folder / f".entry-{entry_id:010d}.eml.tmp"
                tmp.write_bytes(msg.as_bytes())
                tmp.replace(self.folder / f"entry-{entry_id:010d}.eml")
            except OSError as exc:
                failures[entry_id] = exc
        return failures

    async def hard_copies(self, segment_no: str, text: str) -> None:
        await asyncio.to_thread(self._append, segment_no, text)

    async def documents(self, documents: list[tuple[int, str, bytes]]) -> dict[int, Exception]:
        return await asyncio.to_thread(self._documents, documents)

    def _documents(self, documents: list[tuple[int, str, bytes]]) -> dict[int, Exception]:
        failures: dict[int, Exception] = {}
        for entry_id, name, data in documents:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                target = self.folder / _safe(name)
                tmp = self.folder / f".{target.name}.tmp"
                tmp.write_bytes(data)
                tmp.replace(target)
            except OSError as exc:
                failures[entry_id] = exc
        return failures

    def _append(self, segment_no: str, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in segment_no)
        with (self.folder / f"hard-copy-{safe}.txt").open("a", encoding="utf-8") as out:
            out.write(text)


class SmtpTransport(OutboxTransport):
    """E-mails over SMTP, one connection per batch; hard-copy lists still go to the outbox folder."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings.outbox_dir)
        self.host = settings.smtp_host or "localhost"
        self.port = settings.smtp_port

    async def send(self, messages: list[tuple[int, EmailMessage]]) -> dict[int, Exception]:
        return await asyncio.to_thread(self._send, messages)

    def _send(self, messages: list[tuple[int, EmailMessage]]) -> dict[int, Exception]:
        failures: dict[int, Exception] = {}
        try:
            with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
                for entry_id, msg in messages:
                    try:
                        smtp.send_message(msg)
                    except smtplib.SMTPRecipientsRefused as exc:
                        # Every recipient refused; only a 5xx answer is final (a 4xx one is "try again later").
                        codes = [code for code, _ in exc.recipients.values()]
                        failures[entry_id] = (PermanentDeliveryError(f"Refused by the mail server: {exc}")
                                              if codes and all(_permanent(code) for code in codes) else exc)
                    except smtplib.SMTPResponseException as exc:  # the sender refused, or the message at DATA
                        failures[entry_id] = (PermanentDeliveryError(f"Refused by the mail server: {exc}")
                                              if _permanent(exc.smtp_code) else exc)
        except (OSError, smtplib.SMTPException) as exc:
            for entry_id, _ in messages:
                failures.setdefault(entry_id, exc)
        return failures


def _safe(name: str) -> str:
    """A file name of letters, digits and -_. only (no separators, no leading dot): names come from the data."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).lstrip(".")[:200] or "_"


def _permanent(code: int) -> bool:
    """SMTP: 5xx is a permanent refusal; 4xx (and anything else) a transient one, tried again later."""
    return 500 <= code < 600


def transport(settings: Settings) -> Transport:
    return SmtpTransport(settings) if settings.smtp_host else OutboxTransport(settings.outbox_dir)
