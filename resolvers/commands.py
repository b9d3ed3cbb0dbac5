"""The commands the schema hands the segment resolvers: typed values, so that what crosses from schema/ to
resolvers/ names its parts. IDs are still the global IDs of the input (a resolver decodes them); criteria are
the ContactCriteria input in its plain form (models.criteria), which the resolver reads once into a `Criteria`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from segmentum.models.worksheet.options import ActionOptions

__all__ = ["ActionOptions", "CriteriaAction", "PreviewRequest"]

CriteriaInput = Mapping[str, Any]


@dataclass(frozen=True)
class CriteriaAction:
    """Add, Reduce or Refine contacts of a segment."""

    segment_id: Any
    criteria: CriteriaInput | None
    options: ActionOptions


@dataclass(frozen=True)
class PreviewRequest:
    """What an Add of these criteria with these options would bring: the count (when `count`) and the first
    `sample` contacts."""

    criteria: CriteriaInput | None
    options: ActionOptions
    count: bool
    sample: int
