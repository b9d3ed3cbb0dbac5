"""Territory: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from strawberry import relay

from models.masters import Territory as TerritoryModel
from models.rules import territories as rules
from models.rules.common import get_for_update
from resolvers.ids import decode_id
from resolvers.pagination import OrderKey, keyset_page
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform
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
        page = await keyset_page(
            TerritoryModel, order=[OrderKey("t.code")], first=first, after=after, last=last, before=before
        )
        return Connection.from_page(page)

    @strawberry.field
    async def territory(self, info: strawberry.Info, code: str) -> Territory | None:
        return await info.context.loaders.by_key(TerritoryModel, "code").load(code.upper())


@strawberry.type
class TerritoryMutations:
    @strawberry.mutation
    async def territory_create(self, input: TerritoryCreateInput) -> TerritoryPayload:
        obj, errors = await perform(lambda: rules.create_territory(plain(input)))
        return TerritoryPayload(territory=obj, user_errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def territory_update(self, input: TerritoryUpdateInput) -> TerritoryPayload:
        async def work() -> TerritoryModel:
            obj = await get_for_update(TerritoryModel, decode_id(input.id, "Territory"))
            return await rules.update_territory(obj, provided(input))

        obj, errors = await perform(work)
        return TerritoryPayload(territory=obj, user_errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation
    async def territory_delete(self, input: DeleteInput) -> DeletePayload:
        async def work() -> strawberry.ID:
            obj = await get_for_update(TerritoryModel, decode_id(input.id, "Territory"))
            await rules.delete_territory(obj)
            return input.id

        deleted, errors = await perform(work)
        return DeletePayload(deleted_id=deleted, user_errors=errors)
