"""SQL fragments over the staged row `r` shared by the checks and the writes, for both dialects."""

from __future__ import annotations

from segmentum.models.imports.columns import COLUMNS


def val(column: str) -> str:
    """The row's trimmed value; NULL when not given or empty."""
    return f"NULLIF(TRIM(r.{column}), '')"


def longer(column: str, length: int, dialect: str) -> str:
    """The row's trimmed value is longer than `length` characters. On PostgreSQL its size in bytes is looked at
    first: a value of at most `length` bytes (nearly every one) is not trimmed or counted."""
    if dialect == "postgres":
        return f"OCTET_LENGTH(r.{column}) > {length} AND LENGTH({val(column)}) > {length}"
    return f"LENGTH({val(column)}) > {length}"


def code(column: str) -> str:
    return f"UPPER({val(column)})"


def given(column: str) -> str:
    """Whether the file gave the column for this row (an empty value clears)."""
    return f"r.{column} IS NOT NULL"


def shown(expr: str) -> str:
    """A value quoted for a message as models.errors.shown does: its first 40 characters."""
    return (f"('''' || SUBSTR({expr}, 1, 40) || '''' || CASE WHEN LENGTH({expr}) > 40 THEN '… (' || "
            f"LENGTH({expr}) || ' characters)' ELSE '' END)")


def quoted(text: str) -> str:
    """A constant of this module as an SQL string literal (never a value from a file: those are bound)."""
    return "'" + text.replace("'", "''") + "'"


def field(column: str) -> str:
    return COLUMNS[column]


def has_letters(expr: str, dialect: str) -> str:
    return f"{expr} ~ '[A-Za-z]'" if dialect == "postgres" else f"{expr} GLOB '*[A-Za-z]*'"


def bad_email(expr: str, dialect: str) -> str:
    """Not of the shape of models.rules.common.EMAIL_RE (text@text.text, one @, no white space)."""
    if dialect == "postgres":
        return f"{expr} !~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'"
    return f"(NOT {expr} GLOB '?*@?*.?*' OR {expr} GLOB '*@*@*' OR {expr} GLOB '*[ \t\n\r\f\v]*')"


def padded(number: str, width: int, dialect: str) -> str:
    """`number` (an integer expression) as text, zero-padded to `width` (never cut)."""
    if dialect == "postgres":
        return f"LPAD(CAST({number} AS TEXT), GREATEST({width}, LENGTH(CAST({number} AS TEXT))), '0')"
    return (f"CASE WHEN LENGTH({number}) >= {width} THEN CAST({number} AS TEXT) "
            f"ELSE SUBSTR('{'0' * width}' || ({number}), -{width}) END")
