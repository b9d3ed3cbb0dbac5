"""Which segments a segment reads through the SEGMENT criteria source, and an order that respects it.

The graph has one node per segment and is read from the recorded actions (a few rows per segment), never
from contacts or lines, so walking it in Python is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from models.criteria.strings import string_condition, string_node
from models.segments import SegmentCriteriaAction
from models.sql import Params, fetch_all


async def _read_by(criteria: dict[str, Any]) -> set[int]:
    flt = (criteria.get("segment") or {}).get("segment_no")
    node = string_node(flt, upper=True)
    p = Params()
    where = string_condition(node, "s.no", p) if node is not None else "1 = 1"
    return {int(r["id"]) for r in await fetch_all(f"SELECT s.id FROM segment s WHERE {where}", p)}


async def segment_reads(segment_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """segment id -> the ids of the segments its actions read (itself left out)."""
    query = SegmentCriteriaAction.all()
    if segment_ids is not None:
        query = query.filter(segment_id__in=list(segment_ids))
    reads: dict[int, set[int]] = {}
    for action in await query.only("segment_id", "criteria"):
        if action.criteria and action.criteria.get("segment"):
            found = await _read_by(action.criteria)
            reads.setdefault(action.segment_id, set()).update(found - {action.segment_id})
    return reads


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


def dependents(changed: Iterable[int], reads: dict[int, set[int]]) -> set[int]:
    """Every segment that reads one of `changed`, directly or through a chain."""
    found: set[int] = set()
    frontier = set(changed)
    while frontier:
        frontier = {s for s, read in reads.items() if read & frontier} - found
        found |= frontier
    return found
