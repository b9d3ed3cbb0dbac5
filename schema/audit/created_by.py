"""`createdBy { name }`: the API key that made a record (BC's User ID), by name only; a key is never shown."""

from __future__ import annotations

from typing import Any

import strawberry

from segmentum.models.system import ApiKey
from segmentum.resolvers.loaders import load_fk


@strawberry.type(description="An API key as the records it made name it: its name only (never its secret, prefix "
                             "or scopes). A revoked key keeps its name here.")
class ApiKeyRef:
    name: str = strawberry.field(description="The key's name, as `segmentum api-key list` shows it.")


CREATED_BY = ("The API key whose request made it (BC's User ID), by name; null when the command line or the "
              "schedule made it, or it was made before keys were recorded.")


async def _created_by(root: strawberry.Parent[Any], info: strawberry.Info) -> ApiKeyRef | None:
    key = await load_fk(info.context.loaders, ApiKey, getattr(root, "created_by_id", None))
    return ApiKeyRef(name=key.name) if key is not None else None


def created_by_field(description: str = CREATED_BY) -> Any:
    """The `createdBy` field of a type whose model has `created_by_id`, read through the per-request loader."""
    return strawberry.field(resolver=_created_by, description=description)
