"""Registered GraphQL documents: checked to parse before they are stored, looked up by their hash."""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLError, parse

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.rules import documents as rules
from segmentum.models.rules.common import path
from segmentum.models.system import RegisteredDocument

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


MANIFEST_FORMAT = "apollo-persisted-query-manifest"


def manifest_operations(text: str, file_name: str) -> list[tuple[str, str]] | None:
    """(body, name) of every operation of an Apollo persisted-query manifest (`generate-persisted-query-manifest`),
    or None when `text` is not one. Apollo clients send an operation by its manifest id, so every id must be
    the sha256 of its body (the generator's default), as documents are registered by their hash."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return None
    try:
        manifest: Any = json.loads(stripped)
    except ValueError as exc:
        raise DomainError(ErrorCode.INVALID, f"{file_name} is not valid JSON ({exc}).", path("document")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise DomainError(ErrorCode.INVALID, f"{file_name} is JSON but not an Apollo persisted-query manifest "
                          f"(format {MANIFEST_FORMAT!r}).", path("document"))
    operations = manifest.get("operations")
    if manifest.get("version") != 1 or not isinstance(operations, list):
        raise DomainError(ErrorCode.INVALID, f"{file_name}: only version 1 manifests with a list of operations are "
                          "read.", path("document"))
    found = []
    for n, operation in enumerate(operations):
        body = operation.get("body") if isinstance(operation, dict) else None
        op_id = operation.get("id") if isinstance(operation, dict) else None
        if not isinstance(body, str) or not isinstance(op_id, str):
            raise DomainError(ErrorCode.INVALID, f"{file_name}: operation {n} needs an `id` and a `body`.",
                              path("document"))
        if document_hash(body) != op_id.lower():
            raise DomainError(ErrorCode.INVALID, f"{file_name}: the id of operation {operation.get('name') or n} "
                              "is not the sha256 of its body; generate the manifest with the default "
                              "createOperationId.", path("document"))
        found.append((body, str(operation.get("name") or f"operation {n}")))
    return found
