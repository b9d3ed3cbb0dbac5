"""What an interaction template gives the header and a line alike (BC §2.2 and §2.3), in one place."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from segmentum.models.enums import CorrespondenceType, InformationFlow, InitiatedBy
from segmentum.models.interactions import InteractionTemplate


@dataclass(frozen=True)
class TemplateDefaults:
    """The fields a template sets; without a template, the cleared values of the same fields."""

    template_id: int | None
    group_id: int | None
    description: str | None
    unit_cost_lcy: Decimal
    unit_duration_min: int
    information_flow: InformationFlow
    initiated_by: InitiatedBy
    campaign_id: int | None
    campaign_target: bool
    campaign_response: bool
    correspondence_type_default: CorrespondenceType
    ignore_contact_corres_type: bool
    language_code_default: str | None


def template_defaults(template: InteractionTemplate | None) -> TemplateDefaults:
    if template is None:
        return TemplateDefaults(
            template_id=None,
            group_id=None,
            description=None,
            unit_cost_lcy=Decimal("0.00"),
            unit_duration_min=0,
            information_flow=InformationFlow.NONE,
            initiated_by=InitiatedBy.NONE,
            campaign_id=None,
            campaign_target=False,
            campaign_response=False,
            correspondence_type_default=CorrespondenceType.NONE,
            ignore_contact_corres_type=False,
            language_code_default=None,
        )
    return TemplateDefaults(
        template_id=template.id,
        group_id=template.group_id,
        description=template.description,
        unit_cost_lcy=template.unit_cost_lcy,
        unit_duration_min=template.unit_duration_min,
        information_flow=template.information_flow,
        initiated_by=template.initiated_by,
        campaign_id=template.campaign_id,
        campaign_target=template.campaign_target,
        campaign_response=template.campaign_response,
        correspondence_type_default=template.correspondence_type_default,
        ignore_contact_corres_type=template.ignore_contact_corres_type,
        language_code_default=template.language_code_default,
    )
