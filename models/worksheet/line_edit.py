"""Editing one segment line's fields (personalisation); a contact change goes through manual.change_contact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.enums import CorrespondenceType, ErrorCode, Evaluation
from segmentum.models.errors import DomainError
from segmentum.models.interactions import Campaign, InteractionTemplate
from segmentum.models.rules.common import by_code, money, non_negative, optional_text, path
from segmentum.models.rules.masters import active_salesperson
from segmentum.models.rules.segments import check_campaign_flags
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.worksheet.template_defaults import TemplateDefaults, template_defaults


async def apply_template(segment: Segment, line: SegmentLine, template: InteractionTemplate | None) -> None:
    """Setting or clearing a line's template (BC's Segment Line field 7): every interaction field is reset and
    taken from the template. The template's description replaces the line's only when the line's is empty or
    the line had another template; the campaign is the header's, else the template's, else the line keeps its
    own (clearing the template keeps it too); the language is the template's (the header's default when the
    template is the header's); the subject is cleared."""
    t = template_defaults(template)
    if template is not None and (
        not line.description
        or (line.interaction_template_id is not None and line.interaction_template_id != template.id)
    ):
        line.description = t.description
    old_correspondence = line.correspondence_type
    line.interaction_template_id = t.template_id
    line.interaction_group_id = t.group_id
    line.cost_lcy = t.unit_cost_lcy
    line.duration_min = t.unit_duration_min
    line.information_flow = t.information_flow
    line.initiated_by = t.initiated_by
    line.campaign_target = t.campaign_target
    line.campaign_response = t.campaign_response
    line.subject = None
    if template is None:
        line.language_code = None
        line.correspondence_type = CorrespondenceType.NONE
        return
    line.campaign_id = segment.campaign_id or t.campaign_id or line.campaign_id
    # The template has no languages of its own beyond its default (a contact's language only counts where the
    # template has it): the header's template brings the header's default language, any other template its own.
    same = template.id == segment.interaction_template_id
    line.language_code = segment.language_code_default if same else t.language_code_default
    contact = await Contact.get(id=line.contact_id)
    line.correspondence_type = _correspondence(segment, t, contact, old_correspondence)


def _correspondence(segment: Segment, t: TemplateDefaults, contact: Contact,
                    old: CorrespondenceType) -> CorrespondenceType:
    """BC's SetCorrespondenceType: the header's default when the header ignores the contact's type (and has one);
    else the template's default when the template ignores it, or the contact has none and the template one;
    else the contact's type, and without one the line keeps what it had."""
    none = CorrespondenceType.NONE
    if segment.ignore_contact_corres_type and segment.correspondence_type_default != none:
        return CorrespondenceType(segment.correspondence_type_default)
    if t.ignore_contact_corres_type or (contact.correspondence_type == none and t.correspondence_type_default != none):
        return CorrespondenceType(t.correspondence_type_default)
    if contact.correspondence_type != none:
        return CorrespondenceType(contact.correspondence_type)
    return old


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
    check_campaign_flags(changes, line.campaign_id)
    if "evaluation" in changes:
        line.evaluation = Evaluation(changes["evaluation"] or "NONE")
    await line.save()
    return line
