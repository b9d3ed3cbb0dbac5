"""Business relations, industry groups, mailing groups and job responsibilities: code + description masters."""

from __future__ import annotations

from typing import Any, ClassVar

import strawberry
from strawberry import relay

from models import masters as m
from resolvers import masters
from resolvers.master_loaders import contact_counts
from schema.errors import UserError
from schema.inputs import CodeDescriptionInput, CodeDescriptionUpdateInput, plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from schema.relay import Connection, ModelNode


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
        return Connection.from_page(await masters.page_by_code(m.BusinessRelation, first, after, last, before))

    @strawberry.field
    async def industry_groups(self, first: int | None = None, after: str | None = None, last: int | None = None,
                              before: str | None = None) -> Connection[IndustryGroup]:
        return Connection.from_page(await masters.page_by_code(m.IndustryGroup, first, after, last, before))

    @strawberry.field
    async def mailing_groups(self, first: int | None = None, after: str | None = None, last: int | None = None,
                             before: str | None = None) -> Connection[MailingGroup]:
        return Connection.from_page(await masters.page_by_code(m.MailingGroup, first, after, last, before))

    @strawberry.field
    async def job_responsibilities(self, first: int | None = None, after: str | None = None, last: int | None = None,
                                   before: str | None = None) -> Connection[JobResponsibility]:
        return Connection.from_page(await masters.page_by_code(m.JobResponsibility, first, after, last, before))

    @strawberry.field
    async def business_relation(self, info: strawberry.Info, code: str) -> BusinessRelation | None:
        return await masters.by_code(info.context.loaders, m.BusinessRelation, code)  # type: ignore[return-value]

    @strawberry.field
    async def industry_group(self, info: strawberry.Info, code: str) -> IndustryGroup | None:
        return await masters.by_code(info.context.loaders, m.IndustryGroup, code)  # type: ignore[return-value]

    @strawberry.field
    async def mailing_group(self, info: strawberry.Info, code: str) -> MailingGroup | None:
        return await masters.by_code(info.context.loaders, m.MailingGroup, code)  # type: ignore[return-value]

    @strawberry.field
    async def job_responsibility(self, info: strawberry.Info, code: str) -> JobResponsibility | None:
        return await masters.by_code(info.context.loaders, m.JobResponsibility, code)  # type: ignore[return-value]


@strawberry.type
class ClassificationMutations:
    @strawberry.mutation
    async def business_relation_create(self, input: CodeDescriptionInput) -> BusinessRelationPayload:
        obj, errors = await perform(lambda: masters.create_code_description(m.BusinessRelation, plain(input)))
        return BusinessRelationPayload(business_relation=obj, user_errors=errors)

    @strawberry.mutation
    async def business_relation_update(self, input: CodeDescriptionUpdateInput) -> BusinessRelationPayload:
        obj, errors = await perform(
            lambda: masters.update_code_description(m.BusinessRelation, input.id, provided(input)))
        return BusinessRelationPayload(business_relation=obj, user_errors=errors)

    @strawberry.mutation
    async def business_relation_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_code_description(m.BusinessRelation, input.id), input)

    @strawberry.mutation
    async def industry_group_create(self, input: CodeDescriptionInput) -> IndustryGroupPayload:
        obj, errors = await perform(lambda: masters.create_code_description(m.IndustryGroup, plain(input)))
        return IndustryGroupPayload(industry_group=obj, user_errors=errors)

    @strawberry.mutation
    async def industry_group_update(self, input: CodeDescriptionUpdateInput) -> IndustryGroupPayload:
        obj, errors = await perform(
            lambda: masters.update_code_description(m.IndustryGroup, input.id, provided(input)))
        return IndustryGroupPayload(industry_group=obj, user_errors=errors)

    @strawberry.mutation
    async def industry_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_code_description(m.IndustryGroup, input.id), input)

    @strawberry.mutation
    async def mailing_group_create(self, input: CodeDescriptionInput) -> MailingGroupPayload:
        obj, errors = await perform(lambda: masters.create_code_description(m.MailingGroup, plain(input)))
        return MailingGroupPayload(mailing_group=obj, user_errors=errors)

    @strawberry.mutation
    async def mailing_group_update(self, input: CodeDescriptionUpdateInput) -> MailingGroupPayload:
        obj, errors = await perform(
            lambda: masters.update_code_description(m.MailingGroup, input.id, provided(input)))
        return MailingGroupPayload(mailing_group=obj, user_errors=errors)

    @strawberry.mutation
    async def mailing_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_code_description(m.MailingGroup, input.id), input)

    @strawberry.mutation
    async def job_responsibility_create(self, input: CodeDescriptionInput) -> JobResponsibilityPayload:
        obj, errors = await perform(lambda: masters.create_code_description(m.JobResponsibility, plain(input)))
        return JobResponsibilityPayload(job_responsibility=obj, user_errors=errors)

    @strawberry.mutation
    async def job_responsibility_update(self, input: CodeDescriptionUpdateInput) -> JobResponsibilityPayload:
        obj, errors = await perform(
            lambda: masters.update_code_description(m.JobResponsibility, input.id, provided(input)))
        return JobResponsibilityPayload(job_responsibility=obj, user_errors=errors)

    @strawberry.mutation
    async def job_responsibility_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_code_description(m.JobResponsibility, input.id), input)
