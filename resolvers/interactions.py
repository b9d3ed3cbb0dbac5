"""Interactions: their setup (interaction groups and templates, campaigns) and the interaction log (logged
segments and their entries: listing with a filter, canceling, evaluating, recording one interaction)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from segmentum.models.criteria import Criteria
from segmentum.models.enums import CriteriaSource
from segmentum.models.errors import DomainError
from segmentum.models.interactions import (
    Campaign,
    CampaignEntry,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
)
from segmentum.models.line_references import guard_line_references
from segmentum.models.rules import interaction_setup as setup_rules
from segmentum.models.rules import interactions as log_rules
from segmentum.models.rules import masters as master_rules
from segmentum.models.sql import Params
from segmentum.resolvers.commands import CampaignFields, CodeDescriptionFields, InteractionFields, TemplateFields
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import Page, keyset_page
from segmentum.resolvers.records import by_key, locked, page_by

# ------------------------------------------------------------------------------------ groups


async def groups_page(first: int | None, after: str | None, last: int | None,
                      before: str | None) -> Page[InteractionGroup]:
    return await page_by(InteractionGroup, "code", first, after, last, before)


def group_by_code(loaders: Loaders, code: str) -> Awaitable[InteractionGroup | None]:
    return by_key(loaders, InteractionGroup, code)


async def create_group(new: CodeDescriptionFields) -> InteractionGroup:
    return await master_rules.create_code_description(InteractionGroup, new.given())


async def update_group(global_id: Any, changes: CodeDescriptionFields) -> InteractionGroup:
    group = await locked(InteractionGroup, global_id)
    return await master_rules.update_code_description(group, changes.given())


async def delete_group(global_id: Any) -> Any:
    await guard_line_references()  # before the record's row lock (models.line_references)
    await master_rules.delete_code_description(await locked(InteractionGroup, global_id))
    return global_id


# ------------------------------------------------------------------------------------ templates


async def templates_page(first: int | None, after: str | None, last: int | None,
                         before: str | None) -> Page[InteractionTemplate]:
    return await page_by(InteractionTemplate, "code", first, after, last, before)


def template_by_code(loaders: Loaders, code: str) -> Awaitable[InteractionTemplate | None]:
    return by_key(loaders, InteractionTemplate, code)


async def create_template(new: TemplateFields) -> InteractionTemplate:
    return await setup_rules.create_template(new.given())


async def update_template(global_id: Any, changes: TemplateFields) -> InteractionTemplate:
    return await setup_rules.update_template(await locked(InteractionTemplate, global_id), changes.given())


async def delete_template(global_id: Any) -> Any:
    await guard_line_references()
    await setup_rules.delete_template(await locked(InteractionTemplate, global_id))
    return global_id


# ------------------------------------------------------------------------------------ campaigns


async def campaigns_page(first: int | None, after: str | None, last: int | None,
                         before: str | None) -> Page[Campaign]:
    return await page_by(Campaign, "no", first, after, last, before)


def campaign_by_no(loaders: Loaders, no: str) -> Awaitable[Campaign | None]:
    return by_key(loaders, Campaign, no, "no")


async def create_campaign(new: CampaignFields) -> Campaign:
    return await setup_rules.create_campaign(new.given())


async def update_campaign(global_id: Any, changes: CampaignFields) -> Campaign:
    return await setup_rules.update_campaign(await locked(Campaign, global_id), changes.given())


async def delete_campaign(global_id: Any) -> Any:
    await guard_line_references()
    await setup_rules.delete_campaign(await locked(Campaign, global_id))
    return global_id


# ------------------------------------------------------------------------------------ the log


async def logged_segments_page(first: int | None, after: str | None) -> Page[LoggedSegment]:
    return await page_by(LoggedSegment, None, first, after)


def logged_segment_by_no(loaders: Loaders, segment_no: str) -> Awaitable[LoggedSegment | None]:
    return by_key(loaders, LoggedSegment, segment_no, "segment_no")


async def entries_page(first: int | None, after: str | None,
                       conditions: dict[str, Any] | None) -> Page[InteractionLogEntry]:
    """Entries in entry order; `conditions` (the INTERACTION source of the criteria engine) hold for the entry
    itself. A malformed condition is a DomainError naming it."""
    if not conditions:
        return await page_by(InteractionLogEntry, None, first, after)
    try:
        flt = Criteria.parse({"interaction": conditions}, ("filter",)).of(CriteriaSource.INTERACTION)
    except DomainError as exc:
        for error in exc.errors:  # the filter is the INTERACTION source itself: filter.date, not filter.interaction
            if error.field and error.field[:2] == ["filter", "interaction"]:
                error.field = ["filter", *error.field[2:]]
        raise

    def where(p: Params) -> str:
        return " AND ".join(flt.conditions_on("t", p, None)) if flt else "1 = 1"

    return await keyset_page(InteractionLogEntry, where=where, order=[], first=first, after=after)


def entry_by_no(loaders: Loaders, entry_no: int) -> Awaitable[InteractionLogEntry | None]:
    return loaders.by_id(InteractionLogEntry).load(entry_no)


def campaign_entry_by_no(loaders: Loaders, entry_no: int) -> Awaitable[CampaignEntry | None]:
    return loaders.by_id(CampaignEntry).load(entry_no)


async def set_logged_segment_canceled(global_id: Any, canceled: bool) -> LoggedSegment:
    return await log_rules.set_logged_segment_canceled(await locked(LoggedSegment, global_id), canceled)


async def delete_canceled_logged_segments(global_ids: list[Any] | None) -> list[int]:
    """Every canceled logged segment, or those of `global_ids` (input.ids); the IDs deleted."""
    ids = None
    if global_ids is not None:
        ids = [decode_id(gid, "LoggedSegment", "ids", str(i)) for i, gid in enumerate(global_ids)]
    return await log_rules.delete_canceled_logged_segments(ids)


async def set_entry_canceled(global_id: Any, canceled: bool) -> InteractionLogEntry:
    return await log_rules.set_entry_canceled(await locked(InteractionLogEntry, global_id), canceled)


async def evaluate_entry(global_id: Any, evaluation: Any) -> InteractionLogEntry:
    return await log_rules.evaluate_entry(await locked(InteractionLogEntry, global_id), evaluation)


async def create_interaction(new: InteractionFields) -> InteractionLogEntry:
    return await log_rules.create_interaction(decode_id(new.contact_id, "Contact", "contactId"), new.given())
