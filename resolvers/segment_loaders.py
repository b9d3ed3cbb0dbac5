"""Batched reads for segments: line aggregates, criteria actions, lines of contacts, evaluations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from segmentum.models.segments import SavedSegmentCriteriaAction, SegmentCriteriaAction, SegmentEvaluation, SegmentLine
from segmentum.models.sql import Params, fetch_all
from segmentum.resolvers.loaders import Loaders


def line_totals(loaders: Loaders) -> Any:
    """segment id -> (no. of lines, cost, duration), one GROUP BY per request batch."""

    async def batch(ids: list[int]) -> list[tuple[int, Decimal, int]]:
        p = Params()
        rows = await fetch_all(
            "SELECT segment_id, COUNT(*) AS n, COALESCE(SUM(cost_lcy), 0) AS cost, "
            "COALESCE(SUM(duration_min), 0) AS duration FROM segment_line "
            f"WHERE segment_id IN {p.add_list(ids)} GROUP BY segment_id",
            p,
        )
        found = {
            r["segment_id"]: (int(r["n"]), Decimal(str(r["cost"])).quantize(Decimal("0.01")), int(r["duration"]))
            for r in rows
        }
        return [found.get(i, (0, Decimal("0.00"), 0)) for i in ids]

    return loaders.get("segment_line_totals", batch)


def criteria_actions(loaders: Loaders) -> Any:
    async def batch(ids: list[int]) -> dict[int, list[SegmentCriteriaAction]]:
        out: dict[int, list[SegmentCriteriaAction]] = {}
        for action in await SegmentCriteriaAction.filter(segment_id__in=ids).order_by("segment_id", "position"):
            out.setdefault(action.segment_id, []).append(action)
        return out

    return loaders.many("segment_criteria_actions", batch)


def contact_lines(loaders: Loaders) -> Any:
    async def batch(ids: list[int]) -> dict[int, list[SegmentLine]]:
        out: dict[int, list[SegmentLine]] = {}
        for line in await SegmentLine.filter(contact_id__in=ids).order_by("segment_id", "line_no"):
            if line.contact_id is not None:
                out.setdefault(line.contact_id, []).append(line)
        return out

    return loaders.many("contact_segment_lines", batch)


def last_evaluation(loaders: Loaders) -> Any:
    async def batch(ids: list[int]) -> list[SegmentEvaluation | None]:
        p = Params()
        newest = await fetch_all(
            f"SELECT MAX(id) AS id FROM segment_evaluation WHERE segment_id IN {p.add_list(ids)} GROUP BY segment_id", p
        )
        found = {ev.segment_id: ev for ev in await SegmentEvaluation.filter(id__in=[r["id"] for r in newest])}
        return [found.get(i) for i in ids]

    return loaders.get("segment_last_evaluation", batch)


def saved_actions(loaders: Loaders) -> Any:
    async def batch(ids: list[int]) -> dict[int, list[SavedSegmentCriteriaAction]]:
        out: dict[int, list[SavedSegmentCriteriaAction]] = {}
        rows = await SavedSegmentCriteriaAction.filter(saved_criteria_id__in=ids).order_by(
            "saved_criteria_id", "position"
        )
        for action in rows:
            out.setdefault(action.saved_criteria_id, []).append(action)
        return out

    return loaders.many("saved_criteria_actions", batch)
