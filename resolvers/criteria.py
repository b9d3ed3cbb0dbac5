"""Criteria filter texts for the API: profile answer captions batched through one loader per request."""

from __future__ import annotations

from typing import Any

from models.criteria import caption_keys, load_captions, render_filters, validate_criteria
from models.criteria.limits import MAX_EXPRESSION_LENGTH, MAX_NESTING, MAX_TERMS
from models.criteria.weight import criteria_units
from models.enums import CriteriaSource
from resolvers.loaders import Loaders

# The limits of a filter expression, for the API's descriptions.
EXPRESSION_LIMITS = (
    f"At most {MAX_EXPRESSION_LENGTH:,} characters, {MAX_TERMS:,} terms, parentheses {MAX_NESTING} deep."
)

CaptionKey = tuple[str, int]


def filter_units(criteria: Any) -> int:
    """What a criteria value asks the database to evaluate per row, for the query cost (models/criteria/weight.py)."""
    return criteria_units(criteria)


def check_argument(criteria: dict[str, Any] | None, argument: str = "criteria") -> None:
    """DomainError naming each bad value by its path from the query argument (e.g. criteria.contact.name.expr)."""
    validate_criteria(criteria, (argument,))


async def filter_texts(loaders: Loaders, criteria: dict[str, Any] | None) -> list[tuple[CriteriaSource, str]]:
    """(source, text) of each filtered source; the question and answer texts of every criteria action on a
    page come from one statement."""
    keys = caption_keys(criteria)
    if not keys:
        return render_filters(criteria)

    async def batch(wanted: list[CaptionKey]) -> list[tuple[str, str] | None]:
        found = await load_captions(wanted)
        return [found.get(key) for key in wanted]

    values = await loaders.get("profile_answer_captions", batch).load_many(keys)
    return render_filters(criteria, {key: value for key, value in zip(keys, values, strict=True) if value})
