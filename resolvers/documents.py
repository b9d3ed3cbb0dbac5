"""Registered GraphQL documents: checked to parse before they are stored, looked up by their hash."""

from __future__ import annotations

from graphql import GraphQLError, parse

from models.enums import ErrorCode
from models.errors import DomainError
from models.rules import documents as rules
from models.rules.common import path
from models.system import RegisteredDocument

document_hash = rules.document_hash


async def register(text: str, name: str = "") -> RegisteredDocument:
    """Registers `text` (it must parse as GraphQL) under its sha256."""
    rules.check_document_text(text)
    try:
        parse(text)
    except GraphQLError as exc:
        raise DomainError(ErrorCode.INVALID, f"The document does not parse: {exc.message}", path("document")) from exc
    return await rules.register_document(text, name)


async def registered_text(sha256: str) -> str | None:
    """The registered document with this hash, or None."""
    return await rules.registered_document(sha256)


async def documents() -> list[RegisteredDocument]:
    return await rules.list_documents()
