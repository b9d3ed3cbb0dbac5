"""Small validators shared by the domain operations; each raises a DomainError naming the value."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, TypeVar

from tortoise.models import Model

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown

M = TypeVar("M", bound=Model)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def path(*parts: str) -> list[str]:
    return ["input", *parts]


def fits(model: type[Model], field: str, value: str) -> bool:
    """Whether `value` fits the column `field` of `model`: a longer key cannot exist, so it is not looked up
    (the ORM would refuse it, and the database could not hold it)."""
    max_length = getattr(model._meta.fields_map.get(field), "max_length", None)
    return max_length is None or len(value) <= max_length


def require_text(value: str | None, name: str, max_length: int, label: str | None = None) -> str:
    label = label or name
    if value is None or not str(value).strip():
        raise DomainError(ErrorCode.REQUIRED, f"{label} must have a value.", path(name))
    value = str(value).strip()
    if len(value) > max_length:
        raise DomainError(ErrorCode.INVALID, f"{label} {shown(value)} is longer than {max_length} characters.",
                          path(name))
    return value


def optional_text(value: str | None, name: str, max_length: int, label: str | None = None) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if value == "":
        return None
    if len(value) > max_length:
        raise DomainError(
            ErrorCode.INVALID, f"{label or name} {shown(value)} is longer than {max_length} characters.", path(name)
        )
    return value


def optional_code(value: str | None, name: str, max_length: int, label: str | None = None) -> str | None:
    """An optional Code field (a language code, ...): upper-cased as BC stores it; blank is none."""
    text = optional_text(value, name, max_length, label)
    return text.upper() if text is not None else None


def code_value(value: str | None, name: str = "code", max_length: int = 10) -> str:
    """Codes are upper-cased as BC does, and must not be blank."""
    return require_text(value, name, max_length, "Code").upper()


def email_value(value: str | None, name: str = "email") -> str | None:
    value = optional_text(value, name, 80, "E-mail")
    if value is not None and not EMAIL_RE.match(value):
        raise DomainError(ErrorCode.INVALID, f"E-mail {shown(value)} is not a valid e-mail address.", path(name))
    return value


def non_negative(value: Any, name: str, label: str) -> Any:
    if value is not None and value < 0:
        raise DomainError(ErrorCode.INVALID, f"{label} must not be negative, got {value}.", path(name))
    return value


def money(value: Decimal | None, name: str, label: str) -> Decimal | None:
    if value is None:
        return None
    non_negative(value, name, label)
    return Decimal(value).quantize(Decimal("0.01"))


async def unique_code(
    model: type[Model], code: str, name: str = "code", field: str = "code", exclude_id: int | None = None
) -> None:
    if not fits(model, field, code):
        return
    qs = model.filter(**{field: code})
    if exclude_id is not None:
        qs = qs.exclude(id=exclude_id)
    if await qs.exists():
        raise DomainError(ErrorCode.ALREADY_EXISTS, f"{model.__name__} {shown(code)} already exists.", path(name))


async def by_code(model: type[M], code: str | None, name: str, field: str = "code") -> M | None:
    """The record with this code (None for None); NOT_FOUND naming the code otherwise."""
    if code is None:
        return None
    key = code.strip().upper()
    obj = await model.filter(**{field: key}).first() if fits(model, field, key) else None
    if obj is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"{model.__name__} {shown(code)} does not exist.", path(name))
    return obj


async def get_for_update(model: type[M], pk: int, name: str = "id") -> M:
    obj = await model.filter(id=pk).select_for_update().first()
    if obj is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"{model.__name__} {pk} does not exist.", path(name))
    return obj
