"""API keys as requests present them, and the documents registered for keys restricted to them."""

from __future__ import annotations

from models.rules.api_keys import restrict_api_key, verify_api_key
from models.rules.documents import registered_document
from models.system import ApiKey


async def key_for(secret: str) -> ApiKey | None:
    """The active key with this secret (its use recorded), or None."""
    return await verify_api_key(secret)


async def registered_text(sha256: str) -> str | None:
    """The registered document with this hash, or None."""
    return await registered_document(sha256)


async def restrict(name: str, registered_documents_only: bool) -> ApiKey:
    """Restricts the key named `name` to the registered documents, or lifts the restriction."""
    return await restrict_api_key(name, registered_documents_only)
