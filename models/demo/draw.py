"""Fast, seeded random draws and text helpers for the demo data generator."""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from collections.abc import Sequence
from functools import lru_cache
from typing import Any


class Draw:
    """Fast draws from one seeded generator (random.randint and weighted choices are slow per call)."""

    def __init__(self, rng: random.Random) -> None:
        self.random = rng.random
        self.rng = rng

    def int(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def pick(self, items: list[Any]) -> Any:
        return items[int(self.random() * len(items))]

    def weighted(self, items: list[Any], cum_weights: list[float]) -> Any:
        return items[bisect(cum_weights, self.random() * cum_weights[-1])]

    def chance(self, p: float) -> bool:
        return self.random() < p


def cumulative(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for weight in weights:
        total += weight
        out.append(total)
    return out


@lru_cache(maxsize=4096)
def slug(text: str, sep: str = "") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text).split()
    return sep.join(words)
