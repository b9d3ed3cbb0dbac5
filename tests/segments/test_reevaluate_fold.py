"""The folded replay (every action in one scan of contact) gives what replaying action by action gives, and a
re-evaluated segment ends as the same actions run today would leave a new segment.

Action lists are drawn at random (seeded) over every action kind and option, every kind of criteria source
(contact fields with NULLs, interactions with withinLastDays, a company's industry group, another segment's
lines), manual adds and removals, Reuse Logged Segment actions, duplicates allowed, on a crowd of companies,
people and independents. A re-evaluated segment is compared with Reuse Criteria of its actions on a fresh
segment: one replay semantics (models.worksheet.replay).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from segmentum.models import ContactIndustryGroup, IndustryGroup
from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, CorrespondenceType, SegmentAction
from segmentum.models.interactions import InteractionGroup, InteractionLogEntry, InteractionTemplate, LoggedSegment
from segmentum.models.segments import Segment, SegmentCriteriaAction, SegmentLine
from segmentum.models.sql import Params, dialect, fetch_all
from segmentum.models.worksheet import fold
from segmentum.models.worksheet.actions import add_contacts, remove_contacts
from segmentum.models.worksheet.fold import folded_counts_sql
from segmentum.models.worksheet.manual import add_line
from segmentum.models.worksheet.options import ActionOptions
from segmentum.models.worksheet.recording import drop_temp, lock_segment
from segmentum.models.worksheet.reevaluate import MEMBERS, reevaluate, replay
from segmentum.models.worksheet.saved import reuse_criteria, save_criteria
from tests.segments.stepwise_replay import stepwise_counts

CITIES = ["GENT", "BRUGGE", "LEUVEN", "AALST"]
OTHER = "OTHER"

CRITERIA: list[dict[str, Any]] = [
    {"contact": {"city": {"eq": "GENT"}}},
    {"contact": {"city": {"expr": "BRUGGE|AALST"}}},
    {"contact": {"type": "PERSON"}},
    {"contact": {"type": "COMPANY"}},
    {"contact": {"correspondence_type": ["EMAIL"]}},
    {"contact": {"job_title": {"eq": "CEO"}}},  # NULL job titles: unknown, no match
    {"contact": {"job_title": {"ne": "CEO"}}},
    {"contact": {"created_at": {"within_last_days": 30}}},
    {"interaction": {"date": {"within_last_days": 10}}},
    {"interaction": {"template_code": {"eq": "LETTER"}}},
    {"industry_group": {"code": {"eq": "RETAIL"}}},
    {"segment": {"segment_no": {"eq": OTHER}}},
    {"contact": {"city": {"eq": "LEUVEN"}}, "interaction": {"date": {"older_than_days": 30}}},
    {},
]
ADD_OPTIONS = ["allow_existing_contacts", "expand_companies", "allow_related_companies", "ignore_exclusion"]


@dataclass
class Crowd:
    people: list[Contact]  # never blocked for privacy: manual adds name them (the first is excluded)
    everyone: list[Contact]
    logged_id: int  # a logged segment: some entries canceled, one of a person whose company changed since


@pytest.fixture
async def crowd() -> Crowd:
    rng = random.Random(8)
    retail = await IndustryGroup.create(code="RETAIL", description="Retail")
    group = await InteractionGroup.create(code="MAIL", description="Mail")
    letter = await InteractionTemplate.create(code="LETTER", description="Letter", group_id=group.id)
    everyone: list[Contact] = []
    people: list[Contact] = []

    async def contact(no: str, type_: ContactType, company: Contact | None) -> Contact:
        c = await Contact.create(
            no=no, type=type_, name=no, city=rng.choice(CITIES), company_id=company.id if company else None,
            company_name=company.name if company else None, job_title=rng.choice([None, "CEO", "BUYER"]),
            correspondence_type=rng.choice(list(CorrespondenceType)),
            exclude_from_segment=rng.random() < 0.15,
        )
        if type_ == ContactType.COMPANY:
            c.company_id, c.company_name = c.id, no
            await c.save()
        everyone.append(c)
        return c

    for k in range(5):
        company = await contact(f"CO{k}", ContactType.COMPANY, None)
        if k < 2:
            await ContactIndustryGroup.create(contact_id=company.id, industry_group_id=retail.id)
        for j in range(rng.randint(3, 6)):
            people.append(await contact(f"P{k}{j}", ContactType.PERSON, company))
    for j in range(8):
        people.append(await contact(f"I{j}", ContactType.PERSON, None))
    for c in rng.sample(everyone, 5):
        if c not in people[:6]:
            await Contact.filter(id=c.id).update(privacy_blocked=True)
    for c in rng.sample(everyone, 12):
        await Contact.filter(id=c.id).update(created_at=datetime.now(UTC) - timedelta(days=400))
    for c in rng.sample(everyone, 18):
        await InteractionLogEntry.create(
            contact_id=c.id, contact_company_id=c.company_id, date=date.today() - timedelta(days=rng.choice([2, 90])),
            template_id=letter.id if rng.random() < 0.5 else None,
        )
    other = await Segment.create(no=OTHER, date=date.today())
    await add_contacts(other, Criteria.parse({"contact": {"city": {"eq": "LEUVEN"}}}))
    await Contact.filter(id=people[0].id).update(exclude_from_segment=True)
    logged = await LoggedSegment.create(segment_no="LOGGED", description="Logged")
    for i, c in enumerate(rng.sample(everyone, 12)):
        moved = c.company_id is not None and i % 4 == 0  # logged with another company than its own now
        await InteractionLogEntry.create(
            contact_id=c.id, contact_company_id=None if moved else c.company_id, date=date.today(),
            logged_segment_id=logged.id, canceled=i % 3 == 2,
        )
    fresh = {c.id: c for c in await Contact.all()}
    return Crowd(people=[fresh[c.id] for c in people[:6]], everyone=[fresh[c.id] for c in everyone],
                 logged_id=logged.id)


def draw_actions(rng: random.Random, crowd: Crowd) -> list[dict[str, Any]]:
    """1 to 7 actions, the first an Add (a segment without lines ignores what removes)."""
    actions: list[dict[str, Any]] = []
    for i in range(rng.randint(1, 7)):
        kind = SegmentAction.ADD if i == 0 else rng.choice(list(SegmentAction))
        if kind == SegmentAction.ADD and rng.random() < 0.15:  # Reuse Logged Segment
            actions.append({"action": kind, "manual": False, "reuse_logged": True,
                            "criteria": {"interaction": {"logged_segment_entry_no": {"eq": crowd.logged_id},
                                                         "canceled": False}},
                            "ignore_exclusion": rng.random() < 0.5})
            continue
        if rng.random() < 0.15:  # a manual line add or removal, by contact no.
            contact = rng.choice(crowd.people)
            kind = SegmentAction.ADD if kind == SegmentAction.ADD else SegmentAction.REDUCE
            actions.append({"action": kind, "criteria": {"contact": {"no": {"eq": contact.no}}}, "manual": True,
                            "contact": contact})
            continue
        criteria = rng.choice(CRITERIA)
        names = ADD_OPTIONS if kind == SegmentAction.ADD else ["entire_companies"]
        options = {name: rng.random() < 0.3 for name in names}
        actions.append({"action": kind, "criteria": criteria, "manual": False,
                        **ActionOptions.of({**options, "allow_no_filter": not criteria}).columns()})
    return actions


def recorded(spec: list[dict[str, Any]]) -> list[SegmentCriteriaAction]:
    return [SegmentCriteriaAction(segment_id=0, position=i + 1,
                                  **{k: v for k, v in a.items() if k != "contact"}) for i, a in enumerate(spec)]


async def folded_counts(actions: list[SegmentCriteriaAction]) -> set[tuple[int, int, int]]:
    p = Params()
    rows = await fetch_all(folded_counts_sql(actions, p), p)
    return {(int(r["contact_id"]), int(r["n"]), int(r["d"])) for r in rows}


async def test_the_folded_replay_counts_what_replaying_action_by_action_counts(crowd: Crowd) -> None:
    rng = random.Random(1)
    kinds_seen: set[tuple[str, str]] = set()
    for _ in range(60):
        spec = draw_actions(rng, crowd)
        actions = recorded(spec)
        expected = await stepwise_counts(actions)
        assert await folded_counts(actions) == expected, [(a.action, a.criteria, a.manual) for a in actions]
        last = actions[-1]
        kinds_seen.add((last.action.value, "added" if any(d > 0 for _, _, d in expected) else
                        "removed" if any(d < 0 for _, _, d in expected) else "none"))
        kinds_seen.update(("n", "several") for _, n, _ in expected if n > 1)
    # The draw covered lines removed and added by the last action, and contacts with several lines.
    assert {("ADD", "added"), ("REDUCE", "removed"), ("REFINE", "removed"), ("n", "several")} <= kinds_seen


async def test_a_segment_with_every_option_folds_to_the_stepwise_counts(crowd: Crowd) -> None:
    """One list holding each option once, then the same list ending on each kind of action."""
    person = crowd.people[0]
    spec: list[dict[str, Any]] = [
        {"action": SegmentAction.ADD, "criteria": CRITERIA[0], "expand_companies": True},
        {"action": SegmentAction.ADD, "criteria": CRITERIA[1], "allow_related_companies": True,
         "ignore_exclusion": True},
        {"action": SegmentAction.ADD, "criteria": CRITERIA[8], "allow_existing_contacts": True},
        {"action": SegmentAction.ADD, "criteria": {"contact": {"no": {"eq": person.no}}}, "manual": True},
        {"action": SegmentAction.REDUCE, "criteria": CRITERIA[10], "entire_companies": True},
        {"action": SegmentAction.REFINE, "criteria": CRITERIA[6], "entire_companies": True},
        {"action": SegmentAction.REFINE, "criteria": CRITERIA[11]},
        {"action": SegmentAction.ADD, "criteria": CRITERIA[3], "expand_companies": True,
         "allow_related_companies": True, "allow_existing_contacts": True},
    ]
    for end in range(1, len(spec) + 1):
        actions = recorded(spec[:end])
        expected = await stepwise_counts(actions)
        assert expected, end
        assert await folded_counts(actions) == expected, end


async def replayed_counts(actions: list[SegmentCriteriaAction]) -> set[tuple[int, int, int]]:
    empty = await Segment.get_or_create(no="EMPTY", defaults={"date": date.today()})
    async with in_transaction():
        await replay(empty[0], actions)
        rows = await fetch_all(f"SELECT contact_id, n, d FROM {MEMBERS} WHERE n > 0 OR d <> 0")
        await drop_temp(MEMBERS)
    return {(int(r["contact_id"]), int(r["n"]), int(r["d"])) for r in rows}


@pytest.mark.parametrize("limit", ["actions", "parameters"])
async def test_actions_folded_run_by_run_count_what_one_run_counts(
    crowd: Crowd, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    """Runs of two actions (or of a few bound values) each start from the counts the run before left."""
    if limit == "actions":
        monkeypatch.setattr(fold, "MAX_ACTIONS", {dialect(): 2})
    else:
        monkeypatch.setattr(fold, "MAX_PARAMETERS", 2)
    rng = random.Random(3)
    runs = 0
    for _ in range(25):
        actions = recorded(draw_actions(rng, crowd))
        runs = max(runs, len(fold.chunks(actions, dialect())))
        assert await replayed_counts(actions) == await stepwise_counts(actions)
    assert runs >= 3


async def test_a_segment_of_hundreds_of_manual_lines_is_replayed(crowd: Crowd) -> None:
    """More actions than one statement holds: 240 manual line adds and removals, and Adds of one contact that
    allow existing contacts (a manual add replays as an Add that does not)."""
    rng = random.Random(4)
    spec = [{"action": SegmentAction.ADD if rng.random() < 0.7 else SegmentAction.REDUCE, "manual": True,
             "criteria": {"contact": {"no": {"eq": rng.choice(crowd.everyone).no}}}} for _ in range(240)]
    for a in spec[::4]:
        if a["action"] == SegmentAction.ADD:
            a.update(manual=False, allow_existing_contacts=True)
    actions = recorded(spec)
    assert len(fold.chunks(actions, dialect())) == -(-240 // fold.MAX_ACTIONS[dialect()])
    expected = await stepwise_counts(actions)
    assert any(n > 1 for _, n, _ in expected)
    assert await replayed_counts(actions) == expected


async def build(no: str, spec: list[dict[str, Any]]) -> Segment:
    """A segment made by running the actions, as a user would have."""
    segment = await Segment.create(no=no, date=date.today())
    for a in spec:
        if a["manual"] and a["action"] == SegmentAction.ADD:
            await add_line(segment, a["contact"])
            continue
        options = ActionOptions.of(a)
        if a["action"] == SegmentAction.ADD:
            await add_contacts(segment, Criteria.parse(a["criteria"]), options, manual=a["manual"],
                               reuse_logged=a.get("reuse_logged", False))
        else:
            await remove_contacts(segment, Criteria.parse(a["criteria"]), refine=a["action"] == SegmentAction.REFINE,
                                  options=options, manual=a["manual"])
    return segment


async def members(segment: Segment) -> list[int]:
    return sorted(await SegmentLine.filter(segment_id=segment.id).values_list("contact_id", flat=True))


async def last_action_counts(segment: Segment) -> tuple[int, int]:
    last = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("-position").first()
    assert last is not None
    return last.lines_added, last.lines_removed


async def change_data(rng: random.Random, crowd: Crowd) -> None:
    """Moves, exclusions and privacy blocks change; an interaction is logged; the other segment grows."""
    for c in rng.sample(crowd.everyone, 10):
        await Contact.filter(id=c.id).update(city=rng.choice(CITIES))
    for c in rng.sample([c for c in crowd.everyone if c not in crowd.people], 3):
        await Contact.filter(id=c.id).update(exclude_from_segment=not c.exclude_from_segment,
                                             privacy_blocked=rng.random() < 0.5)
    c = rng.choice(crowd.everyone)
    await InteractionLogEntry.create(contact_id=c.id, contact_company_id=c.company_id, date=date.today())
    other = await Segment.get(no=OTHER)
    await add_contacts(other, Criteria.parse({"contact": {"city": {"eq": "AALST"}}}))


async def test_a_reevaluated_segment_has_the_lines_reuse_criteria_gives_a_fresh_segment(crowd: Crowd) -> None:
    """Per contact, as many lines as Reuse Criteria of the same actions, run today on a new segment, gives (line
    numbers aside); manual adds of excluded contacts and of contacts already on a line included."""
    rng = random.Random(2)
    by_hand_differs = reused_logged = 0
    for k in range(14):
        spec = draw_actions(rng, crowd)
        segment = await build(f"S{k}", spec)
        await change_data(rng, crowd)
        async with in_transaction():
            await reevaluate(await lock_segment(segment.id))
        await save_criteria(segment, f"C{k}", None)
        fresh = await Segment.create(no=f"T{k}", date=date.today())
        await reuse_criteria(fresh, f"C{k}", confirm_existing=True)
        assert await members(segment) == await members(fresh), [(a["action"], a["criteria"]) for a in spec]
        assert await last_action_counts(segment) == await last_action_counts(fresh)
        by_hand = await build(f"H{k}", spec)  # the same actions run by hand: manual adds do not check
        by_hand_differs += await members(by_hand) != await members(fresh)
        reused_logged += any(a.get("reuse_logged") for a in spec)
    # The draw held manual adds that a replay skips, and Reuse Logged Segment actions.
    assert by_hand_differs and reused_logged
