"""Interaction groups and templates, campaigns, logged segments and interaction log entries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from strawberry import relay

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models import interactions as m
from models.contacts import Contact as ContactModel
from models.content import InteractionLanguage as InteractionLanguageModel
from models.enums import CorrespondenceType, DeliveryStatus, Evaluation, InformationFlow, InitiatedBy
from models.masters import Salesperson as SalespersonModel
from resolvers.interaction_loaders import (
    EntryStatistics,
    campaign_entry_page,
    campaign_entry_statistics,
    entry_page,
    entry_statistics,
    logged_campaign_entry_counts,
    logged_segment_counts,
)
from resolvers.loaders import load_fk
from resolvers.pagination import PaginationError
from schema.audit.created_by import ApiKeyRef, created_by_field
from schema.errors import bad_user_input
from schema.interactions.content import InteractionLanguage, languages_field
from schema.masters.salespeople import Salesperson
from schema.relay import Connection, ModelNode

if TYPE_CHECKING:
    from schema.contacts.types import Contact

ContactRef = Annotated["Contact", strawberry.lazy("schema.contacts.types")]


@strawberry.type
class InteractionStatistics:
    """Over the non-canceled interactions."""

    no_of_interactions: int
    cost_lcy: Decimal
    duration_min: int


def _statistics(column: str) -> Any:
    async def statistics(root: strawberry.Parent[Any], info: strawberry.Info) -> InteractionStatistics:
        stats = await entry_statistics(info.context.loaders, column).load(root.id)
        return InteractionStatistics(no_of_interactions=stats.no_of_interactions, cost_lcy=stats.cost_lcy,
                                     duration_min=stats.duration_min)

    return strawberry.field(resolver=statistics)


def _fk(model: type, attr: str) -> Any:
    """A field reaching another table through the per-request loader of `model`."""

    # No return annotation: the field's own annotation gives the GraphQL type.
    async def resolve(root: strawberry.Parent[Any], info: strawberry.Info):  # type: ignore[no-untyped-def]
        return await load_fk(info.context.loaders, model, getattr(root, attr))

    return resolve


@strawberry.type
class InteractionGroup(ModelNode):
    model: ClassVar = m.InteractionGroup
    id: relay.NodeID[int]
    code: str
    description: str
    statistics: InteractionStatistics = _statistics("group_id")


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
                               first: int | None = None,
                               after: str | None = None) -> Connection[InteractionLogEntry]:
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
                                        first: int | None = None,
                                        after: str | None = None) -> Connection[CampaignEntry]:
    return await _campaign_entries(info, "campaign_id", root.id, first, after)


async def _campaign_entries_of_log(root: strawberry.Parent[m.LoggedSegment], info: strawberry.Info,
                                   first: int | None = None,
                                   after: str | None = None) -> Connection[CampaignEntry]:
    return await _campaign_entries(info, "logged_segment_id", root.id, first, after)


async def _logged_campaign_entry_count(root: strawberry.Parent[m.LoggedSegment], info: strawberry.Info) -> int:
    return await logged_campaign_entry_counts(info.context.loaders).load(root.id)


@strawberry.type
class Campaign(ModelNode):
    model: ClassVar = m.Campaign
    id: relay.NodeID[int]
    no: str
    description: str
    starting_date: datetime.date | None
    ending_date: datetime.date | None
    salesperson: Salesperson | None = strawberry.field(resolver=_fk(SalespersonModel, "salesperson_id"))
    target_contacts_contacted: int = strawberry.field(
        resolver=_targets, description="Non-canceled interactions of the campaign marked as campaign target."
    )
    contacts_responded: int = strawberry.field(
        resolver=_responses, description="Non-canceled interactions of the campaign marked as campaign response."
    )
    statistics: InteractionStatistics = _statistics("campaign_id")
    entries: Connection[CampaignEntry] = strawberry.field(
        resolver=_campaign_entries_of_campaign,
        description="The campaign's campaign entries (one per logged segment with lines of the campaign), in entry "
                    "order, canceled ones included.",
    )


@strawberry.type
class InteractionTemplate(ModelNode):
    model: ClassVar = m.InteractionTemplate
    id: relay.NodeID[int]
    code: str
    description: str
    group: InteractionGroup = strawberry.field(resolver=_fk(m.InteractionGroup, "group_id"))
    unit_cost_lcy: Decimal
    unit_duration_min: int
    information_flow: InformationFlow
    initiated_by: InitiatedBy
    campaign: Campaign | None = strawberry.field(resolver=_fk(m.Campaign, "campaign_id"))
    campaign_target: bool
    campaign_response: bool
    correspondence_type_default: CorrespondenceType
    ignore_contact_corres_type: bool
    language_code_default: str | None
    statistics: InteractionStatistics = _statistics("template_id")
    languages: list[InteractionLanguage] = languages_field("template_id")


@strawberry.type
class InteractionLogEntry(ModelNode):
    model: ClassVar = m.InteractionLogEntry
    id: relay.NodeID[int]
    contact: ContactRef | None = strawberry.field(resolver=_fk(ContactModel, "contact_id"))
    contact_company: ContactRef | None = strawberry.field(resolver=_fk(ContactModel, "contact_company_id"))
    date: datetime.date
    description: str | None
    subject: str | None
    template: InteractionTemplate | None = strawberry.field(resolver=_fk(m.InteractionTemplate, "template_id"))
    group: InteractionGroup | None = strawberry.field(resolver=_fk(m.InteractionGroup, "group_id"))
    information_flow: InformationFlow
    initiated_by: InitiatedBy
    cost_lcy: Decimal
    duration_min: int
    salesperson: Salesperson | None = strawberry.field(resolver=_fk(SalespersonModel, "salesperson_id"))
    campaign: Campaign | None = strawberry.field(resolver=_fk(m.Campaign, "campaign_id"))
    campaign_entry: CampaignEntry | None = strawberry.field(
        resolver=_fk(m.CampaignEntry, "campaign_entry_id"),
        description="The campaign entry the interaction was logged under (BC's Campaign Entry No.); null without a "
                    "campaign, or when not logged from a segment.",
    )
    campaign_target: bool
    campaign_response: bool
    correspondence_type: CorrespondenceType
    language_code: str | None
    evaluation: Evaluation
    attempt_failed: bool
    canceled: bool
    segment_no: str | None
    logged_segment: LoggedSegment | None = strawberry.field(
        resolver=_fk(m.LoggedSegment, "logged_segment_id")
    )
    entry_no: int = strawberry.field(resolver=_entry_no)
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


@strawberry.type
class LoggedSegment(ModelNode):
    model: ClassVar = m.LoggedSegment
    id: relay.NodeID[int]
    segment_no: str
    description: str
    created_at: datetime.datetime
    canceled: bool
    send_word_docs_as_attmt: bool
    entry_no: int = strawberry.field(resolver=_entry_no)
    created_by: ApiKeyRef | None = created_by_field("The API key whose request logged the segment (BC's User ID).")
    no_of_interactions: int = strawberry.field(
        resolver=_logged_count, description="Interactions whose canceled state equals the logged segment's (as BC)."
    )
    interactions: Connection[InteractionLogEntry] = strawberry.field(resolver=_logged_interactions)
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
                           first: int | None = None, after: str | None = None) -> Connection[InteractionLogEntry]:
    return await _entries(info, "campaign_entry_id", root.id, first, after)


@strawberry.type(description="The interactions of one logged segment for one campaign (BC's Campaign Entry): "
                             "written by segmentLog, one per campaign of the lines; canceled and un-canceled with "
                             "its logged segment.")
class CampaignEntry(ModelNode):
    model: ClassVar = m.CampaignEntry
    id: relay.NodeID[int]
    entry_no: int = strawberry.field(resolver=_entry_no, description="BC's Entry No. of the campaign entry.")
    campaign: Campaign = strawberry.field(resolver=_fk(m.Campaign, "campaign_id"))
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
