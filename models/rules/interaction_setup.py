"""Interaction templates and campaigns: the defaults that interactions are recorded with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from segmentum.models.enums import CorrespondenceType, ErrorCode, InformationFlow, InitiatedBy, NumberSeriesCode
from segmentum.models.errors import DomainError
from segmentum.models.interactions import (
    Campaign,
    CampaignEntry,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
)
from segmentum.models.numbering import assign_number
from segmentum.models.rules.common import (
    by_code,
    code_value,
    money,
    non_negative,
    optional_code,
    path,
    require_text,
    unique_code,
)
from segmentum.models.rules.masters import Reference, active_salesperson, ensure_unused
from segmentum.models.segments import Segment, SegmentLine, SegmentLineArchive

TEMPLATE_REFS: list[Reference] = [
    (InteractionLogEntry, "template_id", "interactions"),
    (Segment, "interaction_template_id", "segments"),
    (SegmentLine, "interaction_template_id", "segment lines"),
    (SegmentLineArchive, "interaction_template_id", "removed segment lines"),
]

CAMPAIGN_REFS: list[Reference] = [
    (InteractionTemplate, "campaign_id", "interaction templates"),
    (InteractionLogEntry, "campaign_id", "interactions"),
    (CampaignEntry, "campaign_id", "campaign entries"),
    (Segment, "campaign_id", "segments"),
    (SegmentLine, "campaign_id", "segment lines"),
    (SegmentLineArchive, "campaign_id", "removed segment lines"),
]

# An explicit null on a non-nullable template field puts back its initial value (BC's InitValue).
TEMPLATE_DEFAULTS: dict[str, Any] = {
    "information_flow": InformationFlow.NONE,
    "initiated_by": InitiatedBy.NONE,
    "campaign_target": False,
    "campaign_response": False,
    "correspondence_type_default": CorrespondenceType.EMAIL,
    "ignore_contact_corres_type": False,
}
ENUMS: dict[str, type] = {
    "information_flow": InformationFlow,
    "initiated_by": InitiatedBy,
    "correspondence_type_default": CorrespondenceType,
}


async def _group(code: Any) -> InteractionGroup:
    if code is None or not str(code).strip():
        raise DomainError(ErrorCode.REQUIRED, "Interaction group code must have a value.", path("groupCode"))
    group = await by_code(InteractionGroup, str(code), "groupCode")
    assert group is not None
    return group


async def _apply_template(template: InteractionTemplate, data: dict[str, Any]) -> None:
    """Validate and set every template field present in `data` (None = initial value)."""
    if "description" in data:
        template.description = require_text(data["description"], "description", 100, "Description")
    if "group_code" in data:
        template.group = await _group(data["group_code"])
    if "unit_cost_lcy" in data:
        template.unit_cost_lcy = money(data["unit_cost_lcy"], "unitCostLcy", "Unit cost") or Decimal("0.00")
    if "unit_duration_min" in data:
        template.unit_duration_min = non_negative(data["unit_duration_min"], "unitDurationMin", "Unit duration") or 0
    if "campaign_no" in data:
        template.campaign = await by_code(Campaign, data["campaign_no"], "campaignNo", field="no")
    if "language_code_default" in data:
        template.language_code_default = optional_code(
            data["language_code_default"], "languageCodeDefault", 10, "Language code"
        )
    for name, default in TEMPLATE_DEFAULTS.items():
        if name in data:
            value = default if data[name] is None else data[name]
            setattr(template, name, ENUMS[name](value) if name in ENUMS else bool(value))


async def create_template(data: dict[str, Any]) -> InteractionTemplate:
    code = code_value(data.get("code"))
    await unique_code(InteractionTemplate, code)
    template = InteractionTemplate(code=code, unit_cost_lcy=Decimal("0.00"))
    await _apply_template(template, {"description": None, "group_code": None, **data})
    await template.save()
    return template


async def update_template(template: InteractionTemplate, changes: dict[str, Any]) -> InteractionTemplate:
    await _apply_template(template, changes)
    await template.save()
    return template


async def delete_template(template: InteractionTemplate) -> None:
    await ensure_unused("Interaction template", template.code, template.id, TEMPLATE_REFS)
    await template.delete()


# ------------------------------------------------------------------------------------------ campaigns


def _check_period(starting: date | None, ending: date | None) -> None:
    if starting is not None and ending is not None and ending < starting:
        raise DomainError(
            ErrorCode.INVALID,
            f"Ending date {ending.isoformat()} is before starting date {starting.isoformat()}.",
            path("endingDate"),
        )


async def _apply_campaign(campaign: Campaign, data: dict[str, Any]) -> None:
    if "description" in data:
        campaign.description = require_text(data["description"], "description", 100, "Description")
    if "starting_date" in data:
        campaign.starting_date = data["starting_date"]
    if "ending_date" in data:
        campaign.ending_date = data["ending_date"]
    _check_period(campaign.starting_date, campaign.ending_date)
    if "salesperson_code" in data:
        campaign.salesperson = await active_salesperson(data["salesperson_code"])


async def create_campaign(data: dict[str, Any]) -> Campaign:
    campaign = Campaign(no=await assign_number(NumberSeriesCode.CAMPAIGN, Campaign, data.get("no")))
    await _apply_campaign(campaign, {"description": None, **data})
    await campaign.save()
    return campaign


async def update_campaign(campaign: Campaign, changes: dict[str, Any]) -> Campaign:
    await _apply_campaign(campaign, changes)
    await campaign.save()
    return campaign


async def delete_campaign(campaign: Campaign) -> None:
    await ensure_unused("Campaign", campaign.no, campaign.id, CAMPAIGN_REFS)
    await campaign.delete()
