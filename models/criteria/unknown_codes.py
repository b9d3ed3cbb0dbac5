"""Codes in criteria that name no record: `industryGroup: {code: {eq: "NOPE"}}` is valid and matches nothing,
which is most often a typo. They are reported as warnings, which never block the action.

Only values that name one record are checked: `eq` and the items of `in` (ranges, wildcards and exclusions
name patterns, not records). At most MAX_CHECKED values are checked, with one statement per master table
holding all its values, whatever the number of contacts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from models.criteria.fields import FieldSpec, Kind, camel
from models.criteria.registry import SOURCES
from models.criteria.sources import LinkSource, ProfileSource
from models.enums import WarningCode
from models.errors import shown
from models.sql import Params, fetch_all

MAX_CHECKED = 200


@dataclass(frozen=True)
class CodeWarning:
    code: WarningCode
    message: str
    field: list[str]


@dataclass(frozen=True)
class _Named:
    table: str
    column: str
    label: str
    value: str
    path: list[str]


def _master(source: Any, spec: FieldSpec) -> tuple[str, str] | None:
    """(table, key column) of the record a field's value names, or None when it names none."""
    if isinstance(source, LinkSource):
        return source.master_table, spec.column
    if isinstance(source, ProfileSource):
        return ("profile_questionnaire", "code") if spec is ProfileSource.QUESTIONNAIRE else None
    return spec.ref


def _named_values(criteria: dict[str, Any], prefix: list[str]) -> list[_Named]:
    out: list[_Named] = []
    for source in SOURCES:
        flt = criteria.get(source.key)
        if not isinstance(flt, dict):
            continue
        for spec in source.fields:
            master = _master(source, spec)
            value = flt.get(spec.key)
            if master is None or value is None:
                continue
            path = [*prefix, camel(source.key), camel(spec.key)]
            if spec.kind == Kind.KEY:
                candidates = [(str(value), path)]
            elif isinstance(value, dict):
                candidates = [(str(value["eq"]), [*path, "eq"])] if value.get("eq") is not None else []
                candidates += [(str(v), [*path, "in", str(i)]) for i, v in enumerate(value.get("in") or [])]
            else:
                continue
            for raw, where in candidates:
                text = raw.strip().upper() if spec.upper else raw.strip()
                if text:
                    out.append(_Named(master[0], master[1], spec.label, text, where))
    return out[:MAX_CHECKED]


async def unknown_codes(criteria: dict[str, Any] | None, prefix: list[str]) -> list[CodeWarning]:
    """A warning for each code or number in `criteria` that names no record, in criteria order."""
    return await unknown_codes_of([(criteria, prefix, "")])


async def unknown_codes_of(items: list[tuple[dict[str, Any] | None, list[str], str]]) -> list[CodeWarning]:
    """The warnings of several criteria (criteria, path prefix, message prefix) at once: one statement per
    master table for all of them."""
    named = [(n, lead) for criteria, prefix, lead in items for n in _named_values(criteria or {}, prefix)]
    named = named[:MAX_CHECKED]
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
