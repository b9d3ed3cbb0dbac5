"""Interaction groups, interaction templates and campaigns: inputs, queries and mutations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models import interactions as m
from models.enums import CorrespondenceType, InformationFlow, InitiatedBy
from models.rules import interaction_setup as rules
from models.rules.common import get_for_update
from resolvers.ids import decode_id
from resolvers.pagination import OrderKey
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.interactions.types import Campaign, InteractionGroup, InteractionTemplate
from schema.masters.classifications import (
    CodeDescriptionInput,
    CodeDescriptionUpdateInput,
    create_entry,
    delete_entry,
    keyset_connection,
    page_by_code,
    run,
    update_entry,
)
from schema.mutation import DeleteInput, DeletePayload, perform
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
        return await page_by_code(m.InteractionGroup, first, after, last, before)

    @strawberry.field
    async def interaction_templates(self, first: int | None = None, after: str | None = None,
                                    last: int | None = None,
                                    before: str | None = None) -> Connection[InteractionTemplate]:
        return await page_by_code(m.InteractionTemplate, first, after, last, before)

    @strawberry.field
    async def campaigns(self, first: int | None = None, after: str | None = None, last: int | None = None,
                        before: str | None = None) -> Connection[Campaign]:
        return await keyset_connection(m.Campaign, [OrderKey("t.no")], first, after, last, before)

    @strawberry.field
    async def interaction_group(self, info: strawberry.Info, code: str) -> InteractionGroup | None:
        return await info.context.loaders.by_key(m.InteractionGroup, "code").load(code.strip().upper())

    @strawberry.field
    async def interaction_template(self, info: strawberry.Info, code: str) -> InteractionTemplate | None:
        return await info.context.loaders.by_key(m.InteractionTemplate, "code").load(code.strip().upper())

    @strawberry.field
    async def campaign(self, info: strawberry.Info, no: str) -> Campaign | None:
        return await info.context.loaders.by_key(m.Campaign, "no").load(no.strip().upper())


@strawberry.type
class InteractionSetupMutations:
    @strawberry.mutation
    async def interaction_group_create(self, input: CodeDescriptionInput) -> InteractionGroupPayload:
        obj, errors = await create_entry(m.InteractionGroup, input)
        return InteractionGroupPayload(interaction_group=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_group_update(self, input: CodeDescriptionUpdateInput) -> InteractionGroupPayload:
        obj, errors = await update_entry(m.InteractionGroup, "InteractionGroup", input)
        return InteractionGroupPayload(interaction_group=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await delete_entry(m.InteractionGroup, "InteractionGroup", input)

    @strawberry.mutation
    async def interaction_template_create(self, input: InteractionTemplateCreateInput) -> InteractionTemplatePayload:
        obj, errors = await run(lambda: rules.create_template(plain(input)))
        return InteractionTemplatePayload(interaction_template=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_template_update(self, input: InteractionTemplateUpdateInput) -> InteractionTemplatePayload:
        async def work() -> m.InteractionTemplate:
            obj = await get_for_update(m.InteractionTemplate, decode_id(input.id, "InteractionTemplate"))
            return await rules.update_template(obj, provided(input))

        obj, errors = await run(work)
        return InteractionTemplatePayload(interaction_template=obj, user_errors=errors)

    @strawberry.mutation
    async def interaction_template_delete(self, input: DeleteInput) -> DeletePayload:
        async def work() -> strawberry.ID:
            obj = await get_for_update(m.InteractionTemplate, decode_id(input.id, "InteractionTemplate"))
            await rules.delete_template(obj)
            return input.id

        deleted, errors = await perform(work)
        return DeletePayload(deleted_id=deleted, user_errors=errors)

    @strawberry.mutation
    async def campaign_create(self, input: CampaignCreateInput) -> CampaignPayload:
        obj, errors = await run(lambda: rules.create_campaign(plain(input)))
        return CampaignPayload(campaign=obj, user_errors=errors)

    @strawberry.mutation
    async def campaign_update(self, input: CampaignUpdateInput) -> CampaignPayload:
        async def work() -> m.Campaign:
            obj = await get_for_update(m.Campaign, decode_id(input.id, "Campaign"))
            return await rules.update_campaign(obj, provided(input))

        obj, errors = await run(work)
        return CampaignPayload(campaign=obj, user_errors=errors)

    @strawberry.mutation
    async def campaign_delete(self, input: DeleteInput) -> DeletePayload:
        async def work() -> strawberry.ID:
            obj = await get_for_update(m.Campaign, decode_id(input.id, "Campaign"))
            await rules.delete_campaign(obj)
            return input.id

        deleted, errors = await perform(work)
        return DeletePayload(deleted_id=deleted, user_errors=errors)
