"""Editing one segment line's fields (personalisation); a contact change goes through manual.change_contact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from models.contacts import Contact
from models.enums import CorrespondenceType, ErrorCode, Evaluation
from models.errors import DomainError
from models.interactions import Campaign, InteractionTemplate
from models.rules.common import by_code, money, non_negative, optional_text, path
from models.rules.masters import active_salesperson
from models.segments import Segment, SegmentLine


async def apply_template(segment: Segment, line: SegmentLine, template: InteractionTemplate | None) -> None:
    """Setting a template on a line resets every interaction field and takes them from the template."""
    line.interaction_template_id = template.id if template else None
    line.interaction_group_id = template.group_id if template else None
    line.cost_lcy = template.unit_cost_lcy if template else Decimal("0.00")
    line.duration_min = template.unit_duration_min if template else 0
    line.information_flow = template.information_flow if template else line.information_flow
    line.initiated_by = template.initiated_by if template else line.initiated_by
    line.campaign_target = template.campaign_target if template else False
    line.campaign_response = template.campaign_response if template else False
    line.campaign_id = segment.campaign_id or (template.campaign_id if template else None)
    if template is not None:
        if not line.description:
            line.description = template.description
        contact = await Contact.get(id=line.contact_id)
        if template.ignore_contact_corres_type or contact.correspondence_type == CorrespondenceType.NONE:
            line.correspondence_type = template.correspondence_type_default
        else:
            line.correspondence_type = contact.correspondence_type


async def update_line(segment: Segment, line: SegmentLine, changes: dict[str, Any]) -> SegmentLine:
    if "interaction_template_code" in changes:
        template = await by_code(InteractionTemplate, changes["interaction_template_code"], "interactionTemplateCode")
        await apply_template(segment, line, template)
    if "description" in changes:
        line.description = optional_text(changes["description"], "description", 100, "Description")
    if "date" in changes:
        if changes["date"] is None:
            raise DomainError(ErrorCode.REQUIRED, "Date must have a value.", path("date"))
        line.date = changes["date"]
    if "subject" in changes:
        line.subject = optional_text(changes["subject"], "subject", 100, "Subject")
    if "salesperson_code" in changes:
        sp = await active_salesperson(changes["salesperson_code"])
        line.salesperson_id = sp.id if sp else None
    if "cost_lcy" in changes:
        line.cost_lcy = money(changes["cost_lcy"], "costLcy", "Cost") or Decimal("0.00")
    if "duration_min" in changes:
        line.duration_min = non_negative(changes["duration_min"], "durationMin", "Duration") or 0
    if "correspondence_type" in changes:
        line.correspondence_type = CorrespondenceType(changes["correspondence_type"] or "NONE")
    if "campaign_no" in changes:
        campaign = await by_code(Campaign, changes["campaign_no"], "campaignNo", field="no")
        line.campaign_id = campaign.id if campaign else None
    for flag in ("campaign_target", "campaign_response", "attempt_failed"):
        if changes.get(flag) is not None:
            setattr(line, flag, bool(changes[flag]))
    if "evaluation" in changes:
        line.evaluation = Evaluation(changes["evaluation"] or "NONE")
    await line.save()
    return line
