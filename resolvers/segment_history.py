"""A segment's history beyond its events: the members at a moment, and what brought a line in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from segmentum.models.sql import Params
from segmentum.models.worksheet.history_page import members_source
from segmentum.models.worksheet.membership import as_datetime
from segmentum.models.worksheet.stints import Entry, entry_of, members_at, stints_source
from segmentum.resolvers import segment_loaders
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import OrderKey, Page, keyset_rows_page

__all__ = ["Entry", "line_entry", "members_page"]

T = TypeVar("T")


async def line_entry(loaders: Loaders, segment_id: int, at: datetime | None, cause: str | None) -> Entry | None:
    actions = await segment_loaders.criteria_actions(loaders).load(segment_id)
    return entry_of(at, cause, actions or [])


async def members_page(segment_id: int, as_of: datetime, first: int | None, after: str | None,
                       build: Callable[[list[dict[str, Any]]], list[T]]) -> Page[T]:
    """The stints open at `as_of` (the contacts that were lines then), in the order they entered; `build` makes
    the items of the rows (contact_id, at, cause, left_at; timestamps as datetimes)."""

    def rows(found: list[dict[str, Any]]) -> list[T]:
        return build([{**r, "at": as_datetime(r["at"]), "left_at": as_datetime(r["left_at"])} for r in found])

    def total(p: Params) -> str:
        # Not a page: every stint open then, read from the definition of stints.
        return (f"SELECT COUNT(*) FROM {stints_source(p.dialect)} t WHERE t.segment_id = {p.add(segment_id)} "
                f"AND {members_at(as_of, p)}")

    return await keyset_rows_page(lambda p, cursor, limit: members_source(segment_id, as_of, cursor, limit, p), rows,
                                  where=lambda p: f"t.segment_id = {p.add(segment_id)}",
                                  order=[OrderKey("t.at", kind="datetime")], first=first, after=after,
                                  id_kind="bigint", total=total)
