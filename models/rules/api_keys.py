"""API keys: created with a name and scopes, stored as a sha256 hash, the secret shown once."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from segmentum.models.enums import ApiScope, ErrorCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.rules.common import path, require_text
from segmentum.models.sql import Params, fetch_all
from segmentum.models.system import ApiKey

SECRET_PREFIX = "sgm_"
# A key's last use is recorded at most this often, so that verification stays one statement per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _scopes(scopes: Iterable[str]) -> list[str]:
    known = {s.value for s in ApiScope}
    out: list[str] = []
    for raw in scopes:
        scope = str(raw).strip().lower()
        if scope not in known:
            raise DomainError(
                ErrorCode.INVALID, f"Scope {shown(raw)} is not one of {', '.join(sorted(known))}.", path("scopes")
            )
        if scope not in out:
            out.append(scope)
    if not out:
        raise DomainError(ErrorCode.REQUIRED, "An API key needs at least one scope.", path("scopes"))
    return sorted(out)


async def create_api_key(name: str, scopes: Iterable[str],
                         registered_documents_only: bool = False) -> tuple[ApiKey, str]:
    """A new key and its secret; only the hash of the secret is stored."""
    name = require_text(name, "name", 100, "Name")
    scope_list = _scopes(scopes)
    if await ApiKey.filter(name=name).exists():
        raise DomainError(ErrorCode.ALREADY_EXISTS, f"API key {shown(name)} already exists.", path("name"))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    key = await ApiKey.create(name=name, key_hash=hash_secret(secret), prefix=secret[:12], scopes=scope_list,
                               registered_documents_only=registered_documents_only)
    return key, secret


async def list_api_keys() -> list[ApiKey]:
    return await ApiKey.all().order_by("name")


async def revoke_api_key(name: str) -> ApiKey:
    key = await ApiKey.filter(name=name).first()
    if key is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"API key {shown(name)} does not exist.", path("name"))
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await key.save(update_fields=["revoked_at"])
    return key


async def restrict_api_key(name: str, registered_documents_only: bool) -> ApiKey:
    """Restricts the key to the registered documents (or lifts the restriction)."""
    key = await ApiKey.filter(name=name).first()
    if key is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"API key {shown(name)} does not exist.", path("name"))
    if key.registered_documents_only != registered_documents_only:
        key.registered_documents_only = registered_documents_only
        await key.save(update_fields=["registered_documents_only"])
    return key


async def verify_api_key(secret: str) -> ApiKey | None:
    """The active key with this secret, or None."""
    # Secrets are URL-safe ASCII of a fixed length; anything else (a WebSocket payload may carry any string)
    # is no key, and is not hashed.
    if not secret or not secret.startswith(SECRET_PREFIX) or not secret.isascii() or len(secret) > 100:
        return None
    # One plain statement: it runs before every request, where the ORM's query building would cost more.
    p = Params()
    rows = await fetch_all(f"SELECT t.* FROM api_key t WHERE t.key_hash = {p.add(hash_secret(secret))} "
                           "AND t.revoked_at IS NULL", p)
    if not rows:
        return None
    key = ApiKey._init_from_db(**rows[0])
    now = datetime.now(UTC)
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        key.last_used_at = now
        await ApiKey.filter(id=key.id).update(last_used_at=now)
    return key
