"""Master data of the demo set: created by code when missing, existing records kept as they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from tortoise.models import Model

from segmentum.models.classifications import BUSINESS_RELATION, INDUSTRY_GROUP, JOB_RESPONSIBILITY, MAILING_GROUP
from segmentum.models.demo import data as D
from segmentum.models.enums import (
    ContactType,
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    NumberSeriesCode,
    ProfileLineType,
)
from segmentum.models.interactions import Campaign, InteractionGroup, InteractionTemplate
from segmentum.models.masters import (
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    Territory,
)
from segmentum.models.numbering import DEFAULTS
from segmentum.models.system import NumberSeries


@dataclass
class Question:
    id: int
    questionnaire_id: int
    multiple: bool
    answer_ids: list[int]


@dataclass
class Template:
    template: InteractionTemplate
    weight: int
    failure_rate: float
    campaign_start: date | None
    campaign_days: int


@dataclass
class Masters:
    salespeople: dict[str, int] = field(default_factory=dict)
    territories: dict[str, int] = field(default_factory=dict)
    business_relations: dict[str, int] = field(default_factory=dict)
    industry_groups: dict[str, int] = field(default_factory=dict)
    mailing_groups: dict[str, int] = field(default_factory=dict)
    job_responsibilities: dict[str, int] = field(default_factory=dict)
    # Questions per contact type (the questionnaire's own type).
    questions: dict[ContactType, list[Question]] = field(default_factory=dict)
    templates: list[Template] = field(default_factory=list)
    campaigns: int = 0


async def _by_code(model: type[Model], code: str, defaults: dict[str, Any], key: str = "code") -> int:
    obj, _ = await cast(Any, model).get_or_create(defaults=defaults, **{key: code})
    return int(obj.pk)


async def ensure_masters(today: date) -> Masters:
    m = Masters()
    for code, name, blocked in D.SALESPEOPLE:
        email = f"{name.split()[0].lower()}@{D.SALES_DOMAIN}"
        m.salespeople[code] = await _by_code(Salesperson, code, {"name": name, "email": email, "blocked": blocked})
    for code, name in D.TERRITORIES:
        m.territories[code] = await _by_code(Territory, code, {"name": name})
    for code, desc, _ in D.BUSINESS_RELATIONS:
        m.business_relations[code] = await _by_code(BUSINESS_RELATION.master, code, {"description": desc})
    for code, desc in D.INDUSTRY_GROUPS:
        m.industry_groups[code] = await _by_code(INDUSTRY_GROUP.master, code, {"description": desc})
    for code, desc, _ in D.MAILING_GROUPS:
        m.mailing_groups[code] = await _by_code(MAILING_GROUP.master, code, {"description": desc})
    for code, desc, _ in D.JOB_RESPONSIBILITIES:
        m.job_responsibilities[code] = await _by_code(JOB_RESPONSIBILITY.master, code, {"description": desc})
    for code, desc, ctype, questions in D.QUESTIONNAIRES:
        await _questionnaire(m, code, desc, ContactType(ctype), questions)
    campaign_ids = await _campaigns(m, today)
    groups = {code: await _by_code(InteractionGroup, code, {"description": desc})
              for code, desc in D.INTERACTION_GROUPS}
    for row in D.TEMPLATES:
        await _template(m, row, groups, campaign_ids, today)
    return m


async def _questionnaire(m: Masters, code: str, desc: str, ctype: ContactType, questions: list[Any]) -> None:
    q, created = await ProfileQuestionnaire.get_or_create(
        code=code, defaults={"description": desc, "contact_type": ctype}
    )
    if created:
        # As BC: one numbered sequence, each question directly followed by its answers.
        line_no = 0
        for text, multiple, answers in questions:
            line_no += 10000
            question = await ProfileQuestionnaireLine.create(
                questionnaire=q, line_no=line_no, type=ProfileLineType.QUESTION, description=text,
                multiple_answers=multiple,
            )
            for answer in answers:
                line_no += 10000
                await ProfileQuestionnaireLine.create(
                    questionnaire=q, line_no=line_no, type=ProfileLineType.ANSWER, description=answer,
                    question=question,
                )
    # Whatever the questionnaire holds (also one made by hand) is what contacts answer.
    lines = await ProfileQuestionnaireLine.filter(questionnaire_id=q.id).order_by("line_no")
    by_question: dict[int, Question] = {}
    for line in lines:
        if line.type == ProfileLineType.QUESTION:
            by_question[line.id] = Question(line.id, q.id, line.multiple_answers, [])
        elif line.question_id in by_question:
            by_question[line.question_id].answer_ids.append(line.id)
    usable = [question for question in by_question.values() if question.answer_ids]
    m.questions.setdefault(q.contact_type or ctype, []).extend(usable)


async def _campaigns(m: Masters, today: date) -> dict[int, tuple[int, date, int]]:
    prefix, width = DEFAULTS[NumberSeriesCode.CAMPAIGN]
    out: dict[int, tuple[int, date, int]] = {}
    for offset, desc, ago, days, sp in D.CAMPAIGNS:
        start = today - timedelta(days=ago)
        cid = await _by_code(Campaign, f"{prefix}{offset:0{width}d}", {
            "description": desc, "starting_date": start, "ending_date": start + timedelta(days=days),
            "salesperson_id": m.salespeople[sp],
        }, key="no")
        out[offset] = (cid, start, days)
    m.campaigns = len(D.CAMPAIGNS)
    return out


async def _template(m: Masters, row: tuple[Any, ...], groups: dict[str, int],
                    campaigns: dict[int, tuple[int, date, int]], today: date) -> None:
    code, desc, group, cost, minutes, flow, initiated, corres, campaign, target, response, weight, failures = row
    campaign_id, start, days = campaigns[campaign] if campaign else (None, None, 0)
    # Interactions copy the template as it is stored, also when it existed before the seed.
    template, _ = await InteractionTemplate.get_or_create(code=code, defaults={
        "description": desc, "group_id": groups[group], "unit_cost_lcy": cost, "unit_duration_min": minutes,
        "information_flow": InformationFlow(flow), "initiated_by": InitiatedBy(initiated),
        "correspondence_type_default": CorrespondenceType(corres), "campaign_id": campaign_id,
        "campaign_target": target, "campaign_response": response,
    })
    m.templates.append(Template(template, weight, failures, start, days))


async def number_series(code: NumberSeriesCode) -> NumberSeries:
    prefix, width = DEFAULTS[code]
    series, _ = await NumberSeries.get_or_create(code=code, defaults={"prefix": prefix, "width": width})
    return series


async def advance_number_series(last_contact_no: int, campaigns: int) -> None:
    """Numbers handed out by the seed are never handed out again."""
    for code, used in ((NumberSeriesCode.CONTACT, last_contact_no), (NumberSeriesCode.SEGMENT, 0),
                       (NumberSeriesCode.CAMPAIGN, campaigns)):
        series = await number_series(code)
        if series.last_no < used:
            series.last_no = used
            await series.save(update_fields=["last_no"])
