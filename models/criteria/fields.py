"""The fields a criteria source filters on: their dict key, BC caption, kind and where the value lives.

The kind decides the GraphQL input type, the SQL, the checks and the rendered text of a field. CODE is
where BC's Code type is declared: those values are stored upper-cased, and filter values are upper-cased
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # StringFilter, values as given
    CODE = "code"  # StringFilter on a code or number (BC Code type): filter values upper-cased
    DATE = "date"  # DateFilter on a date column
    DATETIME = "datetime"  # DateFilter on a date-time column (its UTC date)
    ENUM = "enum"  # one enum value
    ENUM_LIST = "enum_list"  # any of a list of enum values
    BOOL = "bool"
    KEY = "key"  # one code, given as a plain string (upper-cased), that the filter cannot do without
    INT_LIST = "int_list"  # any of a list of whole numbers
    DECIMAL = "decimal"  # DecimalFilter on an amount (whole cents): models.criteria.numbers
    INTEGER = "integer"  # IntFilter on a whole number: models.criteria.numbers


STRING_KINDS = (Kind.TEXT, Kind.CODE)
DATE_KINDS = (Kind.DATE, Kind.DATETIME)
# The unit a numeric field holds whole multiples of.
NUMBER_UNITS = {Kind.DECIMAL: Decimal("0.01"), Kind.INTEGER: Decimal(1)}


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the criteria dict key: the GraphQL input field in snake_case
    label: str  # BC's caption, used in filter texts
    kind: Kind
    column: str  # on the filtered row; for a reference, the foreign key column
    ref: tuple[str, str] | None = None  # (master table, key column) reached through `column`
    enum: type[StrEnum] | None = None  # the values of an ENUM / ENUM_LIST field
    required: bool = False  # non-null in the GraphQL input

    @property
    def upper(self) -> bool:
        """Whether filter values are upper-cased (BC Code fields)."""
        return self.kind in (Kind.CODE, Kind.KEY)


def camel(key: str) -> str:
    """The GraphQL name of a dict key, for error paths."""
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)


def given(spec: FieldSpec, value: object) -> bool:
    """Whether a field's filter holds a condition (an empty list does: it matches nothing)."""
    if value is None:
        return False
    if spec.kind == Kind.KEY:
        return bool(str(value).strip())
    if isinstance(value, dict):
        return any(
            v is not None and not (op == "expr" and not str(v).strip()) for op, v in value.items()
        )
    return True
