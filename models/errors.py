"""Domain errors: raised by domain rules, turned into GraphQL userErrors by the schema layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from segmentum.models.enums import ErrorCode


@dataclass
class FieldError:
    code: ErrorCode
    message: str
    field: list[str] | None = None
    line_no: int | None = None
    contact_no: str | None = None


@dataclass
class DomainError(Exception):
    """One or more user errors; the transaction that raised it is rolled back."""

    errors: list[FieldError] = field(default_factory=list)

    def __init__(
        self,
        code_or_errors: ErrorCode | Sequence[FieldError],
        message: str = "",
        field: Sequence[str] | None = None,
    ) -> None:
        if isinstance(code_or_errors, ErrorCode):
            self.errors = [FieldError(code_or_errors, message, list(field) if field else None)]
        else:
            self.errors = list(code_or_errors)
        super().__init__("; ".join(e.message for e in self.errors))


def error(code: ErrorCode, message: str, *path: str) -> DomainError:
    return DomainError(code, message, ["input", *path] if path else None)


# What a message quotes of a value at most: a 100,000-character input must not come back (or be logged) whole.
SHOWN_CHARACTERS = 40


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """`value` quoted for a message: repr() of its first `limit` characters, with an ellipsis when cut."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"… ({len(text):,} characters)"


def clipped(text: str, limit: int = 300) -> str:
    """A message or log line cut to `limit` characters."""
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"
