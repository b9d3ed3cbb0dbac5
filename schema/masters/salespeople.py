"""Salesperson: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from strawberry import relay

from models.masters import Salesperson as SalespersonModel
from models.rules import masters as rules
from models.rules.common import get_for_update
from resolvers.ids import decode_id
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.masters.classifications import page_by_code, run
from schema.mutation import DeleteInput, DeletePayload, perform
from schema.relay import Connection, ModelNode


@strawberry.type
class Salesperson(ModelNode):
    model: ClassVar = SalespersonModel
    id: relay.NodeID[int]
    code: str
    name: str
    email: str | None
    blocked: bool
    privacy_blocked: bool


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
        return await page_by_code(SalespersonModel, first, after, last, before)

    @strawberry.field
    async def salesperson(self, info: strawberry.Info, code: str) -> Salesperson | None:
        return await info.context.loaders.by_key(SalespersonModel, "code").load(code.strip().upper())


@strawberry.type
class SalespersonMutations:
    @strawberry.mutation
    async def salesperson_create(self, input: SalespersonCreateInput) -> SalespersonPayload:
        obj, errors = await run(lambda: rules.create_salesperson(plain(input)))
        return SalespersonPayload(salesperson=obj, user_errors=errors)

    @strawberry.mutation
    async def salesperson_update(self, input: SalespersonUpdateInput) -> SalespersonPayload:
        async def work() -> SalespersonModel:
            obj = await get_for_update(SalespersonModel, decode_id(input.id, "Salesperson"))
            return await rules.update_salesperson(obj, provided(input))

        obj, errors = await run(work)
        return SalespersonPayload(salesperson=obj, user_errors=errors)

    @strawberry.mutation
    async def salesperson_delete(self, input: DeleteInput) -> DeletePayload:
        async def work() -> strawberry.ID:
            obj = await get_for_update(SalespersonModel, decode_id(input.id, "Salesperson"))
            await rules.delete_salesperson(obj)
            return input.id

        deleted, errors = await perform(work)
        return DeletePayload(deleted_id=deleted, user_errors=errors)
