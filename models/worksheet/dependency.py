"""A DYNAMIC segment may not read itself through the SEGMENT source, directly or through a chain of
segments whose recorded criteria read others (SPEC §2.1): re-evaluating it would chase its own tail."""

from __future__ import annotations

from typing import Any

from models.criteria.field_sql import field_conditions
from models.criteria.registry import SOURCES
from models.enums import CriteriaSource, ErrorCode, SegmentKind
from models.errors import DomainError
from models.segments import Segment, SegmentCriteriaAction
from models.sql import Params, fetch_all

SEGMENT_SOURCE = next(s for s in SOURCES if s.source == CriteriaSource.SEGMENT)


async def _read_segments(criteria: dict[str, Any]) -> set[int]:
    """The ids of the segments whose lines the criteria's SEGMENT filter reads."""
    # Every segment whose number passes the filter, whether or not it has lines today.
    p = Params()
    conds = field_conditions(SEGMENT_SOURCE.fields, criteria.get(SEGMENT_SOURCE.key), "cr_m", p, None)
    if not conds:
        return set()
    rows = await fetch_all(f"SELECT cr_m.id FROM segment cr_m WHERE {' AND '.join(conds)}", p)
    return {int(r["id"]) for r in rows}


async def check_no_self_reading(
    segment: Segment, criteria: dict[str, Any], *, kind: SegmentKind | None = None, field: list[str] | None = None
) -> None:
    """INVALID when `segment` is (or becomes, with `kind`) DYNAMIC and `criteria` reach it through SEGMENT."""
    if (kind or segment.kind) != SegmentKind.DYNAMIC:
        return
    seen: set[int] = set()
    frontier = await _read_segments(criteria)
    while frontier:
        if segment.id in frontier:
            raise DomainError(
                ErrorCode.INVALID,
                f"Dynamic segment {segment.no} may not read its own lines, directly or through other segments.",
                field or ["input", "criteria", "segment", "segmentNo"],
            )
        seen |= frontier
        reached: set[int] = set()
        for recorded in await SegmentCriteriaAction.filter(segment_id__in=frontier).values_list("criteria", flat=True):
            reached |= await _read_segments(recorded or {})  # type: ignore[arg-type]
        frontier = reached - seen
