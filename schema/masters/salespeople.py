"""Salesperson: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from segmentum.models.masters import Salesperson as SalespersonModel
from segmentum.resolvers import masters
from segmentum.resolvers.commands import SalespersonFields
from segmentum.resolvers.interaction_loaders import entry_statistics
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import command
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.relay import After, Before, Connection, First, Last, ModelNode

if TYPE_CHECKING:
    from segmentum.schema.interactions.types import InteractionStatistics

# The interaction types name Salesperson, so this one is resolved lazily.
StatisticsRef = Annotated["InteractionStatistics", strawberry.lazy("segmentum.schema.interactions.types")]


@strawberry.type(description="A salesperson or purchaser (BC's Salesperson/Purchaser), responsible for contacts, "
                             "campaigns and segments.")
class Salesperson(ModelNode):
    model: ClassVar = SalespersonModel
    id: relay.NodeID[int]
    code: str = strawberry.field(description=terms.CODE)
    name: str = strawberry.field(description=terms.NAME)
    email: str | None = strawberry.field(description=terms.EMAIL)
    blocked: bool = strawberry.field(description=terms.BLOCKED)
    privacy_blocked: bool = strawberry.field(description=terms.PRIVACY_BLOCKED)

    @strawberry.field(description="Over the non-canceled interactions of the salesperson.")
    async def statistics(self, info: strawberry.Info) -> StatisticsRef:
        from segmentum.schema.interactions.types import InteractionStatistics

        stats = await entry_statistics(info.context.loaders, "salesperson_id").load(self.id)
        return InteractionStatistics(no_of_interactions=stats.no_of_interactions, cost_lcy=stats.cost_lcy,
                                     duration_min=stats.duration_min)


@strawberry.input(description="A new salesperson: code and name, the rest optional.")
class SalespersonCreateInput:
    code: str = strawberry.field(description=terms.CODE)
    name: str = strawberry.field(description=terms.NAME)
    email: str | None = strawberry.field(default=None, description=terms.EMAIL)
    blocked: bool | None = strawberry.field(default=None, description=terms.BLOCKED)
    privacy_blocked: bool | None = strawberry.field(default=None, description=terms.PRIVACY_BLOCKED)


@strawberry.input(description="Changes to a salesperson: only the fields given change.")
class SalespersonUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    name: str | None = strawberry.field(default=strawberry.UNSET, description=terms.NAME)
    email: str | None = strawberry.field(default=strawberry.UNSET, description=terms.EMAIL)
    blocked: bool | None = strawberry.field(default=strawberry.UNSET, description=terms.BLOCKED)
    privacy_blocked: bool | None = strawberry.field(default=strawberry.UNSET, description=terms.PRIVACY_BLOCKED)


@strawberry.type(description=terms.payload("salesperson"))
class SalespersonPayload:
    salesperson: Salesperson | None = strawberry.field(description=terms.payload_record("salesperson"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type
class SalespersonQueries:
    @strawberry.field(description="Salespeople, by code.")
    async def salespeople(self, first: First = None, after: After = None,
                          last: Last = None, before: Before = None) -> Connection[Salesperson]:
        return Connection.from_page(await masters.page_by_code(SalespersonModel, first, after, last, before))

    @strawberry.field(description="The salesperson with this code, or null.")
    async def salesperson(
        self, info: strawberry.Info, code: Annotated[str, strawberry.argument(description=terms.CODE_ARGUMENT)]
    ) -> Salesperson | None:
        return await masters.by_code(info.context.loaders, SalespersonModel, code)  # type: ignore[return-value]


@strawberry.type
class SalespersonMutations:
    @strawberry.mutation(description=terms.create_mutation("salesperson"))
    async def salesperson_create(self, input: SalespersonCreateInput) -> SalespersonPayload:
        obj, errors = await perform(lambda: masters.create_salesperson(command(SalespersonFields, input, nulls=False)))
        return SalespersonPayload(salesperson=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("salesperson"))
    async def salesperson_update(self, input: SalespersonUpdateInput) -> SalespersonPayload:
        changes = command(SalespersonFields, input, skip=("id",))
        obj, errors = await perform(lambda: masters.update_salesperson(input.id, changes))
        return SalespersonPayload(salesperson=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("salesperson"))
    async def salesperson_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_salesperson(input.id), input)
