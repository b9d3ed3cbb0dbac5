"""Salespeople and the code/description masters (business relations, industry, mailing, job, interaction groups)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.models import Model

from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.contacts import Contact
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.interactions import (
    Campaign,
    CampaignEntry,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
)
from segmentum.models.line_references import guard_line_references
from segmentum.models.masters import Salesperson
from segmentum.models.rules.common import by_code, code_value, email_value, path, require_text, unique_code
from segmentum.models.segments import Segment, SegmentLine, SegmentLineArchive

# (model holding the reference, its foreign key column, what to call the holders in a message)
Reference = tuple[type[Model], str, str]

_LINES: list[tuple[type[Model], str]] = [(SegmentLine, "segment lines"), (SegmentLineArchive, "removed segment lines")]

SALESPERSON_REFS: list[Reference] = [
    (Contact, "salesperson_id", "contacts"),
    (Campaign, "salesperson_id", "campaigns"),
    (CampaignEntry, "salesperson_id", "campaign entries"),
    (InteractionLogEntry, "salesperson_id", "interactions"),
    (Segment, "salesperson_id", "segments"),
    *((m, "salesperson_id", label) for m, label in _LINES),
]

CODE_DESCRIPTION_REFS: dict[type[Model], list[Reference]] = {
    **{c.master: [(c.link, c.link_fk, "contacts")] for c in CLASSIFICATIONS},
    InteractionGroup: [
        (InteractionTemplate, "group_id", "interaction templates"),
        (InteractionLogEntry, "group_id", "interactions"),
        (Segment, "interaction_group_id", "segments"),
        *((m, "interaction_group_id", label) for m, label in _LINES),
    ],
}

LABELS: dict[type[Model], str] = {
    **{c.master: c.label for c in CLASSIFICATIONS},
    InteractionGroup: "Interaction group",
}


async def ensure_unused(label: str, key: str, pk: int, refs: Sequence[Reference]) -> None:
    """IN_USE naming the record and the first kind of holder that still references it. Where lines are among the
    holders, no foreign key backs the check on PostgreSQL: it runs under the exclusive line references lock, so
    no line writer is running and none starts before the delete commits (models.line_references)."""
    if any(model is SegmentLine for model, _, _ in refs):
        await guard_line_references()
    for model, column, holders in refs:
        if await model.filter(**{column: pk}).exists():
            raise DomainError(ErrorCode.IN_USE, f"{label} {shown(key)} is used by {holders}.", path("id"))


async def active_salesperson(code: str | None, name: str = "salespersonCode") -> Salesperson | None:
    """The salesperson with this code, which must exist and not be blocked (None for None)."""
    salesperson = await by_code(Salesperson, code, name)
    if salesperson is not None and salesperson.blocked:
        raise DomainError(ErrorCode.BLOCKED, f"Salesperson {shown(salesperson.code)} is blocked.", path(name))
    return salesperson


# ------------------------------------------------------------------------------------------ salespeople


async def create_salesperson(data: dict[str, Any]) -> Salesperson:
    code = code_value(data.get("code"), max_length=20)
    await unique_code(Salesperson, code)
    return await Salesperson.create(
        code=code,
        name=require_text(data.get("name"), "name", 100, "Name"),
        email=email_value(data.get("email")),
        blocked=bool(data.get("blocked") or False),
        privacy_blocked=bool(data.get("privacy_blocked") or False),
    )


async def update_salesperson(salesperson: Salesperson, changes: dict[str, Any]) -> Salesperson:
    if "name" in changes:
        salesperson.name = require_text(changes["name"], "name", 100, "Name")
    if "email" in changes:
        salesperson.email = email_value(changes["email"])
    if "blocked" in changes:
        salesperson.blocked = bool(changes["blocked"])
    if "privacy_blocked" in changes:
        salesperson.privacy_blocked = bool(changes["privacy_blocked"])
    await salesperson.save()
    return salesperson


async def delete_salesperson(salesperson: Salesperson) -> None:
    await ensure_unused("Salesperson", salesperson.code, salesperson.id, SALESPERSON_REFS)
    await salesperson.delete()


# ------------------------------------------------------------------------------------------ code + description


async def create_code_description(model: type[Model], data: dict[str, Any]) -> Any:
    code = code_value(data.get("code"))
    await unique_code(model, code)
    return await model.create(
        code=code, description=require_text(data.get("description"), "description", 100, "Description")
    )


async def update_code_description(obj: Any, changes: dict[str, Any]) -> Any:
    if "description" in changes:
        obj.description = require_text(changes["description"], "description", 100, "Description")
    await obj.save()
    return obj


async def delete_code_description(obj: Any) -> None:
    model = type(obj)
    await ensure_unused(LABELS[model], obj.code, obj.id, CODE_DESCRIPTION_REFS[model])
    await obj.delete()
