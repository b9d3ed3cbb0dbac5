"""Records behind the schema's arguments: a global ID locked for update, a business key through the request's
loader, a page in business-key order. GraphQL types are named as their models, so a model names the type its
IDs must carry."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from tortoise.models import Model

from segmentum.models.rules.common import get_for_update
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page

M = TypeVar("M", bound=Model)


async def locked(model: type[M], global_id: Any) -> M:
    """The row behind `input.id`, locked until the mutation's transaction ends; NOT_FOUND naming the ID."""
    return await get_for_update(model, decode_id(global_id, model.__name__))


def by_key(loaders: Loaders, model: type[M], value: str, field: str = "code") -> Awaitable[M | None]:
    """The record whose business key (`code`, `no`) is `value`, trimmed and upper-cased as keys are stored."""
    return loaders.by_key(model, field).load(value.strip().upper())


async def page_by(model: type[M], key: str | None, first: int | None, after: str | None, last: int | None = None,
                  before: str | None = None) -> Page[M]:
    """A keyset page of `model` in the order of its column `key` (None: creation order)."""
    order = [OrderKey(f"t.{key}")] if key else []
    return await keyset_page(model, order=order, first=first, after=after, last=last, before=before)
