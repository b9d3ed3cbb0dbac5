"""Segment headers: create, update with propagation to lines (BC §2.1–2.2), delete."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from segmentum.models.criteria import Criteria
from segmentum.models.enums import (
    CorrespondenceType,
    ErrorCode,
    InformationFlow,
    InitiatedBy,
    NumberSeriesCode,
    SegmentKind,
)
from segmentum.models.errors import DomainError
from segmentum.models.interactions import Campaign, InteractionTemplate
from segmentum.models.numbering import assign_number
from segmentum.models.rules.common import by_code, money, non_negative, optional_code, optional_text, path
from segmentum.models.rules.content import assign_line_languages, copy_template_languages, language_sql
from segmentum.models.rules.masters import active_salesperson
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, dialect, execute, null_safe_equal
from segmentum.models.worksheet.dependencies import check_no_self_reading
from segmentum.models.worksheet.lines import correspondence_sql, line_defaults
from segmentum.models.worksheet.store import delete_segment_rows
from segmentum.models.worksheet.template_defaults import template_defaults

DEFAULT_REFRESH_MINUTES = 60

# Header field -> line column, for propagation (BC §2.2).
PROPAGATED = {
    "description": "description",
    "campaign_id": "campaign_id",
    "salesperson_id": "salesperson_id",
    "unit_cost_lcy": "cost_lcy",
    "unit_duration_min": "duration_min",
    "date": "date",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "interaction_group_id": "interaction_group_id",
}
PG_TYPES = {
    "description": "VARCHAR",
    "campaign_id": "INTEGER",
    "salesperson_id": "INTEGER",
    "cost_lcy": "NUMERIC",
    "duration_min": "INTEGER",
    "date": "DATE",
    "campaign_target": "BOOLEAN",
    "campaign_response": "BOOLEAN",
    "information_flow": "VARCHAR",
    "initiated_by": "VARCHAR",
    "interaction_group_id": "INTEGER",
    "correspondence_type": "VARCHAR",
    "subject": "VARCHAR",
}


CAMPAIGN_FLAGS = {"campaign_target": "campaignTarget", "campaign_response": "campaignResponse"}


def check_campaign_flags(data: dict[str, Any], campaign_id: int | None) -> None:
    """Campaign Target and Campaign Response mark a campaign's contacts and responses: set by hand on a segment or
    line without a campaign, they mean nothing (BC's page only enables them with a campaign). Copied from a
    template they stay as BC copies them."""
    if campaign_id is not None:
        return
    for flag, name in CAMPAIGN_FLAGS.items():
        if data.get(flag):
            raise DomainError(ErrorCode.INVALID, f"{name} needs a campaign: give campaignNo too, or leave "
                              f"{name} out.", path(name))


def _copy_template(segment: Segment, template: InteractionTemplate | None) -> None:
    """Validating the header template copies its defaults; clearing it resets them and keeps the campaign."""
    t = template_defaults(template)
    segment.interaction_template_id = t.template_id
    segment.interaction_group_id = t.group_id
    segment.language_code_default = t.language_code_default
    segment.unit_cost_lcy = t.unit_cost_lcy
    segment.unit_duration_min = t.unit_duration_min
    segment.information_flow = t.information_flow
    segment.initiated_by = t.initiated_by
    segment.campaign_target = t.campaign_target
    segment.campaign_response = t.campaign_response
    segment.correspondence_type_default = t.correspondence_type_default
    segment.ignore_contact_corres_type = t.ignore_contact_corres_type
    segment.subject_default = None
    if t.campaign_id is not None:
        segment.campaign_id = t.campaign_id


async def _apply(segment: Segment, data: dict[str, Any]) -> None:
    """Set the given header fields (template first, so explicit values override its defaults)."""
    if "interaction_template_code" in data:
        template = await by_code(InteractionTemplate, data["interaction_template_code"], "interactionTemplateCode")
        _copy_template(segment, template)
    if "description" in data:
        segment.description = optional_text(data["description"], "description", 100, "Description")
    if "date" in data:
        if data["date"] is None:
            raise DomainError(ErrorCode.REQUIRED, "Date must have a value.", path("date"))
        segment.date = data["date"]
    if "kind" in data and data["kind"] is not None:
        kind = SegmentKind(data["kind"])
        if kind == SegmentKind.DYNAMIC and segment.kind != kind and segment.id is not None:
            recorded = SegmentCriteriaAction.filter(segment_id=segment.id).values_list("criteria", flat=True)
            for criteria in await recorded:
                await check_no_self_reading(segment, Criteria.stored(criteria), kind=kind, field=path("kind"))  # type: ignore[arg-type]
        segment.kind = kind
    if "refresh_interval_minutes" in data:
        minutes = data["refresh_interval_minutes"]
        if minutes is not None and minutes < 1:
            raise DomainError(
                ErrorCode.INVALID,
                f"refreshIntervalMinutes must be at least 1, got {minutes}.",
                path("refreshIntervalMinutes"),
            )
        segment.refresh_interval_minutes = minutes
    if segment.kind == SegmentKind.DYNAMIC and segment.refresh_interval_minutes is None:
        segment.refresh_interval_minutes = DEFAULT_REFRESH_MINUTES
    if "salesperson_code" in data:
        sp = await active_salesperson(data["salesperson_code"])
        segment.salesperson_id = sp.id if sp else None
    if "campaign_no" in data:
        campaign = await by_code(Campaign, data["campaign_no"], "campaignNo", field="no")
        segment.campaign_id = campaign.id if campaign else None
        if campaign is None:
            segment.campaign_target = segment.campaign_response = False
    for flag in ("campaign_target", "campaign_response", "ignore_contact_corres_type", "send_word_docs_as_attmt"):
        if flag in data and data[flag] is not None:
            setattr(segment, flag, bool(data[flag]))
    check_campaign_flags(data, segment.campaign_id)
    if "unit_cost_lcy" in data:
        segment.unit_cost_lcy = money(data["unit_cost_lcy"], "unitCostLcy", "Unit cost") or Decimal("0.00")
    if "unit_duration_min" in data:
        segment.unit_duration_min = non_negative(data["unit_duration_min"], "unitDurationMin", "Unit duration") or 0
    if data.get("information_flow") is not None:
        segment.information_flow = InformationFlow(data["information_flow"])
    if data.get("initiated_by") is not None:
        segment.initiated_by = InitiatedBy(data["initiated_by"])
    if "correspondence_type_default" in data:
        segment.correspondence_type_default = CorrespondenceType(data["correspondence_type_default"] or "NONE")
    if "subject_default" in data:
        segment.subject_default = optional_text(data["subject_default"], "subjectDefault", 100, "Subject")
    if "language_code_default" in data:
        segment.language_code_default = optional_code(data["language_code_default"], "languageCodeDefault", 10,
                                                      "Language code")


async def create_segment(data: dict[str, Any]) -> Segment:
    no = await assign_number(NumberSeriesCode.SEGMENT, Segment, data.get("no"))
    segment = Segment(no=no, date=data.get("date") or date.today())
    await _apply(segment, {k: v for k, v in data.items() if k not in ("no", "date")})
    await segment.save()
    if segment.interaction_template_id is not None:
        await copy_template_languages(segment)
    return segment


async def update_segment(segment: Segment, changes: dict[str, Any], apply_to_lines: bool = True) -> Segment:
    before = {
        f: getattr(segment, f)
        for f in (*PROPAGATED, "interaction_template_id", "subject_default", "correspondence_type_default")
    }
    language_before = segment.language_code_default
    await _apply(segment, changes)
    await segment.save()
    template_changed = segment.interaction_template_id != before["interaction_template_id"]
    if template_changed:
        await copy_template_languages(segment)
    if apply_to_lines:
        await _propagate(segment, before)
        if not template_changed and segment.language_code_default != language_before:
            await assign_line_languages(segment)
    return segment


def _same(column: str, value_sql: str) -> str:
    return f"{column} {null_safe_equal(dialect())} {value_sql}"


# Header fields a template change does not re-derive: when they change with it, they still reach the lines.
NOT_FROM_TEMPLATE = ("description", "date", "salesperson_id")


async def _propagate(segment: Segment, before: dict[str, Any]) -> None:
    old_template = before["interaction_template_id"]
    changed = [f for f in PROPAGATED if getattr(segment, f) != before[f]]
    if segment.interaction_template_id != old_template:
        # Every line now carries the header template; the other changed fields go to every line too.
        await _rederive_template_fields(segment)
        old_template = segment.interaction_template_id
        changed = [f for f in changed if f in NOT_FROM_TEMPLATE]
        before = {**before, "subject_default": segment.subject_default,
                  "correspondence_type_default": segment.correspondence_type_default}
    p = Params()
    sets = [f"{PROPAGATED[f]} = {p.typed(_db(getattr(segment, f)), PG_TYPES[PROPAGATED[f]])}" for f in changed]
    if (
        segment.correspondence_type_default != before["correspondence_type_default"]
        and segment.correspondence_type_default != CorrespondenceType.NONE
    ):
        sets.append(f"correspondence_type = {p.typed(segment.correspondence_type_default.value, 'VARCHAR')}")
    where = f"segment_id = {p.add(segment.id)} AND {_same('interaction_template_id', p.typed(old_template, 'INTEGER'))}"
    if sets:
        await execute(f"UPDATE segment_line SET {', '.join(sets)} WHERE {where}", p)
    if segment.subject_default != before["subject_default"]:
        q = Params()
        await execute(
            f"UPDATE segment_line SET subject = {q.typed(segment.subject_default, 'VARCHAR')} "
            f"WHERE segment_id = {q.add(segment.id)} AND "
            f"{_same('interaction_template_id', q.typed(old_template, 'INTEGER'))} AND "
            f"{_same('subject', q.typed(before['subject_default'], 'VARCHAR'))}",
            q,
        )


async def _rederive_template_fields(segment: Segment) -> None:
    """A template change re-derives every template-driven field of every line (BC only rewrites a few)."""
    d = await line_defaults(segment)
    p = Params()
    corr = correspondence_sql(d, p, "c")
    sets = {
        "interaction_template_id": p.typed(d.template_id, "INTEGER"),
        "interaction_group_id": p.typed(d.group_id, "INTEGER"),
        "cost_lcy": p.typed(d.cost, "NUMERIC"),
        "duration_min": p.typed(d.duration, "INTEGER"),
        "information_flow": p.typed(d.flow, "VARCHAR"),
        "initiated_by": p.typed(d.initiated_by, "VARCHAR"),
        "campaign_target": p.typed(d.campaign_target, "BOOLEAN"),
        "campaign_response": p.typed(d.campaign_response, "BOOLEAN"),
        "campaign_id": p.typed(d.campaign_id, "INTEGER"),
        "language_code": f"(SELECT {language_sql(p.typed(segment.id, 'INTEGER'), p.typed(d.language_code, 'VARCHAR'))} "
                         "FROM contact c WHERE c.id = segment_line.contact_id)",
        "subject": p.typed(d.subject, "VARCHAR"),
        "correspondence_type": f"(SELECT {corr} FROM contact c WHERE c.id = segment_line.contact_id)",
    }
    await execute(
        f"UPDATE segment_line SET {', '.join(f'{k} = {v}' for k, v in sets.items())} "
        f"WHERE segment_id = {p.add(segment.id)}",
        p,
    )


def _db(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


async def delete_segment(segment: Segment) -> None:
    """`segment` is row-locked (lock_segment), so no action writes its lines meanwhile."""
    await delete_segment_rows(segment.id)
    await segment.delete()
