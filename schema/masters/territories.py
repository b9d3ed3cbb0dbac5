"""Territory: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import Annotated, ClassVar

import strawberry
from strawberry import relay

from segmentum.models.masters import Territory as TerritoryModel
from segmentum.resolvers import masters
from segmentum.resolvers.commands import TerritoryFields
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import command
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.relay import After, Before, Connection, First, Last, ModelNode


@strawberry.type(description="A sales territory a contact belongs to.")
class Territory(ModelNode):
    model: ClassVar = TerritoryModel
    id: relay.NodeID[int]
    code: str = strawberry.field(description=terms.CODE)
    name: str = strawberry.field(description=terms.NAME)


@strawberry.input(description="A new territory: code and name.")
class TerritoryCreateInput:
    code: str = strawberry.field(description=terms.CODE)
    name: str = strawberry.field(description=terms.NAME)


@strawberry.input(description="Changes to a territory: only the fields given change.")
class TerritoryUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    name: str | None = strawberry.field(default=strawberry.UNSET, description=terms.NAME)


@strawberry.type(description=terms.payload("territory"))
class TerritoryPayload:
    territory: Territory | None = strawberry.field(description=terms.payload_record("territory"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type
class TerritoryQueries:
    @strawberry.field(description="Territories, by code.")
    async def territories(
        self, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Territory]:
        return Connection.from_page(await masters.page_by_code(TerritoryModel, first, after, last, before))

    @strawberry.field(description="The territory with this code, or null.")
    async def territory(
        self, info: strawberry.Info, code: Annotated[str, strawberry.argument(description=terms.CODE_ARGUMENT)]
    ) -> Territory | None:
        return await masters.territory_by_code(info.context.loaders, code)  # type: ignore[return-value]


@strawberry.type
class TerritoryMutations:
    @strawberry.mutation(description=terms.create_mutation("territory"))
    async def territory_create(self, input: TerritoryCreateInput) -> TerritoryPayload:
        obj, errors = await perform(lambda: masters.create_territory(command(TerritoryFields, input, nulls=False)))
        return TerritoryPayload(territory=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("territory"))
    async def territory_update(self, input: TerritoryUpdateInput) -> TerritoryPayload:
        changes = command(TerritoryFields, input, skip=("id",))
        obj, errors = await perform(lambda: masters.update_territory(input.id, changes))
        return TerritoryPayload(territory=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("territory"))
    async def territory_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_territory(input.id), input)
