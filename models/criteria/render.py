"""Human-readable filter texts per source, as BC shows them on the Segment Criteria page.

Each text is "Caption: filter; Caption: filter" with the filter written in BC's expression syntax
(several operators on one field joined by '&'), e.g. (CONTACT, "City: GENT|BRUGGE; Type: PERSON").
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from models.criteria.catalog import CONTACT_FIELDS, INTERACTION_FIELDS, LINK_SOURCES, FieldSpec, Kind
from models.criteria.dates import date_value
from models.criteria.expr import Value, pattern_text, quote
from models.enums import CriteriaSource

SEPARATOR = "; "


def render_filters(criteria: dict[str, Any] | None) -> list[tuple[CriteriaSource, str]]:
    """(source, text) for every source that has a filter, in CriteriaSource order."""
    criteria = criteria or {}
    out: list[tuple[CriteriaSource, str]] = []

    def add(source: CriteriaSource, parts: list[str]) -> None:
        if parts:
            out.append((source, SEPARATOR.join(parts)))

    add(CriteriaSource.CONTACT, _fields(CONTACT_FIELDS, criteria.get("contact")))
    add(CriteriaSource.PROFILE_ANSWER, _profile(criteria.get("profile_answer")))
    links = {link.key: link for link in LINK_SOURCES}
    for key in ("mailing_group", "interaction", "job_responsibility", "industry_group", "business_relation"):
        if key == "interaction":
            add(CriteriaSource.INTERACTION, _fields(INTERACTION_FIELDS, criteria.get("interaction")))
            continue
        link = links[key]
        text = string_text((criteria.get(key) or {}).get("code"), upper=True)
        add(link.source, [f"{link.label}: {text}"] if text else [])
    segment = string_text((criteria.get("segment") or {}).get("segment_no"), upper=True)
    add(CriteriaSource.SEGMENT, [f"Segment No.: {segment}"] if segment else [])
    return out


def string_text(flt: dict[str, Any] | None, *, upper: bool = False) -> str:
    """A StringFilter as one BC expression ('' when no operator is given)."""
    if not flt:
        return ""

    def v(value: Any) -> str:
        text = str(value)
        return text.upper() if upper else text

    parts: list[str] = []
    if flt.get("expr") is not None:
        parts.append(v(flt["expr"]))
    if flt.get("eq") is not None:
        parts.append(quote(v(flt["eq"])))
    if flt.get("ne") is not None:
        parts.append("<>" + quote(v(flt["ne"])))
    if flt.get("in") is not None:
        parts.append("|".join(quote(v(x)) for x in flt["in"]) if flt["in"] else "(none)")
    if flt.get("not_in") is not None:
        parts += ["<>" + quote(v(x)) for x in flt["not_in"]]
    if flt.get("starts_with") is not None:
        parts.append(pattern_text(Value((v(flt["starts_with"]), ""))))
    if flt.get("contains") is not None:
        parts.append(pattern_text(Value(("", v(flt["contains"]), ""))))
    if flt.get("is_blank") is not None:
        parts.append("''" if flt["is_blank"] else "<>''")
    return _join(parts)


def date_text(flt: dict[str, Any] | None) -> str:
    if not flt:
        return ""
    parts: list[str] = []
    if flt.get("eq") is not None:
        parts.append(_iso(flt["eq"]))
    if flt.get("from") is not None or flt.get("to") is not None:
        low = _iso(flt["from"]) if flt.get("from") is not None else ""
        high = _iso(flt["to"]) if flt.get("to") is not None else ""
        parts.append(f"{low}..{high}")
    if flt.get("within_last_days") is not None:
        parts.append(f"last {flt['within_last_days']} days")
    if flt.get("older_than_days") is not None:
        parts.append(f"older than {flt['older_than_days']} days")
    if flt.get("is_blank") is not None:
        parts.append("''" if flt["is_blank"] else "<>''")
    return "&".join(parts)


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "&".join(f"({p})" if "|" in p else p for p in parts)


def _iso(value: Any) -> str:
    try:
        return date_value(value).isoformat()
    except ValueError:
        return str(value)


def _plain(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _fields(specs: tuple[FieldSpec, ...], values: dict[str, Any] | None) -> list[str]:
    parts: list[str] = []
    for spec in specs:
        value = (values or {}).get(spec.key)
        if value is None:
            continue
        if spec.kind in (Kind.TEXT, Kind.CODE):
            text = string_text(value, upper=spec.kind == Kind.CODE)
        elif spec.kind in (Kind.DATE, Kind.DATETIME):
            text = date_text(value)
        elif spec.kind == Kind.BOOL:
            text = "Yes" if value else "No"
        elif spec.kind == Kind.ENUM_LIST:
            text = "|".join(_plain(x) for x in value) if value else "(none)"
        else:
            text = _plain(value)
        if text:
            parts.append(f"{spec.label}: {text}")
    return parts


def _profile(flt: dict[str, Any] | None) -> list[str]:
    if not flt or not flt.get("questionnaire_code"):
        return []
    parts = [f"Questionnaire: {str(flt['questionnaire_code']).strip().upper()}"]
    if flt.get("answer_line_nos") is not None:
        nos = flt["answer_line_nos"]
        parts.append("Answers: " + ("|".join(str(n) for n in nos) if nos else "(none)"))
    return parts
