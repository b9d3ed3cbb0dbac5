"""`node`, `nodes` and `viewer`: the cross-cutting root fields."""

from __future__ import annotations

import strawberry
from strawberry import relay


@strawberry.type
class ApiKeyInfo:
    name: str
    scopes: list[str]


@strawberry.type
class NodeQueries:
    node: relay.Node | None = relay.node()
    nodes: list[relay.Node | None] = relay.node()

    @strawberry.field(description="The API key of this request: its name and scopes.")
    def viewer(self, info: strawberry.Info) -> ApiKeyInfo:
        viewer = info.context.viewer
        return ApiKeyInfo(name=viewer.name, scopes=sorted(viewer.scopes))
