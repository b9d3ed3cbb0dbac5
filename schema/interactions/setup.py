"""Interaction groups, interaction templates and campaigns: inputs, queries and mutations."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

import segmentum.schema.enums  # noqa: F401 - registers the model enums with Strawberry
from segmentum.models.enums import CorrespondenceType, InformationFlow, InitiatedBy
from segmentum.resolvers import interactions
from segmentum.resolvers.commands import CampaignFields, CodeDescriptionFields, TemplateFields
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import CodeDescriptionInput, CodeDescriptionUpdateInput, command
from segmentum.schema.interactions.types import Campaign, InteractionGroup, InteractionTemplate
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.relay import After, Before, Connection, First, Last


@strawberry.input(description="A new interaction template: code, group and description, defaults optional.")
class InteractionTemplateCreateInput:
    code: str = strawberry.field(description=terms.CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    group_code: str = strawberry.field(description=terms.GROUP_CODE)
    unit_cost_lcy: Decimal | None = strawberry.field(default=None, description=terms.UNIT_COST_LCY)
    unit_duration_min: int | None = strawberry.field(default=None, description=terms.UNIT_DURATION_MIN)
    information_flow: InformationFlow | None = strawberry.field(default=None, description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy | None = strawberry.field(default=None, description=terms.INITIATED_BY)
    campaign_no: str | None = strawberry.field(default=None, description=terms.CAMPAIGN_NO)
    campaign_target: bool | None = strawberry.field(default=None, description=terms.CAMPAIGN_TARGET)
    campaign_response: bool | None = strawberry.field(default=None, description=terms.CAMPAIGN_RESPONSE)
    correspondence_type_default: CorrespondenceType | None = strawberry.field(
        default=None, description=terms.CORRESPONDENCE_TYPE_DEFAULT)
    ignore_contact_corres_type: bool | None = strawberry.field(
        default=None, description=terms.IGNORE_CONTACT_CORRES_TYPE)
    language_code_default: str | None = strawberry.field(default=None, description=terms.LANGUAGE_CODE_DEFAULT)


@strawberry.input(description="Changes to an interaction template: only the fields given change.")
class InteractionTemplateUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    description: str | None = strawberry.field(default=strawberry.UNSET, description=terms.DESCRIPTION)
    group_code: str | None = strawberry.field(default=strawberry.UNSET, description=terms.GROUP_CODE)
    unit_cost_lcy: Decimal | None = strawberry.field(default=strawberry.UNSET, description=terms.UNIT_COST_LCY)
    unit_duration_min: int | None = strawberry.field(default=strawberry.UNSET, description=terms.UNIT_DURATION_MIN)
    information_flow: InformationFlow | None = strawberry.field(
        default=strawberry.UNSET, description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy | None = strawberry.field(default=strawberry.UNSET, description=terms.INITIATED_BY)
    campaign_no: str | None = strawberry.field(default=strawberry.UNSET, description=terms.CAMPAIGN_NO)
    campaign_target: bool | None = strawberry.field(default=strawberry.UNSET, description=terms.CAMPAIGN_TARGET)
    campaign_response: bool | None = strawberry.field(default=strawberry.UNSET, description=terms.CAMPAIGN_RESPONSE)
    correspondence_type_default: CorrespondenceType | None = strawberry.field(
        default=strawberry.UNSET, description=terms.CORRESPONDENCE_TYPE_DEFAULT)
    ignore_contact_corres_type: bool | None = strawberry.field(
        default=strawberry.UNSET, description=terms.IGNORE_CONTACT_CORRES_TYPE)
    language_code_default: str | None = strawberry.field(
        default=strawberry.UNSET, description=terms.LANGUAGE_CODE_DEFAULT)


@strawberry.input(description="A new campaign; `no` comes from the campaign number series when omitted.")
class CampaignCreateInput:
    no: str | None = strawberry.field(default=None, description=terms.NO)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    starting_date: datetime.date | None = strawberry.field(default=None, description=terms.STARTING_DATE)
    ending_date: datetime.date | None = strawberry.field(default=None, description=terms.ENDING_DATE)
    salesperson_code: str | None = strawberry.field(default=None, description=terms.looked_up("salesperson"))


@strawberry.input(description="Changes to a campaign: only the fields given change.")
class CampaignUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    description: str | None = strawberry.field(default=strawberry.UNSET, description=terms.DESCRIPTION)
    starting_date: datetime.date | None = strawberry.field(default=strawberry.UNSET, description=terms.STARTING_DATE)
    ending_date: datetime.date | None = strawberry.field(default=strawberry.UNSET, description=terms.ENDING_DATE)
    salesperson_code: str | None = strawberry.field(
        default=strawberry.UNSET, description=terms.looked_up("salesperson"))


@strawberry.type(description=terms.payload("interaction group"))
class InteractionGroupPayload:
    interaction_group: InteractionGroup | None = strawberry.field(description=terms.payload_record("interaction group"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("interaction template"))
class InteractionTemplatePayload:
    interaction_template: InteractionTemplate | None = strawberry.field(
        description=terms.payload_record("interaction template"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("campaign"))
class CampaignPayload:
    campaign: Campaign | None = strawberry.field(description=terms.payload_record("campaign"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type
class InteractionSetupQueries:
    @strawberry.field(description="Interaction groups, by code.")
    async def interaction_groups(self, first: First = None, after: After = None, last: Last = None,
                                 before: Before = None) -> Connection[InteractionGroup]:
        return Connection.from_page(await interactions.groups_page(first, after, last, before))

    @strawberry.field(description="Interaction templates, by code.")
    async def interaction_templates(self, first: First = None, after: After = None,
                                    last: Last = None,
                                    before: Before = None) -> Connection[InteractionTemplate]:
        return Connection.from_page(await interactions.templates_page(first, after, last, before))

    @strawberry.field(description="Campaigns, by number.")
    async def campaigns(self, first: First = None, after: After = None, last: Last = None,
                        before: Before = None) -> Connection[Campaign]:
        return Connection.from_page(await interactions.campaigns_page(first, after, last, before))

    @strawberry.field(description="The interaction group with this code, or null.")
    async def interaction_group(
        self, info: strawberry.Info, code: Annotated[str, strawberry.argument(description=terms.CODE_ARGUMENT)]
    ) -> InteractionGroup | None:
        return await interactions.group_by_code(info.context.loaders, code)  # type: ignore[return-value]

    @strawberry.field(description="The interaction template with this code, or null.")
    async def interaction_template(
        self, info: strawberry.Info, code: Annotated[str, strawberry.argument(description=terms.CODE_ARGUMENT)]
    ) -> InteractionTemplate | None:
        return await interactions.template_by_code(info.context.loaders, code)  # type: ignore[return-value]

    @strawberry.field(description="The campaign with this number, or null.")
    async def campaign(
        self, info: strawberry.Info, no: Annotated[str, strawberry.argument(description="The campaign's number.")]
    ) -> Campaign | None:
        return await interactions.campaign_by_no(info.context.loaders, no)  # type: ignore[return-value]


@strawberry.type
class InteractionSetupMutations:
    @strawberry.mutation(description=terms.create_mutation("interaction group"))
    async def interaction_group_create(self, input: CodeDescriptionInput) -> InteractionGroupPayload:
        new = command(CodeDescriptionFields, input, nulls=False)
        obj, errors = await perform(lambda: interactions.create_group(new))
        return InteractionGroupPayload(interaction_group=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("interaction group"))
    async def interaction_group_update(self, input: CodeDescriptionUpdateInput) -> InteractionGroupPayload:
        changes = command(CodeDescriptionFields, input, skip=("id",))
        obj, errors = await perform(lambda: interactions.update_group(input.id, changes))
        return InteractionGroupPayload(interaction_group=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("interaction group"))
    async def interaction_group_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: interactions.delete_group(input.id), input)

    @strawberry.mutation(description=terms.create_mutation("interaction template"))
    async def interaction_template_create(self, input: InteractionTemplateCreateInput) -> InteractionTemplatePayload:
        new = command(TemplateFields, input, nulls=False)
        obj, errors = await perform(lambda: interactions.create_template(new))
        return InteractionTemplatePayload(interaction_template=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("interaction template"))
    async def interaction_template_update(self, input: InteractionTemplateUpdateInput) -> InteractionTemplatePayload:
        changes = command(TemplateFields, input, skip=("id",))
        obj, errors = await perform(lambda: interactions.update_template(input.id, changes))
        return InteractionTemplatePayload(interaction_template=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("interaction template"))
    async def interaction_template_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: interactions.delete_template(input.id), input)

    @strawberry.mutation(description=terms.create_mutation("campaign"))
    async def campaign_create(self, input: CampaignCreateInput) -> CampaignPayload:
        new = command(CampaignFields, input, nulls=False)
        obj, errors = await perform(lambda: interactions.create_campaign(new))
        return CampaignPayload(campaign=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("campaign"))
    async def campaign_update(self, input: CampaignUpdateInput) -> CampaignPayload:
        changes = command(CampaignFields, input, skip=("id",))
        obj, errors = await perform(lambda: interactions.update_campaign(input.id, changes))
        return CampaignPayload(campaign=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("campaign"))
    async def campaign_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: interactions.delete_campaign(input.id), input)
