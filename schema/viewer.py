"""`node`, `nodes` and `viewer`: the cross-cutting root fields."""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError
from strawberry.types.cast import cast as strawberry_cast


@strawberry.type(description="The API key a request was made with.")
class ApiKeyInfo:
    name: str = strawberry.field(description="The key's name.")
    scopes: list[str] = strawberry.field(description="What the key may do: read, write (mutations), admin.")


async def resolve_nodes(info: strawberry.Info, ids: list[relay.GlobalID]) -> list[Any]:
    """The nodes for `ids`, in order, one batch per type; None where nothing has the ID.

    Written out instead of `relay.node()`, whose field is changed when a schema is built and so cannot
    be part of a second schema in the same process (the app and the tests each build one).
    """
    node_types: list[type[relay.Node] | None] = []
    by_type: defaultdict[type[relay.Node], list[str]] = defaultdict(list)
    for gid in ids:
        try:
            node_type: type[relay.Node] | None = gid.resolve_type(info)
        except GlobalIDValueError:
            node_type = None  # the ID names no type of this API
        node_types.append(node_type)
        if node_type is not None:
            by_type[node_type].append(gid.node_id)

    async def load(node_type: type[relay.Node], node_ids: list[str]) -> list[Any]:
        found = node_type.resolve_nodes(info=info, node_ids=node_ids, required=False)
        return list(await found if inspect.isawaitable(found) else found)

    loaded = await asyncio.gather(*(load(t, node_ids) for t, node_ids in by_type.items()))
    pending = {t: iter(found) for t, found in zip(by_type, loaded, strict=True)}
    out: list[Any] = []
    for node_type in node_types:
        obj = next(pending[node_type]) if node_type is not None else None
        out.append(strawberry_cast(node_type, obj) if node_type is not None and obj is not None else None)
    return out


@strawberry.type
class NodeQueries:
    @strawberry.field(description="The object with this global ID, or null.")
    async def node(
        self,
        info: strawberry.Info,
        id: Annotated[
            relay.GlobalID,
            strawberry.argument(description="A global ID, as any type's `id` field gives it."),
        ],
    ) -> relay.Node | None:
        return (await resolve_nodes(info, [id]))[0]

    @strawberry.field(description="The objects with these global IDs, in order; null where there is none.")
    async def nodes(
        self,
        info: strawberry.Info,
        ids: Annotated[list[relay.GlobalID], strawberry.argument(description="Global IDs, at most 1000.")],
    ) -> list[relay.Node | None]:
        return await resolve_nodes(info, ids)

    @strawberry.field(description="The API key of this request: its name and scopes.")
    def viewer(self, info: strawberry.Info) -> ApiKeyInfo:
        viewer = info.context.viewer
        return ApiKeyInfo(name=viewer.name, scopes=sorted(viewer.scopes))
