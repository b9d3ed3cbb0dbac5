"""Territory: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from strawberry import relay

from models.masters import Territory as TerritoryModel
from resolvers import masters
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from schema.relay import Connection, ModelNode


@strawberry.type
class Territory(ModelNode):
    model: ClassVar = TerritoryModel
    id: relay.NodeID[int]
    code: str
    name: str


@strawberry.input
class TerritoryCreateInput:
    code: str
    name: str


@strawberry.input
class TerritoryUpdateInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET


@strawberry.type
class TerritoryPayload:
    territory: Territory | None
    user_errors: list[UserError]


@strawberry.type
class TerritoryQueries:
    @strawberry.field
    async def territories(
        self, first: int | None = None, after: str | None = None, last: int | None = None, before: str | None = None
    ) -> Connection[Territory]:
        return Connection.from_page(await masters.page_by_code(TerritoryModel, first, after, last, before))

    @strawberry.field
    async def territory(self, info: strawberry.Info, code: str) -> Territory | None:
        return await masters.territory_by_code(info.context.loaders, code)  # type: ignore[return-value]


@strawberry.type
class TerritoryMutations:
    @strawberry.mutation
    async def territory_create(self, input: TerritoryCreateInput) -> TerritoryPayload:
        obj, errors = await perform(lambda: masters.create_territory(plain(input)))
        return TerritoryPayload(territory=obj, user_errors=errors)

    @strawberry.mutation
    async def territory_update(self, input: TerritoryUpdateInput) -> TerritoryPayload:
        obj, errors = await perform(lambda: masters.update_territory(input.id, provided(input)))
        return TerritoryPayload(territory=obj, user_errors=errors)

    @strawberry.mutation
    async def territory_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_territory(input.id), input)
