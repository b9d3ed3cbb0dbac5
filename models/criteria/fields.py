"""The fields a criteria source filters on: their dict key, BC caption, kind and where the value lives.

The kind (models.criteria.kinds) decides the GraphQL input type, the checks, the SQL and the rendered text of a
field.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from segmentum.models.criteria.kinds import FieldKind, Kind, camel

__all__ = ["FieldSpec", "Kind", "camel"]


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the criteria dict key: the GraphQL input field in snake_case
    label: str  # BC's caption, used in filter texts
    kind: FieldKind
    column: str  # on the filtered row; for a reference, the foreign key column
    ref: tuple[str, str] | None = None  # (master table, key column) reached through `column`
    enum: type[StrEnum] | None = None  # the values of an ENUM / ENUM_LIST field
    required: bool = False  # non-null in the GraphQL input

    @property
    def upper(self) -> bool:
        """Whether filter values are upper-cased (BC Code fields)."""
        return self.kind.upper
