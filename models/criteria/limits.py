"""Bounds on criteria input: every check is linear in the input and runs before the database.

The counts stay well below the databases' limit on bound parameters (32,767 on PostgreSQL), since one
statement may hold a criteria's values next to its own.
"""

from __future__ import annotations

from datetime import date

from segmentum.models.errors import SHOWN_CHARACTERS, shown

MAX_EXPRESSION_LENGTH = 10_000  # characters in one `expr`
MAX_EXPRESSIONS_LENGTH = 20_000  # characters in all `expr` of one criteria (bounds the parsing work per request)
MAX_NESTING = 20  # parentheses inside parentheses in one `expr`
MAX_TERMS = 1_000  # terms of one `expr` (`A|B&C` has three), values of one `in` / `notIn` / `answerLineNos`
MAX_VALUE_LENGTH = 250  # characters of one value (a term, `eq`, an `in` item, `questionnaireCode`, ...)
MAX_VALUES = 5_000  # bound values of one criteria, all sources together
MIN_DATE = date(1, 1, 1)
MAX_DATE = date(9998, 12, 31)  # the day after it must exist: date-time filters bound a day by the next midnight
MAX_DAYS = 36_500  # withinLastDays / olderThanDays

PREFIX_LENGTH = SHOWN_CHARACTERS  # characters of a value quoted in a message



def text_problem(value: str, max_length: int = MAX_VALUE_LENGTH) -> str | None:
    """Why a string cannot be used as a filter value (too long, NUL, an unpaired surrogate), or None."""
    if len(value) > max_length:
        return f"{shown(value)} is longer than {max_length:,} characters (the limit)"
    if "\x00" in value:
        return f"{shown(value)} contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{shown(value)} contains an unpaired surrogate"
    return None
