"""Inputs shared by several domains, and turning Strawberry inputs into plain values for the resolvers."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

import strawberry
from strawberry.types.base import has_object_definition


def plain(value: Any) -> Any:
    """The one conversion of an input into plain values for the resolvers: dicts keyed by the Python field names
    without a trailing underscore (`in_` is "in"), lists, enums as their values; fields not given (UNSET) or
    null are left out. Dates, amounts and IDs stay as they are."""
    if value is strawberry.UNSET or value is None:
        return None
    if has_object_definition(value) or dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):  # type: ignore[arg-type]
            v = getattr(value, f.name)
            if v is strawberry.UNSET or v is None:
                continue
            out[f.name.rstrip("_")] = plain(v)
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def provided(value: Any, exclude: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """The fields a client sent in an update input: omitted ones are left out, explicit nulls kept as None."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        if f.name in exclude:
            continue
        v = getattr(value, f.name)
        if v is strawberry.UNSET:
            continue
        out[f.name] = v
    return out


@strawberry.input
class CodeDescriptionInput:
    """Business relations, industry groups, mailing groups, job responsibilities and interaction groups."""

    code: str
    description: str


@strawberry.input
class CodeDescriptionUpdateInput:
    id: strawberry.ID
    description: str | None = strawberry.UNSET
