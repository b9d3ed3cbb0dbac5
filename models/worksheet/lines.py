"""Segment line columns and their initialisation from the header and the contact (BC §2.3), as SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from segmentum.models.enums import CorrespondenceType, Evaluation
from segmentum.models.interactions import InteractionTemplate
from segmentum.models.rules.content import language_sql
from segmentum.models.segments import Segment
from segmentum.models.sql import Params

# Every column of a line that history must keep to restore it exactly.
LINE_COLUMNS = (
    "line_no",
    "contact_id",
    "contact_company_id",
    "description",
    "date",
    "subject",
    "language_code",
    "salesperson_id",
    "interaction_template_id",
    "interaction_group_id",
    "cost_lcy",
    "duration_min",
    "correspondence_type",
    "information_flow",
    "initiated_by",
    "campaign_id",
    "campaign_target",
    "campaign_response",
    "evaluation",
    "attempt_failed",
)
LINE_COLUMN_LIST = ", ".join(LINE_COLUMNS)


@dataclass(frozen=True)
class LineDefaults:
    """What a new line takes from the segment header and its template."""

    segment_id: int
    description: str | None
    date: date
    subject: str | None
    language_code: str | None
    salesperson_id: int | None
    template_id: int | None
    group_id: int | None
    cost: Decimal
    duration: int
    flow: str
    initiated_by: str
    campaign_id: int | None
    campaign_target: bool
    campaign_response: bool
    corr_header_ignore: bool
    corr_header_default: str
    template_ignore: bool | None  # None: no template
    template_corr_default: str | None


async def line_defaults(segment: Segment) -> LineDefaults:
    template = (
        await InteractionTemplate.get_or_none(id=segment.interaction_template_id)
        if segment.interaction_template_id
        else None
    )
    return LineDefaults(
        segment_id=segment.id,
        description=segment.description,
        date=segment.date,
        subject=segment.subject_default,
        language_code=segment.language_code_default,
        salesperson_id=segment.salesperson_id,
        template_id=segment.interaction_template_id,
        group_id=segment.interaction_group_id,
        cost=segment.unit_cost_lcy,
        duration=segment.unit_duration_min,
        flow=segment.information_flow.value,
        initiated_by=segment.initiated_by.value,
        campaign_id=segment.campaign_id,
        campaign_target=segment.campaign_target,
        campaign_response=segment.campaign_response,
        corr_header_ignore=segment.ignore_contact_corres_type,
        corr_header_default=segment.correspondence_type_default.value,
        template_ignore=template.ignore_contact_corres_type if template else None,
        template_corr_default=template.correspondence_type_default.value if template else None,
    )


def correspondence_sql(d: LineDefaults, p: Params, contact: str = "c") -> str:
    """BC's decision: header default when the header ignores the contact's type (and has one);
    else the template default when the template ignores it or the contact has none; else the contact's."""
    if d.corr_header_ignore and d.corr_header_default != CorrespondenceType.NONE.value:
        return p.typed(d.corr_header_default, "VARCHAR")
    if d.template_ignore is not None:
        if d.template_ignore:
            return p.typed(d.template_corr_default, "VARCHAR")
        none = p.add(CorrespondenceType.NONE.value)
        return (
            f"CASE WHEN {contact}.correspondence_type = {none} "
            f"THEN {p.typed(d.template_corr_default, 'VARCHAR')} ELSE {contact}.correspondence_type END"
        )
    return f"{contact}.correspondence_type"


def init_select(d: LineDefaults, p: Params, line_no_sql: str, contact: str = "c",
                campaign_sql: str | None = None) -> str:
    """The SELECT list (in LINE_COLUMNS order) of a new line for contact alias `contact`; `campaign_sql` replaces
    the header's campaign (a reused logged segment's lines take their entry's)."""
    salesperson = p.typed(d.salesperson_id, "INTEGER") if d.salesperson_id is not None else f"{contact}.salesperson_id"
    values = [
        line_no_sql,
        f"{contact}.id",
        f"{contact}.company_id",
        p.typed(d.description, "VARCHAR"),
        p.typed(d.date, "DATE"),
        p.typed(d.subject, "VARCHAR"),
        # BC §2.3 step 2: the contact's language when the segment has a record for it, else the header default.
        language_sql(p.typed(d.segment_id, "INTEGER"), p.typed(d.language_code, "VARCHAR"), contact),
        salesperson,
        p.typed(d.template_id, "INTEGER"),
        p.typed(d.group_id, "INTEGER"),
        p.typed(d.cost, "NUMERIC"),
        p.typed(d.duration, "INTEGER"),
        correspondence_sql(d, p, contact),
        p.typed(d.flow, "VARCHAR"),
        p.typed(d.initiated_by, "VARCHAR"),
        campaign_sql if campaign_sql is not None else p.typed(d.campaign_id, "INTEGER"),
        p.typed(d.campaign_target, "BOOLEAN"),
        p.typed(d.campaign_response, "BOOLEAN"),
        p.typed(Evaluation.NONE.value, "VARCHAR"),
        p.typed(False, "BOOLEAN"),
    ]
    return ", ".join(values)


# BC orders new lines so that a company is followed by its persons.
NEW_LINE_ORDER = "COALESCE(c.company_name, ''), COALESCE(co.no, ''), c.type, c.name, c.no"
