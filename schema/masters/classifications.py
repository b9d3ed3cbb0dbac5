"""Business relations, industry groups, mailing groups and job responsibilities: code + description masters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

import strawberry
from strawberry import relay
from tortoise.models import Model

from models import masters as m
from models.rules import masters as rules
from models.rules.common import get_for_update
from models.sql import Params
from resolvers.ids import decode_id
from resolvers.master_loaders import contact_counts
from resolvers.pagination import OrderKey, PaginationError, keyset_page
from schema.errors import UserError, bad_user_input
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform
from schema.relay import Connection, ModelNode


@strawberry.input
class CodeDescriptionInput:
    code: str
    description: str


@strawberry.input
class CodeDescriptionUpdateInput:
    id: strawberry.ID
    description: str | None = strawberry.UNSET


# ------------------------------------------------------------------------------------------ shared plumbing


async def run(work: Callable[[], Awaitable[Any]]) -> tuple[Any, list[UserError]]:
    """perform() for mutations whose payload takes the model object standing for its GraphQL type."""
    return await perform(work)


async def keyset_connection(model: type[Model], order: list[OrderKey], first: int | None = None,
                            after: str | None = None, last: int | None = None, before: str | None = None,
                            where: Callable[[Params], str] | None = None) -> Connection[Any]:
    """A keyset page as a connection; bad paging arguments are the client's error, not ours."""
    try:
        page = await keyset_page(model, where=where, order=order, first=first, after=after, last=last,
                                 before=before)
    except PaginationError as exc:
        raise bad_user_input(str(exc)) from exc
    return Connection.from_page(page)


async def page_by_code(model: type[Model], first: int | None, after: str | None, last: int | None,
                       before: str | None) -> Connection[Any]:
    return await keyset_connection(model, [OrderKey("t.code")], first, after, last, before)


async def create_entry(model: type[Model], input: CodeDescriptionInput) -> tuple[Any, list[UserError]]:
    return await run(lambda: rules.create_code_description(model, plain(input)))


async def update_entry(model: type[Model], type_name: str,
                       input: CodeDescriptionUpdateInput) -> tuple[Any, list[UserError]]:
    async def work() -> Any:
        obj = await get_for_update(model, decode_id(input.id, type_name))
        return await rules.update_code_description(obj, provided(input))

    return await run(work)


async def delete_entry(model: type[Model], type_name: str, input: DeleteInput) -> DeletePayload:
    async def work() -> strawberry.ID:
        obj = await get_for_update(model, decode_id(input.id, type_name))
        await rules.delete_code_description(obj)
        return input.id

    deleted, errors = await perform(work)
    return DeletePayload(deleted_id=deleted, user_errors=errors)


def _counter(kind: str) -> Any:
    async def no_of_contacts(root: strawberry.Parent[Any], info: strawberry.Info) -> int:
        return await contact_counts(info.context.loaders, kind).load(root.id)

    return strawberry.field(resolver=no_of_contacts)


# ------------------------------------------------------------------------------------------ types


@strawberry.type
class BusinessRelation(ModelNode):
    model: ClassVar = m.BusinessRelation
    id: relay.NodeID[int]
    code: str
    description: str
    no_of_contacts: int = _counter("business_relation")


@strawberry.type
class IndustryGroup(ModelNode):
    model: ClassVar = m.IndustryGroup
    id: relay.NodeID[int]
    code: str
    description: str
    no_of_contacts: int = _counter("industry_group")


@strawberry.type
class MailingGroup(ModelNode):
    model: ClassVar = m.MailingGroup
    id: relay.NodeID[int]
    code: str
    description: str
    no_of_contacts: int = _counter("mailing_group")


@strawberry.type
class JobResponsibility(ModelNode):
    model: ClassVar = m.JobResponsibility
    id: relay.NodeID[int]
    code: str
    description: str
    no_of_contacts: int = _counter("job_responsibility")


@strawberry.type
class BusinessRelationPayload:
    business_relation: BusinessRelation | None
    user_errors: list[UserError]


@strawberry.type
class IndustryGroupPayload:
    industry_group: IndustryGroup | None
    user_errors: list[UserError]


@strawberry.type
class MailingGroupPayload:
    mailing_group: MailingGroup | None
    user_errors: list[UserError]


@strawberry.type
class JobResponsibilityPayload:
    job_responsibility: JobResponsibility | None
    user_errors: list[UserError]


# ------------------------------------------------------------------------------------------ root fields


