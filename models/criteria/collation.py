"""The one linguistic order of filter ranges and comparisons (`A..C`, `<X`, `>=X`), the same on every database.

PostgreSQL compares with the ICU root collation `"und-x-icu"`; SQLite with the collation `segmentum_uca`,
registered on every connection (see `register`), which computes Unicode Collation Algorithm sort keys
with the default table (DUCET, through pyuca). Both order by the three UCA levels in turn: base letters
(`a` < `B` < `c`), then accents (`e` < `é`), then case (lower before upper: `brugge` < `Brugge`), with
punctuation and spaces as ordinary characters; strings still equal after that are ordered by code point,
as a deterministic PostgreSQL collation breaks ties. So `A..C` holds "brugge", "Brugge" and "Ça", and
"a" < "B" < "c".

The root collation of ICU (CLDR) is the DUCET with a few changes outside the Latin, Greek and Cyrillic
alphabets, digits, spaces and common punctuation; tests compare the two orders on such text.
"""

from __future__ import annotations

import sqlite3
import threading
import unicodedata
from functools import lru_cache
from typing import Any

POSTGRES_COLLATION = '"und-x-icu"'
SQLITE_COLLATION = "segmentum_uca"

SortKey = tuple[int, ...]


def collate(sql: str, dialect: str) -> str:
    """`sql` (a text expression) compared in the linguistic order."""
    return f"{sql} COLLATE {SQLITE_COLLATION if dialect == 'sqlite' else POSTGRES_COLLATION}"


class _Table:
    """pyuca's collation element table, loaded once (about 2 s), with a fast path for text without
    contractions: the sort key is then the concatenation of each character's own weights."""

    def __init__(self) -> None:
        from pyuca.collator import Collator_10_0_0

        self.collator = Collator_10_0_0()
        self.root: dict[int, Any] = self.collator.table.root.children or {}

    def sort_key(self, text: str) -> SortKey:
        nfd = unicodedata.normalize("NFD", text)
        primary: list[int] = []
        secondary: list[int] = []
        tertiary: list[int] = []
        root = self.root
        last = len(nfd) - 1
        for i, ch in enumerate(nfd):
            node = root.get(ord(ch))
            if node is None or not node.value:
                return self.collator.sort_key(text)  # implicit weights: pyuca's own path
            if node.children is not None and i < last:
                following = nfd[i + 1]
                if ord(following) in node.children or unicodedata.combining(following):
                    return self.collator.sort_key(text)  # a contraction may start here
            for p, s, t in node.value:
                if p:
                    primary.append(p)
                if s:
                    secondary.append(s)
                if t:
                    tertiary.append(t)
        return (*primary, 0, *secondary, 0, *tertiary, 0)


_table: _Table | None = None
_table_lock = threading.Lock()


def _loaded() -> _Table:
    global _table
    if _table is None:
        with _table_lock:  # SQLite calls collations from its connection threads
            if _table is None:
                _table = _Table()
    return _table


@lru_cache(maxsize=65536)
def sort_key(text: str) -> SortKey:
    """The UCA sort key of `text` (three levels); equal keys are ordered by code point."""
    return _loaded().sort_key(text)


def compare(a: str, b: str) -> int:
    """-1, 0 or 1: `a` against `b` in the linguistic order (the SQLite collation function)."""
    ka, kb = sort_key(a), sort_key(b)
    if ka != kb:
        return -1 if ka < kb else 1
    return (a > b) - (a < b)


def register(connection: sqlite3.Connection) -> None:
    """Make `COLLATE segmentum_uca` known to a SQLite connection (call it in the connection's thread)."""
    connection.create_collation(SQLITE_COLLATION, compare)
