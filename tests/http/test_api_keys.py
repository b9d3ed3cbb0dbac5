"""API keys: hashed storage, scopes, revocation, and verification in one statement."""

from __future__ import annotations

import hashlib
import logging

import pytest

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.models.rules.api_keys import create_api_key, list_api_keys, revoke_api_key, verify_api_key
from segmentum.models.system import ApiKey


async def test_create_stores_only_the_hash_of_the_secret() -> None:
    key, secret = await create_api_key("partner", ["read", "write"])
    assert secret.startswith("sgm_") and len(secret) > 40
    stored = await ApiKey.get(id=key.id)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.key_hash, stored.prefix, stored.name)
    assert secret.startswith(stored.prefix)
    assert stored.scopes == ["read", "write"]


async def test_unknown_scope_is_invalid_and_named() -> None:
    with pytest.raises(DomainError) as err:
        await create_api_key("partner", ["read", "superuser"])
    assert err.value.errors[0].code == ErrorCode.INVALID
    assert "superuser" in err.value.errors[0].message
    assert await ApiKey.all().count() == 0


async def test_duplicate_name_already_exists() -> None:
    await create_api_key("partner", ["read"])
    with pytest.raises(DomainError) as err:
        await create_api_key("partner", ["admin"])
    assert err.value.errors[0].code == ErrorCode.ALREADY_EXISTS
    assert "partner" in err.value.errors[0].message


async def test_list_and_revoke() -> None:
    await create_api_key("b-key", ["read"])
    _, secret = await create_api_key("a-key", ["admin"])
    assert [k.name for k in await list_api_keys()] == ["a-key", "b-key"]
    assert (await verify_api_key(secret)) is not None
    revoked = await revoke_api_key("a-key")
    assert revoked.revoked_at is not None
    assert await verify_api_key(secret) is None


async def test_revoking_an_unknown_key_is_not_found() -> None:
    with pytest.raises(DomainError) as err:
        await revoke_api_key("nobody")
    assert err.value.errors[0].code == ErrorCode.NOT_FOUND
    assert "nobody" in err.value.errors[0].message


async def test_verify_rejects_unknown_secrets() -> None:
    await create_api_key("partner", ["read"])
    assert await verify_api_key("sgm_not-a-real-key") is None
    assert await verify_api_key("") is None
    assert await verify_api_key("Bearer something") is None


async def test_verification_is_one_statement_once_last_use_is_recorded(caplog: pytest.LogCaptureFixture) -> None:
    key, secret = await create_api_key("partner", ["read"])
    first = await verify_api_key(secret)
    assert first is not None and first.last_used_at is not None
    recorded = (await ApiKey.get(id=key.id)).last_used_at
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        caplog.clear()
        again = await verify_api_key(secret)
    statements = [r for r in caplog.records if r.name == "tortoise.db_client"]
    assert again is not None and again.id == key.id
    assert len(statements) == 1, [r.getMessage() for r in statements]
    assert (await ApiKey.get(id=key.id)).last_used_at == recorded
