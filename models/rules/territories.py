"""Territories: code and name."""

from __future__ import annotations

from typing import Any

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.masters import Territory
from segmentum.models.rules.common import code_value, path, require_text, unique_code


async def create_territory(data: dict[str, Any]) -> Territory:
    code = code_value(data.get("code"))
    await unique_code(Territory, code)
    return await Territory.create(code=code, name=require_text(data.get("name"), "name", 100, "Name"))


async def update_territory(territory: Territory, changes: dict[str, Any]) -> Territory:
    if "name" in changes:
        territory.name = require_text(changes["name"], "name", 100, "Name")
    await territory.save()
    return territory


async def delete_territory(territory: Territory) -> None:
    if await territory.contacts.all().exists():  # type: ignore[attr-defined]
        raise DomainError(ErrorCode.IN_USE, f"Territory {shown(territory.code)} is assigned to contacts.", path("id"))
    await territory.delete()
