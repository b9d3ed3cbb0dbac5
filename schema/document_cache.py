"""The process's caches of documents, bounded by bytes rather than entries.

A cache of 512 entries holds 512 documents of any size: 520 valid documents of 1 MB (a query and a long comment)
grew the process by a gigabyte, for good. Here a cache has a byte budget, an entry weighs what its document
weighs once parsed (its text and its syntax tree: 70 to 130 bytes per character, measured on dense and typical
documents), and a document longer than a client's document needs to be is not cached at all: it is parsed and
validated again when it comes again, which is what its size costs anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode

from segmentum.models.sized_lru import SizedLRU

__all__ = ["SizedLRU", "DocumentCache", "CachedDocument", "cacheable", "weight"]

# The weight of a cached document: its syntax tree and text per character, and what every entry costs.
BYTES_PER_CHAR = 150
ENTRY_OVERHEAD = 2_048
# Longer documents are not cached (parsed, validated or compiled each time they come).
MAX_CACHED_CHARS = 20_000
DEFAULT_CACHE_BYTES = 32 * 1024 * 1024

def weight(text: str) -> int:
    return ENTRY_OVERHEAD + BYTES_PER_CHAR * len(text)


def cacheable(text: str) -> bool:
    return len(text) <= MAX_CACHED_CHARS


@dataclass
class CachedDocument:
    """A parsed document and its validation results (by the rules validated against)."""

    document: DocumentNode
    validations: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)


class DocumentCache:
    """Parsed and validated documents, by their text (one entry serves both steps)."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.entries: SizedLRU[tuple[str, tuple[tuple[str, Any], ...]], CachedDocument] = SizedLRU(max_bytes)

    @staticmethod
    def key(text: str, options: Mapping[str, Any]) -> tuple[str, tuple[tuple[str, Any], ...]]:
        return text, tuple(sorted(options.items()))

    def document(self, text: str, options: Mapping[str, Any]) -> CachedDocument | None:
        return self.entries.get(self.key(text, options))

    def keep(self, text: str, options: Mapping[str, Any], document: DocumentNode) -> None:
        if cacheable(text):
            self.entries.put(self.key(text, options), CachedDocument(document), weight(text))
