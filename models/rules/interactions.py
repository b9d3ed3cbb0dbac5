"""After logging: recording one interaction by hand, evaluating, canceling and deleting canceled logs."""

from __future__ import annotations

from datetime import date
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.enums import CorrespondenceType, ErrorCode, Evaluation
from segmentum.models.errors import DomainError
from segmentum.models.interactions import (
    Campaign,
    CampaignEntry,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
)
from segmentum.models.log.delivery import stop_pending
from segmentum.models.log.references import lock_named
from segmentum.models.masters import Salesperson
from segmentum.models.rules.common import by_code, money, non_negative, optional_text, path
from segmentum.models.rules.masters import active_salesperson
from segmentum.models.sql import Params, execute, fetch_all
from segmentum.models.system import created_by


def correspondence_type(template: InteractionTemplate, contact: Contact) -> CorrespondenceType:
    """BC's decision: the template's default when it ignores the contact's type or the contact has none."""
    if template.ignore_contact_corres_type or contact.correspondence_type == CorrespondenceType.NONE:
        return CorrespondenceType(template.correspondence_type_default)
    return CorrespondenceType(contact.correspondence_type)


async def create_interaction(contact_id: int, data: dict[str, Any]) -> InteractionLogEntry:
    """One interaction with one contact, its defaults taken from the template unless given."""
    contact = await Contact.filter(id=contact_id).first()
    if contact is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Contact {contact_id} does not exist.", path("contactId"))
    if contact.privacy_blocked:
        raise DomainError(
            ErrorCode.PRIVACY_BLOCKED,
            f"You cannot use contact {contact.no} {contact.name} because they are marked as blocked due to privacy.",
            path("contactId"),
        )
    code = data.get("template_code")
    if code is None or not str(code).strip():
        raise DomainError(ErrorCode.REQUIRED, "Interaction template code must have a value.", path("templateCode"))
    template = await by_code(InteractionTemplate, code, "templateCode")
    assert template is not None

    if data.get("salesperson_code") is not None:
        salesperson_id: int | None = (await active_salesperson(data["salesperson_code"])).id  # type: ignore[union-attr]
    else:
        salesperson_id = await _contact_salesperson(contact)
    campaign_id = template.campaign_id
    if data.get("campaign_no") is not None:
        campaign = await by_code(Campaign, data["campaign_no"], "campaignNo", field="no")
        campaign_id = campaign.id if campaign else None

    cost = money(data.get("cost_lcy"), "costLcy", "Cost")
    duration = non_negative(data.get("duration_min"), "durationMin", "Duration")
    given_type = data.get("correspondence_type")
    entry = await InteractionLogEntry.create(
        contact_id=contact.id,
        contact_company_id=contact.company_id,
        date=data.get("date") or date.today(),
        description=optional_text(data.get("description"), "description", 100, "Description") or template.description,
        subject=optional_text(data.get("subject"), "subject", 100, "Subject"),
        template_id=template.id,
        group_id=template.group_id,
        information_flow=template.information_flow,
        initiated_by=template.initiated_by,
        cost_lcy=template.unit_cost_lcy if cost is None else cost,
        duration_min=template.unit_duration_min if duration is None else duration,
        salesperson_id=salesperson_id,
        campaign_id=campaign_id,
        campaign_target=template.campaign_target,
        campaign_response=template.campaign_response,
        correspondence_type=(
            CorrespondenceType(given_type) if given_type is not None else correspondence_type(template, contact)
        ),
        language_code=template.language_code_default or contact.language_code,
        evaluation=Evaluation(data.get("evaluation") or Evaluation.NONE),
        attempt_failed=bool(data.get("attempt_failed") or False),
        created_by_id=created_by(),
    )
    # The contact, company, template, group, salesperson and campaign it names stay until it commits.
    await lock_named("id", entry.id)
    return entry


async def _contact_salesperson(contact: Contact) -> int | None:
    # The contact's salesperson is the default, but a blocked one is never assigned.
    if contact.salesperson_id is None:
        return None
    salesperson = await Salesperson.filter(id=contact.salesperson_id).first()
    return None if salesperson is None or salesperson.blocked else salesperson.id


async def set_entry_canceled(entry: InteractionLogEntry, canceled: bool) -> InteractionLogEntry:
    if not canceled and entry.canceled:
        # As BC: an entry cannot come back while the log it belongs to stays canceled.
        if (
            entry.logged_segment_id is not None
            and await LoggedSegment.filter(id=entry.logged_segment_id, canceled=True).exists()
        ):
            segment = await LoggedSegment.get(id=entry.logged_segment_id)
            raise DomainError(
                ErrorCode.CONFLICT,
                f"Interaction {entry.id} cannot be un-canceled while logged segment {segment.segment_no} is canceled.",
                path("canceled"),
            )
        if (
            entry.campaign_entry_id is not None
            and await CampaignEntry.filter(id=entry.campaign_entry_id, canceled=True).exists()
        ):
            raise DomainError(
                ErrorCode.CONFLICT,
                f"Interaction {entry.id} cannot be un-canceled while campaign entry {entry.campaign_entry_id} "
                "is canceled.",
                path("canceled"),
            )
    entry.canceled = canceled
    await entry.save(update_fields=["canceled"])
    if canceled:
        await stop_pending(entry_id=entry.id)
        await entry.refresh_from_db(fields=["delivery_status", "delivery_error"])
    return entry


async def evaluate_entry(entry: InteractionLogEntry, evaluation: Any) -> InteractionLogEntry:
    entry.evaluation = Evaluation(evaluation)
    await entry.save(update_fields=["evaluation"])
    return entry


async def set_logged_segment_canceled(segment: LoggedSegment, canceled: bool) -> LoggedSegment:
    """The new state cascades to the segment's interactions and campaign entries; canceling stops the deliveries
    that have not happened yet."""
    segment.canceled = canceled
    await segment.save(update_fields=["canceled"])
    await InteractionLogEntry.filter(logged_segment_id=segment.id).update(canceled=canceled)
    await CampaignEntry.filter(logged_segment_id=segment.id).update(canceled=canceled)
    if canceled:
        await stop_pending(logged_segment_id=segment.id)
    return segment


async def delete_canceled_logged_segments(ids: list[int] | None) -> list[int]:
    """Delete canceled logged segments (all, or those among `ids`); their entries stay, unlinked. Returns the
    IDs deleted, in order."""
    p = Params()
    cond = "canceled = " + p.add(True)
    if ids is not None:
        if not ids:
            return []
        cond += " AND id IN " + p.add_list(ids)
    victims = f"SELECT id FROM logged_segment WHERE {cond}"
    # The same bound values serve all three statements, which share one condition text.
    for table in ("interaction_log_entry", "campaign_entry"):
        await execute(f"UPDATE {table} SET logged_segment_id = NULL WHERE logged_segment_id IN ({victims})", p)
    rows = await fetch_all(f"DELETE FROM logged_segment WHERE {cond} RETURNING id", p)
    return sorted(int(r["id"]) for r in rows)
