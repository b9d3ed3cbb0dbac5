"""Criteria for the API: the input read into one value, its query cost, and its filter texts (profile answer
captions batched through one loader per request)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from segmentum.models.criteria import Criteria, load_captions
from segmentum.models.criteria.limits import MAX_EXPRESSION_LENGTH, MAX_NESTING, MAX_TERMS
from segmentum.models.criteria.weight import criteria_units
from segmentum.models.enums import CriteriaSource
from segmentum.resolvers.loaders import Loaders

# The limits of a filter expression, for the API's descriptions.
EXPRESSION_LIMITS = (
    f"At most {MAX_EXPRESSION_LENGTH:,} characters, {MAX_TERMS:,} terms, parentheses {MAX_NESTING} deep."
)

CaptionKey = tuple[str, int]


def filter_units(criteria: Any) -> int:
    """What a criteria value asks the database to evaluate per row, for the query cost (models/criteria/weight.py)."""
    return criteria_units(criteria)


def criteria_argument(data: Mapping[str, Any] | None, argument: str = "criteria") -> Criteria:
    """The criteria of a query argument, or DomainError naming each bad value by its path from the argument (e.g.
    criteria.contact.name.expr)."""
    return Criteria.parse(data, (argument,))


async def filter_texts(loaders: Loaders, stored: Mapping[str, Any] | None) -> list[tuple[CriteriaSource, str]]:
    """(source, text) of each filtered source of recorded criteria; the question and answer texts of every
    criteria action on a page come from one statement."""
    criteria = Criteria.stored(stored)
    keys = criteria.caption_keys()
    if not keys:
        return criteria.texts()

    async def batch(wanted: list[CaptionKey]) -> list[tuple[str, str] | None]:
        found = await load_captions(wanted)
        return [found.get(key) for key in wanted]

    values = await loaders.get("profile_answer_captions", batch).load_many(keys)
    return criteria.texts({key: value for key, value in zip(keys, values, strict=True) if value})
