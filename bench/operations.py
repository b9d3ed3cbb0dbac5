"""The benchmarked worksheet operations: their criteria, the segments they start from, and each side's call.

Starting states are built once, committed, through Segmentum: an empty segment, the segment after (a) Add,
after (b) Reduce, after (c) Refine, and saved criteria holding those three actions. Every measured run
then works on its own starting segment inside a transaction that is rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from tortoise.transactions import in_transaction

from bench import handwritten as hw
from bench import minimal as mn
from segmentum.models.criteria import Criteria
from segmentum.models.interactions import InteractionTemplate
from segmentum.models.segments import SavedSegmentCriteria, Segment
from segmentum.models.worksheet import actions, saved, undo
from segmentum.models.worksheet.actions import ActionResult
from segmentum.models.worksheet.options import ActionOptions
from segmentum.models.worksheet.recording import lock_segment

CITIES = ["GENT", "BRUGGE", "ANTWERPEN", "BRUSSEL"]
INDUSTRIES = ["RETAIL", "WHOLESALE"]
EVALUATIONS = ["NEUTRAL", "NEGATIVE", "VERY_NEGATIVE"]
JOBS = ["PURCHASE", "MANAGEMENT"]
ADD_CRITERIA: dict[str, Any] = {
    "contact": {"city": {"expr": "|".join(CITIES)}},
    "industry_group": {"code": {"in": INDUSTRIES}},
}
REDUCE_CRITERIA: dict[str, Any] = {"interaction": {"evaluation": EVALUATIONS, "canceled": False}}
REFINE_CRITERIA: dict[str, Any] = {"job_responsibility": {"code": {"in": JOBS}}}
SAVED_CODE = "BENCH3"
PREFIX = "BENCH-"

Ours = Callable[[Segment], Awaitable[ActionResult]]
Hand = Callable[[asyncpg.Connection, int], Awaitable[dict[str, int]]]


async def ours_add(seg: Segment) -> ActionResult:
    return await actions.add_contacts(seg, Criteria.parse(ADD_CRITERIA), ActionOptions(expand_companies=True))


async def ours_reduce(seg: Segment) -> ActionResult:
    return await actions.remove_contacts(seg, Criteria.parse(REDUCE_CRITERIA), refine=False)


async def ours_refine(seg: Segment) -> ActionResult:
    options = ActionOptions(entire_companies=True)
    return await actions.remove_contacts(seg, Criteria.parse(REFINE_CRITERIA), refine=True, options=options)


async def ours_go_back(seg: Segment) -> ActionResult:
    return await undo.go_back(seg)


async def ours_reuse(seg: Segment) -> ActionResult:
    return await saved.reuse_criteria(seg, SAVED_CODE, False)


async def hand_add(conn: asyncpg.Connection, seg: int) -> dict[str, int]:
    await hw.lock(conn, seg)
    return await hw.add(conn, seg, ADD_CRITERIA, CITIES, INDUSTRIES)


async def hand_reduce(conn: asyncpg.Connection, seg: int, *, locked: bool = False) -> dict[str, int]:
    if not locked:
        await hw.lock(conn, seg)
    return await hw.remove(conn, seg, REDUCE_CRITERIA, hw.REDUCE, EVALUATIONS, "REDUCE", False)


async def hand_refine(conn: asyncpg.Connection, seg: int, *, locked: bool = False) -> dict[str, int]:
    if not locked:
        await hw.lock(conn, seg)
    return await hw.remove(conn, seg, REFINE_CRITERIA, hw.REFINE_ENTIRE, JOBS, "REFINE", True)


async def hand_go_back(conn: asyncpg.Connection, seg: int) -> dict[str, int]:
    await hw.lock(conn, seg)
    return await hw.go_back(conn, seg)


async def hand_reuse(conn: asyncpg.Connection, seg: int) -> dict[str, int]:
    """Replay the saved actions; the hand-written SQL exists for the benchmark's own three actions only."""
    await hw.lock(conn, seg)
    total: dict[str, int] = {}
    for a in await hw.saved_actions(conn, seg, SAVED_CODE):
        key = (a["action"], json.loads(a["criteria"]), a["expand_companies"], a["entire_companies"])
        if key == ("ADD", ADD_CRITERIA, True, False) and not (a["allow_existing_contacts"] or a["ignore_exclusion"]
                                                              or a["allow_related_companies"]):
            step = await hw.add(conn, seg, ADD_CRITERIA, CITIES, INDUSTRIES)
        elif key == ("REDUCE", REDUCE_CRITERIA, False, False):
            step = await hand_reduce(conn, seg, locked=True)
        elif key == ("REFINE", REFINE_CRITERIA, False, True):
            step = await hand_refine(conn, seg, locked=True)
        else:
            raise RuntimeError(f"no hand-written SQL for saved action {dict(a)}")
        for k, v in step.items():
            total[k] = total.get(k, 0) + v
    return total


