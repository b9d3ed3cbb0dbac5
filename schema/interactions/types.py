"""Interaction groups and templates, campaigns, logged segments and interaction log entries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from strawberry import relay

import segmentum.schema.enums  # noqa: F401 - registers the model enums with Strawberry
from segmentum.models import interactions as m
from segmentum.models.contacts import Contact as ContactModel
from segmentum.models.content import InteractionLanguage as InteractionLanguageModel
from segmentum.models.enums import CorrespondenceType, DeliveryStatus, Evaluation, InformationFlow, InitiatedBy
from segmentum.models.masters import Salesperson as SalespersonModel
from segmentum.resolvers.interaction_loaders import (
    EntryStatistics,
    campaign_entry_page,
    campaign_entry_statistics,
    entry_page,
    entry_statistics,
    logged_campaign_entry_counts,
    logged_segment_counts,
)
from segmentum.resolvers.loaders import load_fk
from segmentum.resolvers.pagination import PaginationError
from segmentum.schema import terms
from segmentum.schema.audit.created_by import ApiKeyRef, created_by_field
from segmentum.schema.errors import bad_user_input
from segmentum.schema.interactions.content import InteractionLanguage, languages_field
from segmentum.schema.masters.salespeople import Salesperson
from segmentum.schema.relay import After, Connection, First, ModelNode

if TYPE_CHECKING:
    from segmentum.schema.contacts.types import Contact

ContactRef = Annotated["Contact", strawberry.lazy("segmentum.schema.contacts.types")]


@strawberry.type(description="Totals of the interactions logged with a template, group or campaign (canceled ones "
                             "excluded).")
class InteractionStatistics:
    """Over the non-canceled interactions."""

    no_of_interactions: int = strawberry.field(description=terms.NO_OF_INTERACTIONS)
    cost_lcy: Decimal = strawberry.field(description=terms.COST_LCY)
    duration_min: int = strawberry.field(description=terms.DURATION_MIN)


def _statistics(column: str, description: str) -> Any:
    async def statistics(root: strawberry.Parent[Any], info: strawberry.Info) -> InteractionStatistics:
        stats = await entry_statistics(info.context.loaders, column).load(root.id)
        return InteractionStatistics(no_of_interactions=stats.no_of_interactions, cost_lcy=stats.cost_lcy,
                                     duration_min=stats.duration_min)

    return strawberry.field(resolver=statistics, description=description)


def _fk(model: type, attr: str) -> Any:
    """A field reaching another table through the per-request loader of `model`."""

    # No return annotation: the field's own annotation gives the GraphQL type.
    async def resolve(root: strawberry.Parent[Any], info: strawberry.Info):  # type: ignore[no-untyped-def]
        return await load_fk(info.context.loaders, model, getattr(root, attr))

    return resolve


@strawberry.type(description="A group of interaction templates (letters, meetings, phone calls, ...).")
class InteractionGroup(ModelNode):
    model: ClassVar = m.InteractionGroup
    id: relay.NodeID[int]
    code: str = strawberry.field(description=terms.CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    statistics: InteractionStatistics = _statistics("group_id", terms.STATISTICS)


async def _campaign_stats(root: m.Campaign, info: strawberry.Info) -> EntryStatistics:
    return await entry_statistics(info.context.loaders, "campaign_id").load(root.id)


async def _targets(root: strawberry.Parent[m.Campaign], info: strawberry.Info) -> int:
    return (await _campaign_stats(root, info)).target_contacts_contacted


async def _responses(root: strawberry.Parent[m.Campaign], info: strawberry.Info) -> int:
    return (await _campaign_stats(root, info)).contacts_responded


def _entry_no(root: strawberry.Parent[Any]) -> int:
    return int(root.id)


async def _logged_count(root: strawberry.Parent[m.LoggedSegment], info: strawberry.Info) -> int:
    return await logged_segment_counts(info.context.loaders).load(root.id)


async def _logged_interactions(root: strawberry.Parent[m.LoggedSegment], info: strawberry.Info,
                               first: First = None,
                               after: After = None) -> Connection[InteractionLogEntry]:
    return await _entries(info, "logged_segment_id", root.id, first, after)


async def _entries(info: strawberry.Info, column: str, parent: int, first: int | None,
                   after: str | None) -> Connection[InteractionLogEntry]:
    try:
        page = await entry_page(info.context.loaders, column, parent, first=first, after=after)
    except PaginationError as exc:
        raise bad_user_input(str(exc), exc.argument) from exc
    return Connection.from_page(page)


async def _campaign_entries(info: strawberry.Info, column: str, parent: int, first: int | None,
                            after: str | None) -> Connection[CampaignEntry]:
    try:
        page = await campaign_entry_page(info.context.loaders, column, parent, first, after)
    except PaginationError as exc:
        raise bad_user_input(str(exc), exc.argument) from exc
    return Connection.from_page(page)


async def _campaign_entries_of_campaign(root: strawberry.Parent[m.Campaign], info: strawberry.Info,
                                        first: First = None,
                                        after: After = None) -> Connection[CampaignEntry]:
    return await _campaign_entries(info, "campaign_id", root.id, first, after)


async def _campaign_entries_of_log(root: strawberry.Parent[m.LoggedSegment], info: strawberry.Info,
                                   first: First = None,
                                   after: After = None) -> Connection[CampaignEntry]:
    return await _campaign_entries(info, "logged_segment_id", root.id, first, after)


async def _logged_campaign_entry_count(root: strawberry.Parent[m.LoggedSegment], info: strawberry.Info) -> int:
    return await logged_campaign_entry_counts(info.context.loaders).load(root.id)


@strawberry.type(description="A marketing campaign: segments and interactions can be linked to it, as BC's Campaign.")
class Campaign(ModelNode):
    model: ClassVar = m.Campaign
    id: relay.NodeID[int]
    no: str = strawberry.field(description=terms.NO)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    starting_date: datetime.date | None = strawberry.field(description=terms.STARTING_DATE)
    ending_date: datetime.date | None = strawberry.field(description=terms.ENDING_DATE)
    salesperson: Salesperson | None = strawberry.field(
        resolver=_fk(SalespersonModel, "salesperson_id"), description=terms.SALESPERSON)
    target_contacts_contacted: int = strawberry.field(
        resolver=_targets, description="Non-canceled interactions of the campaign marked as campaign target."
    )
    contacts_responded: int = strawberry.field(
        resolver=_responses, description="Non-canceled interactions of the campaign marked as campaign response."
    )
    statistics: InteractionStatistics = _statistics("campaign_id", terms.STATISTICS)
    entries: Connection[CampaignEntry] = strawberry.field(
        resolver=_campaign_entries_of_campaign,
        description="The campaign's campaign entries (one per logged segment with lines of the campaign), in entry "
                    "order, canceled ones included.",
    )


@strawberry.type(description="A kind of interaction with its defaults (cost, duration, correspondence type, campaign): "
                             "what is logged when a segment is logged.")
class InteractionTemplate(ModelNode):
    model: ClassVar = m.InteractionTemplate
    id: relay.NodeID[int]
    code: str = strawberry.field(description=terms.CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    group: InteractionGroup = strawberry.field(
        resolver=_fk(m.InteractionGroup, "group_id"), description=terms.INTERACTION_GROUP)
    unit_cost_lcy: Decimal = strawberry.field(description=terms.UNIT_COST_LCY)
    unit_duration_min: int = strawberry.field(description=terms.UNIT_DURATION_MIN)
    information_flow: InformationFlow = strawberry.field(description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy = strawberry.field(description=terms.INITIATED_BY)
    campaign: Campaign | None = strawberry.field(resolver=_fk(m.Campaign, "campaign_id"), description=terms.CAMPAIGN)
    campaign_target: bool = strawberry.field(description=terms.CAMPAIGN_TARGET)
    campaign_response: bool = strawberry.field(description=terms.CAMPAIGN_RESPONSE)
    correspondence_type_default: CorrespondenceType = strawberry.field(description=terms.CORRESPONDENCE_TYPE_DEFAULT)
    ignore_contact_corres_type: bool = strawberry.field(description=terms.IGNORE_CONTACT_CORRES_TYPE)
    language_code_default: str | None = strawberry.field(description=terms.LANGUAGE_CODE_DEFAULT)
    statistics: InteractionStatistics = _statistics("template_id", terms.STATISTICS)
    languages: list[InteractionLanguage] = languages_field("template_id")


@strawberry.type(description="One interaction with one contact (a letter sent, a call made), as BC's Interaction Log "
                             "Entry; logging a segment writes one per line.")
class InteractionLogEntry(ModelNode):
    model: ClassVar = m.InteractionLogEntry
    id: relay.NodeID[int]
    contact: ContactRef | None = strawberry.field(resolver=_fk(ContactModel, "contact_id"), description=terms.CONTACT)
    contact_company: ContactRef | None = strawberry.field(
        resolver=_fk(ContactModel, "contact_company_id"), description=terms.CONTACT_COMPANY)
    date: datetime.date = strawberry.field(description=terms.DATE)
    description: str | None = strawberry.field(description=terms.DESCRIPTION)
    subject: str | None = strawberry.field(description=terms.SUBJECT)
    template: InteractionTemplate | None = strawberry.field(
        resolver=_fk(m.InteractionTemplate, "template_id"), description="The interaction template it was logged with.")
    group: InteractionGroup | None = strawberry.field(
        resolver=_fk(m.InteractionGroup, "group_id"), description=terms.INTERACTION_GROUP)
    information_flow: InformationFlow = strawberry.field(description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy = strawberry.field(description=terms.INITIATED_BY)
    cost_lcy: Decimal = strawberry.field(description=terms.COST_LCY)
    duration_min: int = strawberry.field(description=terms.DURATION_MIN)
    salesperson: Salesperson | None = strawberry.field(
        resolver=_fk(SalespersonModel, "salesperson_id"), description=terms.SALESPERSON)
    campaign: Campaign | None = strawberry.field(resolver=_fk(m.Campaign, "campaign_id"), description=terms.CAMPAIGN)
    campaign_entry: CampaignEntry | None = strawberry.field(
        resolver=_fk(m.CampaignEntry, "campaign_entry_id"),
        description="The campaign entry the interaction was logged under (BC's Campaign Entry No.); null without a "
                    "campaign, or when not logged from a segment.",
    )
    campaign_target: bool = strawberry.field(description=terms.CAMPAIGN_TARGET)
    campaign_response: bool = strawberry.field(description=terms.CAMPAIGN_RESPONSE)
    correspondence_type: CorrespondenceType = strawberry.field(description=terms.CORRESPONDENCE_TYPE)
    language_code: str | None = strawberry.field(description=terms.LANGUAGE_CODE)
    evaluation: Evaluation = strawberry.field(description=terms.EVALUATION)
    attempt_failed: bool = strawberry.field(description=terms.ATTEMPT_FAILED)
    canceled: bool = strawberry.field(description=terms.CANCELED)
    segment_no: str | None = strawberry.field(description=terms.SEGMENT_NO)
    logged_segment: LoggedSegment | None = strawberry.field(
        resolver=_fk(m.LoggedSegment, "logged_segment_id"),
        description="The logged segment it belongs to; null when it was recorded by itself or the logged segment was "
                    "deleted.",
    )
    entry_no: int = strawberry.field(resolver=_entry_no, description=terms.ENTRY_NO)
    delivery_status: DeliveryStatus = strawberry.field(
        description="NONE when not delivered (no deliver, or correspondence type NONE)."
    )
    delivery_error: str | None = strawberry.field(
        description="The last failure's reason while FAILED, or why a pending delivery was stopped."
    )
    content: InteractionLanguage | None = strawberry.field(
        resolver=_fk(InteractionLanguageModel, "content_id"),
        description="The language record (as logged) the interaction was delivered with; null without one.",
    )
    created_by: ApiKeyRef | None = created_by_field(
        "The API key whose request logged the interaction (BC's User ID), also when a worker wrote it for a "
        "large log; null when the command line made it or before keys were recorded.")


@strawberry.type(description="A segment once it was logged: its interaction log entries, cancelable together.")
class LoggedSegment(ModelNode):
    model: ClassVar = m.LoggedSegment
    id: relay.NodeID[int]
    segment_no: str = strawberry.field(description=terms.SEGMENT_NO)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    created_at: datetime.datetime = strawberry.field(description=terms.CREATED_AT)
    canceled: bool = strawberry.field(description=terms.CANCELED)
    send_word_docs_as_attmt: bool = strawberry.field(description=terms.SEND_WORD_DOCS_AS_ATTMT)
    entry_no: int = strawberry.field(resolver=_entry_no, description=terms.ENTRY_NO)
    created_by: ApiKeyRef | None = created_by_field("The API key whose request logged the segment (BC's User ID).")
    no_of_interactions: int = strawberry.field(
        resolver=_logged_count, description="Interactions whose canceled state equals the logged segment's (as BC)."
    )
    interactions: Connection[InteractionLogEntry] = strawberry.field(
        resolver=_logged_interactions, description="The interaction log entries written when the segment was logged.")
    no_of_campaign_entries: int = strawberry.field(
        resolver=_logged_campaign_entry_count,
        description="Campaign entries whose canceled state equals the logged segment's (as BC).",
    )
    campaign_entries: Connection[CampaignEntry] = strawberry.field(
        resolver=_campaign_entries_of_log,
        description="The campaign entries the log wrote, one per campaign of its lines, in entry order.",
    )


async def _campaign_entry_stats(root: m.CampaignEntry, info: strawberry.Info) -> EntryStatistics:
    return await campaign_entry_statistics(info.context.loaders).load(root.id)


async def _ce_count(root: strawberry.Parent[m.CampaignEntry], info: strawberry.Info) -> int:
    return (await _campaign_entry_stats(root, info)).no_of_interactions


async def _ce_cost(root: strawberry.Parent[m.CampaignEntry], info: strawberry.Info) -> Decimal:
    return (await _campaign_entry_stats(root, info)).cost_lcy


async def _ce_duration(root: strawberry.Parent[m.CampaignEntry], info: strawberry.Info) -> int:
    return (await _campaign_entry_stats(root, info)).duration_min


async def _ce_interactions(root: strawberry.Parent[m.CampaignEntry], info: strawberry.Info,
                           first: First = None, after: After = None) -> Connection[InteractionLogEntry]:
    return await _entries(info, "campaign_entry_id", root.id, first, after)


@strawberry.type(description="The interactions of one logged segment for one campaign (BC's Campaign Entry): "
                             "written by segmentLog, one per campaign of the lines; canceled and un-canceled with "
                             "its logged segment.")
class CampaignEntry(ModelNode):
    model: ClassVar = m.CampaignEntry
    id: relay.NodeID[int]
    entry_no: int = strawberry.field(resolver=_entry_no, description="BC's Entry No. of the campaign entry.")
    campaign: Campaign = strawberry.field(resolver=_fk(m.Campaign, "campaign_id"), description=terms.CAMPAIGN)
    date: datetime.date = strawberry.field(description="The date of the first line of the campaign in the segment.")
    description: str = strawberry.field(description="The logged segment's description.")
    salesperson: Salesperson | None = strawberry.field(
        resolver=_fk(SalespersonModel, "salesperson_id"),
        description="The salesperson of the first line of the campaign in the segment.",
    )
    segment_no: str | None = strawberry.field(description="The number of the segment that was logged.")
    logged_segment: LoggedSegment | None = strawberry.field(
        resolver=_fk(m.LoggedSegment, "logged_segment_id"),
        description="The logged segment that wrote it (BC's Register No.); null once that log was deleted.",
    )
    canceled: bool = strawberry.field(description="Set and cleared with its logged segment (the cancel cascades).")
    created_by: ApiKeyRef | None = created_by_field("The API key whose request logged it (BC's User ID).")
    no_of_interactions: int = strawberry.field(
        resolver=_ce_count, description="Its interactions whose canceled state equals its own (as BC)."
    )
    cost_lcy: Decimal = strawberry.field(
        resolver=_ce_cost, description="Sum of the cost of its interactions whose canceled state equals its own."
    )
    duration_min: int = strawberry.field(
        resolver=_ce_duration,
        description="Sum of the duration of its interactions whose canceled state equals its own.",
    )
    interactions: Connection[InteractionLogEntry] = strawberry.field(
        resolver=_ce_interactions, description="Its interaction log entries, in entry order, canceled ones included."
    )
