"""Inputs shared by several domains, and turning Strawberry inputs into plain values for the resolvers."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry.types.base import has_object_definition

from segmentum.schema import terms


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


C = TypeVar("C")


def command(cls: type[C], value: Any, *, skip: tuple[str, ...] = (), nulls: bool = True) -> C:
    """The typed command `cls` (resolvers/commands.py) of the input `value`: each field of the input but `skip`
    becomes the command's field of that name. A field not sent stays OMITTED, and so does a null unless `nulls`
    (an update's null clears a field; a create's is as if not sent). Enums stay members; nested inputs become
    their plain form. An input field the command lacks is a TypeError: nothing the client sends is dropped."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        if f.name in skip:
            continue
        if f.name not in names:
            raise TypeError(f"{cls.__name__} has no field {f.name!r} of {type(value).__name__}")
        v = getattr(value, f.name)
        if v is strawberry.UNSET or (v is None and not nulls):
            continue
        values[f.name] = v if v is None or isinstance(v, Enum) else plain(v)
    return cls(**values)


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


@strawberry.input(description="A new master record of the code-and-description kind (business relation, industry "
                              "group, mailing group, job responsibility, interaction group).")
class CodeDescriptionInput:
    code: str = strawberry.field(description=terms.CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)


@strawberry.input(description="A new description for a master record of the code-and-description kind.")
class CodeDescriptionUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    description: str | None = strawberry.field(default=strawberry.UNSET, description=terms.DESCRIPTION)
