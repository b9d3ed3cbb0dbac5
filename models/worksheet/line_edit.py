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
from models.worksheet.template_defaults import template_defaults


async def apply_template(segment: Segment, line: SegmentLine, template: InteractionTemplate | None) -> None:
    """Setting or clearing a line's template resets every interaction field and takes them from the template;
    a new template brings its description too (BC: when the template changes or the description is empty)."""
    t = template_defaults(template)
    if template is not None and (template.id != line.interaction_template_id or not line.description):
        line.description = t.description
    line.interaction_template_id = t.template_id
    line.interaction_group_id = t.group_id
    line.cost_lcy = t.unit_cost_lcy
    line.duration_min = t.unit_duration_min
    line.information_flow = t.information_flow
    line.initiated_by = t.initiated_by
    line.campaign_target = t.campaign_target
    line.campaign_response = t.campaign_response
    line.campaign_id = segment.campaign_id or t.campaign_id
    line.correspondence_type = CorrespondenceType.NONE
    if template is not None:
        contact = await Contact.get(id=line.contact_id)
        if t.ignore_contact_corres_type or contact.correspondence_type == CorrespondenceType.NONE:
            line.correspondence_type = t.correspondence_type_default
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
