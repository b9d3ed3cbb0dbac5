"""Scalars of the API beyond GraphQL's own."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

# A JSON integer any client reads exactly (IEEE double): at most 2^53 - 1.
MAX_SAFE_INTEGER = 2**53 - 1


def _line_no(value: object) -> int:
    # bool is an int in Python, never a line number; neither is a float, a string or a value past 2^53 - 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SAFE_INTEGER:
        raise ValueError(f"LineNo must be an integer from 0 to {MAX_SAFE_INTEGER}, got {str(value)[:40]!r}.")
    return value


LineNo = NewType("LineNo", int)

SCALARS: dict[object, ScalarDefinition] = {LineNo: strawberry.scalar(
    name="LineNo",
    description="A segment line number (BC's Line No., steps of 10,000; 64-bit in the database): a JSON integer, "
    f"at most 2^53 - 1 ({MAX_SAFE_INTEGER}).",
    serialize=_line_no,
    parse_value=_line_no,
)}
