"""Domain errors: raised by domain rules, turned into GraphQL userErrors by the schema layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from models.enums import ErrorCode


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