@strawberry.type
class ClassificationQueries:
    @strawberry.field
    async def business_relations(self, first: int | None = None, after: str | None = None, last: int | None = None,
                                 before: str | None = None) -> Connection[BusinessRelation]:
        return await page_by_code(m.BusinessRelation, first, after, last, before)

    @strawberry.field
    async def industry_groups(self, first: int | None = None, after: str | None = None, last: int | None = None,
                              before: str | None = None) -> Connection[IndustryGroup]:
        return await page_by_code(m.IndustryGroup, first, after, last, before)

    @strawberry.field
    async def mailing_groups(self, first: int | None = None, after: str | None = None, last: int | None = None,
                             before: str | None = None) -> Connection[MailingGroup]:
        return await page_by_code(m.MailingGroup, first, after, last, before)

    @strawberry.field
    async def job_responsibilities(self, first: int | None = None, after: str | None = None, last: int | None = None,
                                   before: str | None = None) -> Connection[JobResponsibility]:
        return await page_by_code(m.JobResponsibility, first, after, last, before)

    @strawberry.field
    async def business_relation(self, info: strawberry.Info, code: str) -> BusinessRelation | None:
        return await info.context.loaders.by_key(m.BusinessRelation, "code").load(code.strip().upper())

    @strawberry.field
    async def industry_group(self, info: strawberry.Info, code: str) -> IndustryGroup | None:
        return await info.context.loaders.by_key(m.IndustryGroup, "code").load(code.strip().upper())

    @strawberry.field
    async def mailing_group(self, info: strawberry.Info, code: str) -> MailingGroup | None:
        return await info.context.loaders.by_key(m.MailingGroup, "code").load(code.strip().upper())

    @strawberry.field
    async def job_responsibility(self, info: strawberry.Info, code: str) -> JobResponsibility | None:
        return await info.context.loaders.by_key(m.JobResponsibility, "code").load(code.strip().upper())


@strawberry.type
class ClassificationMutations:
    @strawberry.mutation
    async def business_relation_create(self, input: CodeDescriptionInput) -> BusinessRelationPayload:
        obj, errors = await create_entry(m.BusinessRelation, input)
        return BusinessRelationPayload(business_relation=obj, user_errors=errors)

    @strawberry.mutation
    async def business_relation_update(self, input: CodeDescriptionUpdateInput) -> BusinessRelationPayload:
        obj, errors = await update_entry(m.BusinessRelation, "BusinessRelation", input)
        return BusinessRelationPayload(business_relation=obj, user_errors=errors)

    @strawberry.mutation
    async def business_relation_delete(self, input: DeleteInput) -> DeletePayload:
        return await delete_entry(m.BusinessRelation, "BusinessRelation", input)

    @strawberry.mutation
    async def industry_group_create(self, input: CodeDescriptionInput) -> IndustryGroupPayload:
        obj, errors = await create_entry(m.IndustryGroup, input)
        return IndustryGroupPayload(industry_group=obj, user_errors=errors)

    @strawberry.mutation
    async def industry_group_update(self, input: CodeDescriptionUpdateInput) -> IndustryGroupPayload:
        obj, errors = await update_entry(m.IndustryGroup, "IndustryGroup", input)
        return IndustryGroupPayload(industry_group=obj, user_errors=errors)

    @strawberry.mutation
    async def industry_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await delete_entry(m.IndustryGroup, "IndustryGroup", input)

    @strawberry.mutation
    async def mailing_group_create(self, input: CodeDescriptionInput) -> MailingGroupPayload:
        obj, errors = await create_entry(m.MailingGroup, input)
        return MailingGroupPayload(mailing_group=obj, user_errors=errors)

    @strawberry.mutation
    async def mailing_group_update(self, input: CodeDescriptionUpdateInput) -> MailingGroupPayload:
        obj, errors = await update_entry(m.MailingGroup, "MailingGroup", input)
        return MailingGroupPayload(mailing_group=obj, user_errors=errors)

    @strawberry.mutation
    async def mailing_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await delete_entry(m.MailingGroup, "MailingGroup", input)

    @strawberry.mutation
    async def job_responsibility_create(self, input: CodeDescriptionInput) -> JobResponsibilityPayload:
        obj, errors = await create_entry(m.JobResponsibility, input)
        return JobResponsibilityPayload(job_responsibility=obj, user_errors=errors)

    @strawberry.mutation
    async def job_responsibility_update(self, input: CodeDescriptionUpdateInput) -> JobResponsibilityPayload:
        obj, errors = await update_entry(m.JobResponsibility, "JobResponsibility", input)
        return JobResponsibilityPayload(job_responsibility=obj, user_errors=errors)

    @strawberry.mutation
    async def job_responsibility_delete(self, input: DeleteInput) -> DeletePayload:
        return await delete_entry(m.JobResponsibility, "JobResponsibility", input)
