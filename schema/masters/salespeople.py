"""Salesperson: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from models.masters import Salesperson as SalespersonModel
from resolvers import masters
from resolvers.interaction_loaders import entry_statistics
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from schema.relay import Connection, ModelNode

if TYPE_CHECKING:
    from schema.interactions.types import InteractionStatistics

# The interaction types name Salesperson, so this one is resolved lazily.
StatisticsRef = Annotated["InteractionStatistics", strawberry.lazy("schema.interactions.types")]


@strawberry.type
class Salesperson(ModelNode):
    model: ClassVar = SalespersonModel
    id: relay.NodeID[int]
    code: str
    name: str
    email: str | None
    blocked: bool
    privacy_blocked: bool

    @strawberry.field(description="Over the non-canceled interactions of the salesperson.")
    async def statistics(self, info: strawberry.Info) -> StatisticsRef:
        from schema.interactions.types import InteractionStatistics

        stats = await entry_statistics(info.context.loaders, "salesperson_id").load(self.id)
        return InteractionStatistics(no_of_interactions=stats.no_of_interactions, cost_lcy=stats.cost_lcy,
                                     duration_min=stats.duration_min)


@strawberry.input
class SalespersonCreateInput:
    code: str
    name: str
    email: str | None = None
    blocked: bool | None = None
    privacy_blocked: bool | None = None


@strawberry.input
class SalespersonUpdateInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    blocked: bool | None = strawberry.UNSET
    privacy_blocked: bool | None = strawberry.UNSET


@strawberry.type
class SalespersonPayload:
    salesperson: Salesperson | None
    user_errors: list[UserError]


@strawberry.type
class SalespersonQueries:
    @strawberry.field
    async def salespeople(self, first: int | None = None, after: str | None = None,
                          last: int | None = None, before: str | None = None) -> Connection[Salesperson]:
        return Connection.from_page(await masters.page_by_code(SalespersonModel, first, after, last, before))

    @strawberry.field
    async def salesperson(self, info: strawberry.Info, code: str) -> Salesperson | None:
        return await masters.by_code(info.context.loaders, SalespersonModel, code)  # type: ignore[return-value]


@strawberry.type
class SalespersonMutations:
    @strawberry.mutation
    async def salesperson_create(self, input: SalespersonCreateInput) -> SalespersonPayload:
        obj, errors = await perform(lambda: masters.create_salesperson(plain(input)))
        return SalespersonPayload(salesperson=obj, user_errors=errors)

    @strawberry.mutation
    async def salesperson_update(self, input: SalespersonUpdateInput) -> SalespersonPayload:
        obj, errors = await perform(lambda: masters.update_salesperson(input.id, provided(input)))
        return SalespersonPayload(salesperson=obj, user_errors=errors)

    @strawberry.mutation
    async def salesperson_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_salesperson(input.id), input)