async def min_add(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await mn.add(conn, seg, CITIES, INDUSTRIES, floor)


async def min_reduce(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await mn.reduce(conn, seg, EVALUATIONS, floor)


async def min_refine(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await mn.refine(conn, seg, JOBS, floor)


async def min_reuse(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await min_add(conn, seg, floor)
    await min_reduce(conn, seg, floor)
    await min_refine(conn, seg, floor)


# (connection, segment id, floor): with floor, on the copy of segment_line without keys (bench.floor).
Minimal = Callable[[asyncpg.Connection, int, bool], Awaitable[None]]


@dataclass(frozen=True)
class Operation:
    key: str
    label: str
    start: str  # which starting segment
    ours: Ours
    hand: Hand
    minimal: Minimal  # the statements that change segment_line alone; on a key-less copy: the write floor


OPERATIONS = [
    Operation("add", "(a) Add: industry group + city, expand, exclusion", "EMPTY", ours_add, hand_add, min_add),
    Operation("reduce", "(b) Reduce: interaction evaluation", "A", ours_reduce, hand_reduce, min_reduce),
    Operation("refine", "(c) Refine: job resp., entire companies", "B", ours_refine, hand_refine, min_refine),
    Operation("go_back", "(d) Go Back of (c)", "C", ours_go_back, hand_go_back, mn.go_back),
    Operation("reuse", "(e) Reuse saved criteria (3 actions)", "EMPTY", ours_reuse, hand_reuse, min_reuse),
    Operation("go_back_add", "(f) Go Back of (a)", "A", ours_go_back, hand_go_back, mn.go_back_add),
]


async def _header(no: str) -> Segment:
    """A segment header as the API creates it from a template: template defaults, campaign, language."""
    letter = await InteractionTemplate.get(code="LETTER")
    return await Segment.create(
        no=no, description="Spring offer by letter", date=date.today(), interaction_template_id=letter.id,
        interaction_group_id=letter.group_id, unit_cost_lcy=letter.unit_cost_lcy,
        unit_duration_min=letter.unit_duration_min, information_flow=letter.information_flow,
        initiated_by=letter.initiated_by, campaign_id=1, campaign_target=True, subject_default="Our spring offer",
        language_code_default="NLB",
    )


async def _committed(segment_id: int, op: Ours) -> None:
    async with in_transaction():
        await op(await lock_segment(segment_id))


async def build_starting_segments(needed: set[str] | None = None) -> dict[str, int]:
    """Remove the previous run's segments, then build EMPTY and those of A, B, C that `needed` names (all by
    default; at 5,000,000 contacts each is minutes of work) and, with C, the saved criteria."""
    await Segment.filter(no__startswith=PREFIX).delete()
    await SavedSegmentCriteria.filter(code=SAVED_CODE).delete()
    steps: list[Ours] = [ours_add, ours_reduce, ours_refine]
    ids = {"EMPTY": (await _header(PREFIX + "EMPTY")).id}
    for n, name in enumerate(("A", "B", "C"), start=1):
        if needed is not None and name not in needed:
            continue
        seg = await _header(PREFIX + name)
        for step in steps[:n]:
            await _committed(seg.id, step)
        ids[name] = seg.id
    if "C" in ids:
        async with in_transaction():
            await saved.save_criteria(await lock_segment(ids["C"]), SAVED_CODE, "Benchmark: add, reduce, refine")
    return ids
