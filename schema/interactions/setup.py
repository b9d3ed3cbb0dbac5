"""Interaction groups, interaction templates and campaigns: inputs, queries and mutations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models.enums import CorrespondenceType, InformationFlow, InitiatedBy
from resolvers import interactions
from schema.errors import UserError
from schema.inputs import CodeDescriptionInput, CodeDescriptionUpdateInput, plain, provided
from schema.interactions.types import Campaign, InteractionGroup, InteractionTemplate
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from schema.relay import Connection


@strawberry.input
class InteractionTemplateCreateInput:
    code: str
    description: str
    group_code: str
    unit_cost_lcy: Decimal | None = None
    unit_duration_min: int | None = None
    information_flow: InformationFlow | None = None
    initiated_by: InitiatedBy | None = None
    campaign_no: str | None = None
    campaign_target: bool | None = None
    campaign_response: bool | None = None
    correspondence_type_default: CorrespondenceType | None = None
    ignore_contact_corres_type: bool | None = None
    language_code_default: str | None = None


@strawberry.input
class InteractionTemplateUpdateInput:
    id: strawberry.ID
    description: str | None = strawberry.UNSET
    group_code: str | None = strawberry.UNSET
    unit_cost_lcy: Decimal | None = strawberry.UNSET
    unit_duration_min: int | None = strawberry.UNSET
    information_flow: InformationFlow | None = strawberry.UNSET
    initiated_by: InitiatedBy | None = strawberry.UNSET
    campaign_no: str | None = strawberry.UNSET
    campaign_target: bool | None = strawberry.UNSET
    campaign_response: bool | None = strawberry.UNSET
    correspondence_type_default: CorrespondenceType | None = strawberry.UNSET
    ignore_contact_corres_type: bool | None = strawberry.UNSET
    language_code_default: str | None = strawberry.UNSET


@strawberry.input
class CampaignCreateInput:
    no: str | None = None
    description: str
    starting_date: datetime.date | None = None
    ending_date: datetime.date | None = None
    salesperson_code: str | None = None


@strawberry.input
class CampaignUpdateInput:
    id: strawberry.ID
    description: str | None = strawberry.UNSET
    starting_date: datetime.date | None = strawberry.UNSET
    ending_date: datetime.date | None = strawberry.UNSET
    salesperson_code: str | None = strawberry.UNSET


@strawberry.type
class InteractionGroupPayload:
    interaction_group: InteractionGroup | None
    user_errors: list[UserError]


@strawberry.type
class InteractionTemplatePayload:
    interaction_template: InteractionTemplate | None
    user_errors: list[UserError]


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None
    user_errors: list[UserError]


@strawberry.type
class InteractionSetupQueries:
    @strawberry.field
    async def interaction_groups(self, first: int | None = None, after: str | None = None, last: int | None = None,
                                 before: str | None = None) -> Connection[InteractionGroup]:
        return Connection.from_page(await interactions.groups_page(first, after, last, before))

    @strawberry.field
    async def interaction_templates(self, first: int | None = None, after: str | None = None,
                                    last: int | None = None,
                                    before: str | None = None) -> Connection[InteractionTemplate]:
        return Connection.from_page(await interactions.templates_page(first, after, last, before))

    @strawberry.field
    async def campaigns(self, first: int | None = None, after: str | None = None, last: int | None = None,
                        before: str | None = None) -> Connection[Campaign]:
        return Connection.from_page(await interactions.campaigns_page(first, after, last, before))

    @strawberry.field
    async def interaction_group(self, info: strawberry.Info, code: str) -> InteractionGroup | None:
        return await interactions.group_by_code(info.context.loaders, code)  # type: ignore[return-value]

    @strawberry.field
    async def interaction_template(self, info: strawberry.Info, code: str) -> InteractionTemplate | None:
        return await interactions.template_by_code(info.context.loaders, code)  # type: ignore[return-value]

    @strawberry.field
    async def campaign(self, info: strawberry.Info, no: str) -> Campaign | None:
        return await interactions.campaign_by_no(info.context.loaders, no)  # type: ignore[return-value]


@strawberry.type
class InteractionSetupMutations:
    @strawberry.mutation
    async def interaction_group_create(self, input: CodeDescriptionInput) -> InteractionGroupPayload:
        obj, errors = await perform(lambda: interactions.create_group(plain(input)))
        return InteractionGroupPayload(interaction_group=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_group_update(self, input: CodeDescriptionUpdateInput) -> InteractionGroupPayload:
        obj, errors = await perform(lambda: interactions.update_group(input.id, provided(input)))
        return InteractionGroupPayload(interaction_group=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: interactions.delete_group(input.id), input)

    @strawberry.mutation
    async def interaction_template_create(self, input: InteractionTemplateCreateInput) -> InteractionTemplatePayload:
        obj, errors = await perform(lambda: interactions.create_template(plain(input)))
        return InteractionTemplatePayload(interaction_template=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_template_update(self, input: InteractionTemplateUpdateInput) -> InteractionTemplatePayload:
        obj, errors = await perform(lambda: interactions.update_template(input.id, provided(input)))
        return InteractionTemplatePayload(interaction_template=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_template_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: interactions.delete_template(input.id), input)

    @strawberry.mutation
    async def campaign_create(self, input: CampaignCreateInput) -> CampaignPayload:
        obj, errors = await perform(lambda: interactions.create_campaign(plain(input)))
        return CampaignPayload(campaign=obj, user_errors=errors)

    @strawberry.mutation
    async def campaign_update(self, input: CampaignUpdateInput) -> CampaignPayload:
        obj, errors = await perform(lambda: interactions.update_campaign(input.id, provided(input)))
        return CampaignPayload(campaign=obj, user_errors=errors)

    @strawberry.mutation
    async def campaign_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: interactions.delete_campaign(input.id), input)
