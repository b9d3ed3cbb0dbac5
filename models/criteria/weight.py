"""What a criteria filter asks the database to do, in units the query cost counts (schema/cost.py).

A filter is one scan of its source whatever it holds, but each condition is evaluated on every row scanned:
834 case-insensitive ranges in one `expr` compare each name 1,668 times under the filter collation. So a
filter weighs its conditions: an exact value (`eq`, an `in` item, a plain term) 1 unit, a comparison or
a range 2 (its bounds), a pattern 4 (a LIKE, or the collated match of the SQLite function), and a
case-insensitive term (`@`) twice that. Numbers, dates and flags count as exact values.

Works on any JSON-like value (input objects, lists, scalars), before validation: an `expr` that does not
parse weighs by its separators (the resolver refuses it anyway), one over the length limit by its length.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from segmentum.models.criteria.expr import And, AnyOf, Compare, CriteriaError, Node, Or, Range, parse
from segmentum.models.criteria.limits import MAX_EXPRESSION_LENGTH, MAX_TERMS

EXACT = 1
COMPARISON = 2
PATTERN = 4
CASE_INSENSITIVE = 2  # factor

# Nesting is bounded by the document's depth limit; this only guards a hand-built value.
_MAX_DEPTH = 50


def criteria_units(value: Any, _depth: int = 0) -> int:
    """The units of a criteria value (a mapping of sources to filters, or any part of one)."""
    if _depth > _MAX_DEPTH:
        return 0
    if isinstance(value, Mapping):
        total = 0
        for key, item in value.items():
            if key == "expr" and isinstance(item, str):
                total += expression_units(item)
            else:
                total += criteria_units(item, _depth + 1)
        return total
    if isinstance(value, list | tuple):
        if len(value) > MAX_TERMS:  # refused by the list's check before anything runs: it weighs nothing
            return EXACT
        return sum(criteria_units(item, _depth + 1) for item in value)
    return 0 if value is None else EXACT


def expression_units(expression: str) -> int:
    if len(expression) > MAX_EXPRESSION_LENGTH:  # refused by its check before it runs (CriteriaError)
        return EXACT
    try:
        return max(EXACT, _node_units(parse(expression)))
    except CriteriaError:
        return 1 + sum(expression.count(separator) for separator in "|&")


def _node_units(node: Node) -> int:
    if isinstance(node, Or | And):
        return sum(_node_units(item) for item in node.items)
    if isinstance(node, AnyOf):
        return EXACT * len(node.values)
    if isinstance(node, Range):
        bounds = (node.low is not None) + (node.high is not None)
        return max(1, bounds) * (CASE_INSENSITIVE if node.ci else 1)
    if isinstance(node, Compare):
        if node.value.is_pattern:
            units = PATTERN
        else:
            units = EXACT if node.op == "=" else COMPARISON
        return units * (CASE_INSENSITIVE if node.ci else 1)
    return EXACT
