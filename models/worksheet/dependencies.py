"""Which segments a segment reads through the SEGMENT criteria source: the graph, its one walk, an order that
respects it, and the check that a DYNAMIC segment does not read itself.

The graph has one node per segment and is read from the recorded actions (a few rows per segment), never
from contacts or lines, so walking it in Python is cheap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from segmentum.models.criteria import Criteria
from segmentum.models.enums import ErrorCode, SegmentKind
from segmentum.models.errors import DomainError
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, fetch_all

# From a set of segments to the segments one edge away.
Step = Callable[[set[int]], Awaitable[set[int]]]


async def segments_read(criteria: Criteria) -> set[int]:
    """The ids of the segments whose lines the criteria's SEGMENT filter reads."""
    p = Params()
    sql = criteria.segments_read_sql(p)
    return set() if sql is None else {int(r["id"]) for r in await fetch_all(sql, p)}


async def segment_reads(segment_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """segment id -> the ids of the segments its actions read (itself left out)."""
    query = SegmentCriteriaAction.all()
    if segment_ids is not None:
        query = query.filter(segment_id__in=list(segment_ids))
    reads: dict[int, set[int]] = {}
    for action in await query.only("segment_id", "criteria"):
        if action.criteria and action.criteria.get("segment"):
            found = await segments_read(Criteria.stored(action.criteria))
            reads.setdefault(action.segment_id, set()).update(found - {action.segment_id})
    return reads


async def reach(start: Iterable[int], step: Step) -> set[int]:
    """The one walk of the graph: `start` and every segment reached from it, edge by edge."""
    found: set[int] = set()
    frontier = set(start)
    while frontier:
        found |= frontier
        frontier = await step(frontier) - found
    return found


def reading(reads: dict[int, set[int]]) -> Step:
    """Along the edges: the segments the frontier reads."""
    async def step(frontier: set[int]) -> set[int]:
        return {r for s in frontier for r in reads.get(s, ())}
    return step


def readers(reads: dict[int, set[int]]) -> Step:
    """Against the edges: the segments that read the frontier."""
    async def step(frontier: set[int]) -> set[int]:
        return {s for s, read in reads.items() if read & frontier}
    return step


async def _recorded_reading(frontier: set[int]) -> set[int]:
    """Along the edges, read from the recorded actions of the frontier only."""
    return {r for read in (await segment_reads(frontier)).values() for r in read}


async def dependents(changed: Iterable[int], reads: dict[int, set[int]]) -> set[int]:
    """Every segment that reads one of `changed`, directly or through a chain."""
    step = readers(reads)
    return await reach(await step(set(changed)), step)


async def ancestors(segment_id: int, reads: dict[int, set[int]]) -> set[int]:
    """Every segment `segment_id` reads, directly or through a chain."""
    return await reach(reads.get(segment_id, ()), reading(reads))


def topological(nodes: Iterable[int], reads: dict[int, set[int]]) -> list[int]:
    """`nodes` ordered so that a segment comes after the segments it reads (ties by id).

    Reads outside `nodes` are ignored; a cycle (refused for DYNAMIC segments, possible between STATIC ones)
    is broken at its lowest id, so every node is returned once.
    """
    pending = set(nodes)
    order: list[int] = []
    while pending:
        ready = sorted(n for n in pending if not (reads.get(n, set()) & pending))
        step = ready or [min(pending)]
        order += step
        pending -= set(step)
    return order


async def check_no_self_reading(
    segment: Segment, criteria: Criteria, *, kind: SegmentKind | None = None, field: list[str] | None = None
) -> None:
    """INVALID when `segment` is (or becomes, with `kind`) DYNAMIC and `criteria` reach it through SEGMENT,
    directly or through a chain of segments whose recorded criteria read others (SPEC §2.1): re-evaluating it
    would chase its own tail."""
    if (kind or segment.kind) != SegmentKind.DYNAMIC:
        return
    if segment.id in await reach(await segments_read(criteria), _recorded_reading):
        raise DomainError(
            ErrorCode.INVALID,
            f"Dynamic segment {segment.no} may not read its own lines, directly or through other segments.",
            field or ["input", "criteria", "segment", "segmentNo"],
        )
