"""Row generation for the demo contacts, their classifications and their past interactions.

Everything is drawn from one seeded random generator in a fixed order, so a seed gives the same data set.
Rows go to TableWriters; nothing here touches the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from segmentum.models.demo import data as D
from segmentum.models.demo.draw import Draw, cumulative, slug
from segmentum.models.demo.masters import Masters, Question, Template
from segmentum.models.demo.writer import TableWriter
from segmentum.models.enums import ContactType

CONTACT_COLUMNS = [
    "id", "no", "type", "name", "company_id", "company_name", "first_name", "surname", "job_title", "email",
    "phone_no", "mobile_phone_no", "address", "city", "post_code", "country_code", "language_code",
    "salesperson_id", "territory_id", "correspondence_type", "exclude_from_segment", "privacy_blocked",
    "created_at", "updated_at",
]
INTERACTION_COLUMNS = [
    "contact_id", "contact_company_id", "date", "description", "subject", "template_id", "group_id",
    "information_flow", "initiated_by", "cost_lcy", "duration_min", "salesperson_id", "campaign_id",
    "campaign_target", "campaign_response", "correspondence_type", "language_code", "evaluation",
    "attempt_failed", "canceled", "delivery_status", "created_at",
]
INTERACTIONS_PER_CONTACT = [0, 1, 2, 3, 4, 5, 6]
INTERACTIONS_WEIGHTS = [45, 27, 13, 8, 4, 2, 1]
EVALUATED = {"MEETING", "DEMO", "CALLIN"}
MAX_DAYS_AGO = 1500
MINUTES = [timedelta(minutes=m) for m in range(601)]


@dataclass
class Company:
    id: int
    name: str
    domain: str
    address: str
    city: tuple[str, str, str, str, str, str, int]
    salesperson_id: int | None
    territory_id: int | None
    days_ago: int


@dataclass
class Counts:
    companies: int = 0
    persons: int = 0
    independent_persons: int = 0
    excluded: int = 0
    privacy_blocked: int = 0


class ContactGenerator:
    def __init__(self, rng: random.Random, masters: Masters, today: date, dialect: str,
                 prefix: str, width: int, first_no: int) -> None:
        self.d, self.m, self.today = Draw(rng), masters, today
        self.prefix, self.width, self.next_no = prefix, width, first_no
        self.next_id = 1
        self.counts = Counts()
        w = lambda table, cols: TableWriter(table, cols, dialect)  # noqa: E731
        self.contacts = w("contact", CONTACT_COLUMNS)
        self.business_relations = w("contact_business_relation", ["contact_id", "business_relation_id"])
        self.industry_groups = w("contact_industry_group", ["contact_id", "industry_group_id"])
        self.mailing_groups = w("contact_mailing_group", ["contact_id", "mailing_group_id"])
        self.job_responsibilities = w("contact_job_responsibility", ["contact_id", "job_responsibility_id"])
        self.profile_answers = w("contact_profile_answer",
                                 ["contact_id", "questionnaire_id", "question_id", "answer_id"])
        self.interactions = w("interaction_log_entry", INTERACTION_COLUMNS)
        self.city_cw = cumulative([c[6] for c in D.CITIES])
        self.br_codes = [c for c, _, _ in D.BUSINESS_RELATIONS]
        self.br_cw = cumulative([wt for _, _, wt in D.BUSINESS_RELATIONS])
        self.industry_codes = [c for c, _ in D.INDUSTRY_GROUPS]
        self.n_interactions_cw = cumulative(INTERACTIONS_WEIGHTS)
        self.evaluation_cw = cumulative([2, 4, 3, 1, 1])
        self.templates = [_template_values(t) for t in masters.templates]
        self.template_cw = cumulative([t.weight for t in masters.templates])
        # Midnight-based stamps per day, so a row costs one addition instead of a datetime construction.
        self.days = [today - timedelta(days=n) for n in range(MAX_DAYS_AGO + 1)]
        self.mornings = [datetime.combine(day, time(8, 0), UTC) for day in self.days]

    def writers(self) -> list[TableWriter]:
        # Parents first: links and interactions refer to contacts written in the same flush.
        return [self.contacts, self.business_relations, self.industry_groups, self.mailing_groups,
                self.job_responsibilities, self.profile_answers, self.interactions]

    # ------------------------------------------------------------------ contacts
    def _take_id(self) -> tuple[int, str]:
        cid, no = self.next_id, f"{self.prefix}{self.next_no:0{self.width}d}"
        self.next_id += 1
        self.next_no += 1
        return cid, no

    def _flags(self) -> tuple[bool, bool]:
        excluded, blocked = self.d.chance(0.02), self.d.chance(0.01)
        self.counts.excluded += excluded
        self.counts.privacy_blocked += blocked
        return excluded, blocked

    def _corres(self, email: str | None) -> str:
        r = self.d.random()
        if email:
            return "EMAIL" if r < 0.7 else "HARD_COPY" if r < 0.9 else "NONE"
        return "HARD_COPY" if r < 0.6 else "NONE"

    def _phone(self, city: tuple[Any, ...]) -> str:
        d = self.d
        return f"{city[5]} {d.int(100, 999)} {d.int(10, 99)} {d.int(10, 99)}"

    def _address(self, city: tuple[Any, ...]) -> str:
        streets = D.STREETS_FR if city[4] in ("FRB", "FRA") else D.STREETS_DE if city[2] == "DE" else D.STREETS_NL
        return f"{self.d.pick(streets)} {self.d.int(1, 250)}"

    def _salesperson(self, city: tuple[Any, ...], chance: float) -> int | None:
        sales = D.TERRITORY_SALES.get(city[3])
        return self.m.salespeople.get(self.d.pick(sales)) if sales and self.d.chance(chance) else None

    def company(self) -> Company:
        d = self.d
        cid, no = self._take_id()
        city = d.weighted(D.CITIES, self.city_cw)
        pattern, industries = d.pick(D.COMPANY_PATTERNS)
        name = pattern.format(surname=d.pick(D.SURNAMES), brand=d.pick(D.BRAND_WORDS), city=city[0].title())
        domain = slug(name, "-") + D.TLDS.get(city[2], ".eu")
        email = f"info@{domain}" if d.chance(0.9) else None
        sp = self._salesperson(city, 0.9)
        territory = self.m.territories.get(city[3])
        days_ago = d.int(30, MAX_DAYS_AGO)
        stamp = self.mornings[days_ago] + MINUTES[d.int(0, 600)]
        company = Company(cid, name, domain, self._address(city), city, sp, territory, days_ago)
        excluded, blocked = self._flags()
        self.contacts.add((
            cid, no, "COMPANY", name, cid, name, None, None, None, email, self._phone(city), None,
            company.address, city[0], city[1], city[2], city[4], sp, territory, self._corres(email),
            excluded, blocked, stamp, stamp,
        ))
        self.counts.companies += 1
        self._company_classifications(cid, industries)
        self._mailing_groups(cid)
        self._profile(cid, ContactType.COMPANY, 0.7)
        self._interactions(cid, cid, sp, city[4])
        return company

    def person(self, company: Company | None) -> None:
        d = self.d
        cid, no = self._take_id()
        first, surname = d.pick(D.FIRST_NAMES), d.pick(D.SURNAMES)
        jobs = self._job_responsibilities(cid, 0.85 if company else 0.2)
        title = d.pick(jobs[0][2]) if jobs else None
        mobile = f"+32 47{d.int(0, 9)} {d.int(10, 99)} {d.int(10, 99)} {d.int(10, 99)}"
        if company is not None:
            city, address, sp, territory = company.city, company.address, company.salesperson_id, company.territory_id
            email = f"{slug(first)}.{slug(surname)}@{company.domain}" if d.chance(0.9) else None
            days_ago = d.int(max(0, company.days_ago - 400), company.days_ago)
            company_id, company_name = company.id, company.name
            self.counts.persons += 1
        else:
            city = d.weighted(D.CITIES, self.city_cw)
            address = self._address(city)
            sp = self._salesperson(city, 0.6)
            territory = self.m.territories.get(city[3])
            email = (f"{slug(first)}.{slug(surname)}{d.int(1, 99)}@{d.pick(D.MAIL_PROVIDERS)}"
                     if d.chance(0.75) else None)
            days_ago = d.int(0, 1200)
            company_id, company_name = None, None
            self.counts.independent_persons += 1
        stamp = self.mornings[days_ago] + MINUTES[d.int(0, 600)]
        excluded, blocked = self._flags()
        self.contacts.add((
            cid, no, "PERSON", f"{first} {surname}", company_id, company_name, first, surname, title, email,
            self._phone(city), mobile, address, city[0], city[1], city[2], city[4], sp, territory,
            self._corres(email), excluded, blocked, stamp, stamp,
        ))
        self._mailing_groups(cid)
        self._profile(cid, ContactType.PERSON, 0.35)
        self._interactions(cid, company_id, sp, city[4])

    # ------------------------------------------------------------------ classifications
    def _company_classifications(self, cid: int, industries: tuple[str, ...]) -> None:
        # Business relations and industry groups belong to companies only.
        d = self.d
        if d.chance(0.97):
            codes = {d.weighted(self.br_codes, self.br_cw)}
            if d.chance(0.15):
                codes.add(d.weighted(self.br_codes, self.br_cw))
            for code in sorted(codes):
                self.business_relations.add((cid, self.m.business_relations[code]))
        chosen = {d.pick(list(industries) or self.industry_codes)}
        if d.chance(0.2):
            chosen.add(d.pick(self.industry_codes))
        for code in sorted(chosen):
            self.industry_groups.add((cid, self.m.industry_groups[code]))

    def _mailing_groups(self, cid: int) -> None:
        for code, _, percent in D.MAILING_GROUPS:
            if self.d.random() * 100 < percent:
                self.mailing_groups.add((cid, self.m.mailing_groups[code]))

    def _job_responsibilities(self, cid: int, chance: float) -> list[tuple[str, str, list[str]]]:
        # Persons only.
        if not self.d.chance(chance):
            return []
        jobs = self.d.rng.sample(D.JOB_RESPONSIBILITIES, 2) if self.d.chance(0.25) else [
            self.d.pick(D.JOB_RESPONSIBILITIES)]
        for code, _, _ in jobs:
            self.job_responsibilities.add((cid, self.m.job_responsibilities[code]))
        return jobs

    def _profile(self, cid: int, ctype: ContactType, chance: float) -> None:
        d = self.d
        if not d.chance(chance):
            return
        question: Question
        for question in self.m.questions.get(ctype, []):
            if question.multiple:
                k = min(len(question.answer_ids), d.int(1, 3)) if d.chance(0.6) else 0
                answers = d.rng.sample(question.answer_ids, k) if k else []
            else:
                # A question without multiple answers gets one answer per contact.
                answers = [d.pick(question.answer_ids)] if d.chance(0.85) else []
            for answer in answers:
                self.profile_answers.add((cid, question.questionnaire_id, question.id, answer))

    # ------------------------------------------------------------------ interactions
    def _interactions(self, cid: int, company_id: int | None, sp: int | None, language: str) -> None:
        d = self.d
        for _ in range(d.weighted(INTERACTIONS_PER_CONTACT, self.n_interactions_cw)):
            t = d.weighted(self.templates, self.template_cw)
            if t.campaign_start is not None:
                day = min(self.today, t.campaign_start + timedelta(days=d.int(0, t.campaign_days)))
                days_ago = (self.today - day).days
            else:
                days_ago = d.int(0, 730)
            day = self.days[days_ago]
            subject = (d.pick(D.EMAIL_SUBJECTS) if t.code in ("EMAIL", "EMAILIN")
                       else f"Offer {day.year}-{d.int(100, 999)}" if t.code == "OFFER" else None)
            evaluation = d.weighted(D.EVALUATIONS, self.evaluation_cw) if t.code in EVALUATED else "NONE"
            stamp = self.mornings[days_ago] + MINUTES[d.int(60, 540)]
            self.interactions.add((
                cid, company_id, day, t.description, subject, t.id, t.group_id, t.flow, t.initiated_by, t.cost,
                t.minutes, sp, t.campaign_id, t.campaign_target, t.campaign_response, t.correspondence, language,
                evaluation, d.chance(t.failure_rate), d.chance(0.03), "NONE", stamp,
            ))


@dataclass
class _TemplateValues:
    # What an interaction copies from its template, read once.
    id: int
    code: str
    description: str
    group_id: int
    flow: str
    initiated_by: str
    cost: Any
    minutes: int
    campaign_id: int | None
    campaign_target: bool
    campaign_response: bool
    correspondence: str
    failure_rate: float
    campaign_start: date | None
    campaign_days: int


def _template_values(t: Template) -> _TemplateValues:
    tpl = t.template
    return _TemplateValues(
        tpl.id, tpl.code, tpl.description, tpl.group_id, str(tpl.information_flow), str(tpl.initiated_by),
        tpl.unit_cost_lcy, tpl.unit_duration_min, tpl.campaign_id, tpl.campaign_target, tpl.campaign_response,
        str(tpl.correspondence_type_default), t.failure_rate, t.campaign_start, t.campaign_days,
    )
