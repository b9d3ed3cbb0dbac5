"""Relay building blocks: keyset connections with `nodes` and `totalCount`, and Node helpers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType
from tortoise.models import Model

from resolvers.ids import primary_key
from resolvers.pagination import Page

T = TypeVar("T")


@strawberry.type(name="Connection")
class Connection(relay.Connection[NodeType]):
    nodes: list[NodeType]
    count_fn: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items matching, over all pages.")
    async def total_count(self) -> int:
        return await self.count_fn()

    @classmethod
    def from_page(cls, page: Page[Any]) -> Connection[Any]:
        return cls(
            edges=[relay.Edge(cursor=c, node=n) for c, n in zip(page.cursors, page.items, strict=True)],
            nodes=list(page.items),
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            count_fn=page.count,
        )


class ModelNode(relay.Node, Generic[T]):
    """A Node backed by a Tortoise model: accepts model instances and loads by primary key."""

    model: ClassVar[type[Model]]

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, cls.model) or isinstance(obj, cls)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        loader = info.context.loaders.by_id(cls.model)
        # An id that cannot be a primary key resolves to None (0 is never one).
        ids = [primary_key(node_id) or 0 for node_id in node_ids]
        found = await loader.load_many(ids)
        if required and any(f is None for f in found):
            raise ValueError("Node not found")
        return found
