"""API keys as requests present them."""

from __future__ import annotations

from models.rules.api_keys import verify_api_key
from models.system import ApiKey


async def key_for(secret: str) -> ApiKey | None:
    """The active key with this secret (its use recorded), or None."""
    return await verify_api_key(secret)
