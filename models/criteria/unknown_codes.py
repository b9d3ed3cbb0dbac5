"""Codes in criteria that name no record: `industryGroup: {code: {eq: "NOPE"}}` is valid and matches nothing,
which is most often a typo. They are reported as warnings, which never block the action.

Only values that name one record are checked: `eq` and the items of `in` (ranges, wildcards and exclusions
name patterns, not records). At most MAX_CHECKED values are checked, with one statement per master table
holding all its values, whatever the number of contacts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from segmentum.models.criteria.value import Criteria
from segmentum.models.enums import WarningCode
from segmentum.models.errors import shown
from segmentum.models.sql import Params, fetch_all

MAX_CHECKED = 200


@dataclass(frozen=True)
class CodeWarning:
    code: WarningCode
    message: str
    field: list[str]


async def unknown_codes(criteria: Criteria, prefix: list[str]) -> list[CodeWarning]:
    """A warning for each code or number in `criteria` that names no record, in criteria order."""
    return await unknown_codes_of([(criteria, prefix, "")])


async def unknown_codes_of(items: list[tuple[Criteria, list[str], str]]) -> list[CodeWarning]:
    """The warnings of several criteria (criteria, path prefix, message prefix) at once: one statement per
    master table for all of them."""
    named = [(n, lead) for criteria, prefix, lead in items for n in criteria.named_codes(prefix)][:MAX_CHECKED]
    if not named:
        return []
    wanted: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for n, _ in named:
        wanted[(n.table, n.column)].add(n.value)
    found: set[tuple[str, str, str]] = set()
    for (table, column), values in wanted.items():
        p = Params()
        rows = await fetch_all(f"SELECT {column} AS k FROM {table} WHERE {column} IN {p.add_list(sorted(values))}", p)
        found |= {(table, column, str(r["k"])) for r in rows}
    return [CodeWarning(WarningCode.UNKNOWN_CODE, f"{lead}{n.label} {shown(n.value)} names no record: this value "
                        "matches nothing.", n.path)
            for n, lead in named if (n.table, n.column, n.value) not in found]
