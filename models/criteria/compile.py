"""Criteria (the plain-dict ContactCriteria) compiled to one SQL condition on a contact row.

Across sources the conditions are ANDed; a related source means "there exists a related record that
satisfies all of that source's conditions at once" (BC §4). Industry groups and business relations
are looked up on the contact's company (a company is its own company; an independent person has
none and never matches). Every value is a bound parameter.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from models.criteria.catalog import CONTACT_FIELDS, INTERACTION_FIELDS, LINK_SOURCES, FieldSpec, Kind, LinkSource
from models.criteria.dates import date_conditions
from models.criteria.strings import reference_condition, string_condition, string_node
from models.sql import Params

NO_CONDITION = "1 = 1"


def criteria_condition(
    criteria: dict[str, Any] | None, params: Params, alias: str = "t", *, today: date | None = None
) -> str:
    """A boolean SQL condition on `alias` (a row of table `contact`); `1 = 1` without any filter.

    Raises CriteriaError for a malformed filter: call `validate_criteria` first for user errors.
    """
    conds = source_conditions(criteria, params, alias, today=today)
    return " AND ".join(f"({c})" for c in conds) if conds else NO_CONDITION


def matching_contacts_sql(criteria: dict[str, Any] | None, params: Params, *, today: date | None = None) -> str:
    """SELECT t.id of every contact matching the criteria (all contacts without a filter)."""
    return f"SELECT t.id FROM contact t WHERE {criteria_condition(criteria, params, 't', today=today)}"


def source_conditions(
    criteria: dict[str, Any] | None, params: Params, alias: str = "t", *, today: date | None = None
) -> list[str]:
    """One condition per filtered source, in CriteriaSource order."""
    criteria = criteria or {}
    conds: list[str] = []
    conds += field_conditions(CONTACT_FIELDS, criteria.get("contact"), alias, params, today)
    profile = _profile_condition(criteria.get("profile_answer"), alias, params)
    if profile:
        conds.append(profile)
    for link in LINK_SOURCES[:1]:
        conds += _link_condition(link, criteria.get(link.key), alias, params)
    interaction = _interaction_condition(criteria.get("interaction"), alias, params, today)
    if interaction:
        conds.append(interaction)
    for link in LINK_SOURCES[1:]:
        conds += _link_condition(link, criteria.get(link.key), alias, params)
    segment = string_node((criteria.get("segment") or {}).get("segment_no"), upper=True)
    if segment is not None:
        conds.append(
            f"EXISTS (SELECT 1 FROM segment_line cr_sl JOIN segment cr_s ON cr_s.id = cr_sl.segment_id"
            f" WHERE cr_sl.contact_id = {alias}.id AND {string_condition(segment, 'cr_s.no', params)})"
        )
    return conds


def field_conditions(
    specs: tuple[FieldSpec, ...], values: dict[str, Any] | None, alias: str, params: Params, today: date | None
) -> list[str]:
    """The conditions of the given fields of one record (`alias`), to be ANDed."""
    if not values:
        return []
    conds: list[str] = []
    for spec in specs:
        value = values.get(spec.key)
        if value is None:
            continue
        column = f"{alias}.{spec.column}"
        if spec.kind in (Kind.TEXT, Kind.CODE):
            node = string_node(value, upper=spec.kind == Kind.CODE)
            if node is None:
                continue
            if spec.ref:
                conds.append(reference_condition(node, column, spec.ref[0], spec.ref[1], params))
            else:
                conds.append(string_condition(node, column, params))
        elif spec.kind in (Kind.DATE, Kind.DATETIME):
            conds += date_conditions(value, column, params, with_time=spec.kind == Kind.DATETIME, today=today)
        elif spec.kind == Kind.ENUM_LIST:
            items = [_plain(v) for v in value]
            conds.append(f"{column} IN {params.add_list(items)}" if items else "1 = 0")
        elif spec.kind == Kind.BOOL:
            conds.append(f"{column} = {params.add(bool(value))}")
        else:
            conds.append(f"{column} = {params.add(_plain(value))}")
    return conds


def _plain(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _profile_condition(flt: dict[str, Any] | None, alias: str, params: Params) -> str | None:
    if not flt or not flt.get("questionnaire_code"):
        return None
    code = str(flt["questionnaire_code"]).strip().upper()
    sql = (
        "EXISTS (SELECT 1 FROM contact_profile_answer cr_pa"
        " JOIN profile_questionnaire cr_q ON cr_q.id = cr_pa.questionnaire_id"
    )
    line_nos = flt.get("answer_line_nos")
    if line_nos is not None:
        sql += " JOIN profile_questionnaire_line cr_al ON cr_al.id = cr_pa.answer_id"
    sql += f" WHERE cr_pa.contact_id = {alias}.id AND cr_q.code = {params.add(code)}"
    if line_nos is not None:
        sql += f" AND cr_al.line_no IN {params.add_list([int(n) for n in line_nos])}" if line_nos else " AND 1 = 0"
    return sql + ")"


def _link_condition(link: LinkSource, flt: dict[str, Any] | None, alias: str, params: Params) -> list[str]:
    node = string_node((flt or {}).get("code"), upper=True)
    if node is None:
        return []
    owner = f"{alias}.company_id" if link.on_company else f"{alias}.id"
    return [
        f"EXISTS (SELECT 1 FROM {link.link_table} cr_l JOIN {link.master_table} cr_m ON cr_m.id = cr_l.{link.link_fk}"
        f" WHERE cr_l.contact_id = {owner} AND {string_condition(node, 'cr_m.code', params)})"
    ]


def _interaction_condition(flt: dict[str, Any] | None, alias: str, params: Params, today: date | None) -> str | None:
    # BC links an entry on both Contact No. and Contact Company No.; NULL company = independent person.
    same = "IS" if params.dialect == "sqlite" else "IS NOT DISTINCT FROM"
    head = (
        f"EXISTS (SELECT 1 FROM interaction_log_entry cr_e WHERE cr_e.contact_id = {alias}.id"
        f" AND cr_e.contact_company_id {same} {alias}.company_id"
    )
    conds = field_conditions(INTERACTION_FIELDS, flt, "cr_e", params, today)
    if not conds:
        return None
    return head + "".join(f" AND {c}" for c in conds) + ")"
