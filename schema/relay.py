"""Relay building blocks: keyset connections with `nodes` and `totalCount`, and Node helpers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType
from tortoise.models import Model

from segmentum.resolvers.ids import primary_key
from segmentum.resolvers.pagination import Page
from segmentum.schema import terms

T = TypeVar("T")


# The paging arguments of every connection field.
First = Annotated[int | None, strawberry.argument(description=terms.PAGE_FIRST)]
After = Annotated[str | None, strawberry.argument(description=terms.PAGE_AFTER)]
Last = Annotated[int | None, strawberry.argument(description=terms.PAGE_LAST)]
Before = Annotated[str | None, strawberry.argument(description=terms.PAGE_BEFORE)]


# Relay's PageInfo and Edge, in our words: how to page on with them.
@strawberry.type(name="PageInfo", description="Information to aid in pagination.")
class PageInfo(relay.PageInfo):
    has_next_page: bool = strawberry.field(
        description="True when items follow this page (page on with `after: endCursor`).")
    has_previous_page: bool = strawberry.field(
        description="True when items precede this page (page back with `before: startCursor`).")
    start_cursor: str | None = strawberry.field(
        description="Cursor of the first item of this page; null when the page is empty.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item of this page; null when the page is empty.")


@strawberry.type(name="Edge", description="An edge in a connection.")
class Edge(relay.Edge[NodeType]):
    cursor: str = strawberry.field(
        description="Opaque position of this item: pass it as `after` (or `before`) to page from here.")
    node: NodeType = strawberry.field(description="The item.")


@strawberry.type(name="Connection")
class Connection(relay.Connection[NodeType]):
    page_info: PageInfo = strawberry.field(
        description="Where this page sits: whether there are more items and the cursors to ask for them.")
    # Our Edge, a relay.Edge in our words (list is invariant, hence the ignore).
    edges: list[Edge[NodeType]] = strawberry.field(  # type: ignore[assignment]
        description="The items of this page with their cursors: page with `edges` and `pageInfo` (Apollo's "
                    "relayStylePagination merges them).")
    nodes: list[NodeType] = strawberry.field(
        description="The items of this page without cursors (a shortcut for `edges { node }`).")
    count_fn: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items matching, over all pages.")
    async def total_count(self) -> int:
        return await self.count_fn()

    @classmethod
    def from_page(cls, page: Page[Any]) -> Connection[Any]:
        return cls(
            edges=[Edge(cursor=c, node=n) for c, n in zip(page.cursors, page.items, strict=True)],
            nodes=list(page.items),
            page_info=PageInfo(
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
