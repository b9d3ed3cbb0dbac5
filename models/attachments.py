"""Uploaded attachments: checked (size, name, type by content) before they are stored, in the database or in the
configured folder (SEGMENTUM_ATTACHMENT_DIR) under their SHA-256."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import Path

from segmentum.models.content import Attachment
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown

# The content types an attachment may have, each with how its first bytes look (None: text, checked as UTF-8).
ALLOWED: dict[str, tuple[bytes, ...] | None] = {
    "application/pdf": (b"%PDF-",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/msword": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "application/rtf": (b"{\\rtf",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "text/plain": None,
    "text/html": None,
}
MAX_NAME = 200


@dataclass(frozen=True)
class UploadedFile:
    """One file of a GraphQL multipart request, read whole (within its size limit) by the HTTP layer."""

    file_name: str
    content_type: str
    data: bytes


def _name(raw: str, field: list[str]) -> str:
    # Only the last path component of what the client calls it: the name is a label, never a path we open.
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name in (".", ".."):
        raise DomainError(ErrorCode.REQUIRED, "The attachment needs a file name.", field)
    if len(name) > MAX_NAME or any(ord(ch) < 32 for ch in name):
        raise DomainError(ErrorCode.INVALID, f"File name {shown(name)} is longer than {MAX_NAME} characters or "
                          "holds control characters.", field)
    return name


def check(upload: UploadedFile, max_bytes: int, field: list[str]) -> tuple[str, str]:
    """The stored file name and content type of a valid upload; a DomainError naming what is wrong otherwise."""
    name = _name(upload.file_name, field)
    content_type = upload.content_type.split(";", 1)[0].strip().lower()
    if content_type not in ALLOWED:
        raise DomainError(ErrorCode.UNSUPPORTED_TYPE, f"Attachment {shown(name)} has content type "
                          f"{shown(content_type)}; allowed: {', '.join(sorted(ALLOWED))}.", field)
    if len(upload.data) > max_bytes:
        raise DomainError(ErrorCode.TOO_LARGE, f"Attachment {shown(name)} has {len(upload.data):,} bytes; at most "
                          f"{max_bytes:,} are allowed.", field)
    if not upload.data:
        raise DomainError(ErrorCode.INVALID, f"Attachment {shown(name)} is empty.", field)
    magic = ALLOWED[content_type]
    if magic is None:
        try:
            text = upload.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DomainError(ErrorCode.UNSUPPORTED_TYPE, f"Attachment {shown(name)} is sent as {content_type} but "
                              "is not UTF-8 text.", field) from exc
        if "\x00" in text:
            raise DomainError(ErrorCode.UNSUPPORTED_TYPE, f"Attachment {shown(name)} is sent as {content_type} but "
                              "holds NUL characters.", field)
    elif not upload.data.startswith(magic):
        raise DomainError(ErrorCode.UNSUPPORTED_TYPE, f"Attachment {shown(name)} is sent as {content_type} but its "
                          "content is not of that type.", field)
    return name, content_type


async def store(upload: UploadedFile, max_bytes: int, field: list[str], folder: str | None = None) -> Attachment:
    """Keep a checked upload: in the database, or in `folder` as <sha256> (written whole, then renamed)."""
    name, content_type = check(upload, max_bytes, field)
    digest = hashlib.sha256(upload.data).hexdigest()
    if folder:
        await asyncio.to_thread(_write, Path(folder), digest, upload.data)
    return await Attachment.create(file_name=name, content_type=content_type, size=len(upload.data), sha256=digest,
                                   data=None if folder else upload.data)


def _write(folder: Path, digest: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / digest
    if target.exists() and target.stat().st_size == len(data):
        return  # the same bytes, stored before
    tmp = folder / f".{digest}.tmp"
    tmp.write_bytes(data)
    tmp.replace(target)


def read(attachment: Attachment, folder: str | None) -> bytes:
    """The bytes of a stored attachment: its own, else the file named by its SHA-256 (checked)."""
    if attachment.data is not None:
        return bytes(attachment.data)
    if not folder:
        raise OSError(f"Attachment {attachment.id} is kept in a folder, but SEGMENTUM_ATTACHMENT_DIR is not set.")
    data = (Path(folder) / attachment.sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise OSError(f"The file of attachment {attachment.id} in {folder} does not match its SHA-256.")
    return data
