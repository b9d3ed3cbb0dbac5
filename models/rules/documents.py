"""Registered documents: GraphQL documents stored ahead of time under the sha256 of their text, the allowlist of
keys restricted to them and persisted queries that are never evicted."""

from __future__ import annotations

import hashlib

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.rules.common import path
from segmentum.models.system import RegisteredDocument

# The HTTP body limit bounds what a client could send as a query anyway.
MAX_DOCUMENT_CHARS = 100_000


def document_hash(text: str) -> str:
    """The hash the persisted query protocol sends: lower-case hex sha256 of the UTF-8 text, as sent."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_document_text(text: str) -> None:
    if not text.strip() or len(text) > MAX_DOCUMENT_CHARS or "\x00" in text:
        raise DomainError(ErrorCode.INVALID, f"A document has 1 to {MAX_DOCUMENT_CHARS} characters, no NUL.",
                          path("document"))


async def register_document(text: str, name: str = "") -> RegisteredDocument:
    """Stores `text` under its hash (again: the same row). That it is GraphQL is checked by the caller
    (resolvers/documents.py), which knows the language."""
    check_document_text(text)
    sha = document_hash(text)
    doc, _ = await RegisteredDocument.get_or_create(sha256=sha, defaults={"document": text, "name": name[:200]})
    return doc


async def registered_document(sha256: str) -> str | None:
    """The text registered under this hash, or None."""
    if len(sha256) != 64:
        return None
    doc = await RegisteredDocument.filter(sha256=sha256.lower()).only("document").first()
    return doc.document if doc is not None else None


async def list_documents() -> list[RegisteredDocument]:
    return await RegisteredDocument.all()
