"""API keys as requests present them, and the restriction of a key to the registered documents."""

from __future__ import annotations

from segmentum.models.rules.api_keys import restrict_api_key, verify_api_key
from segmentum.models.system import ApiKey


async def key_for(secret: str) -> ApiKey | None:
    """The active key with this secret (its use recorded), or None."""
    return await verify_api_key(secret)


async def restrict(name: str, registered_documents_only: bool) -> ApiKey:
    """Restricts the key named `name` to the registered documents, or lifts the restriction."""
    return await restrict_api_key(name, registered_documents_only)
