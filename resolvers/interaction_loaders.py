"""Batched loads for interactions: statistics per parent, logged segment counts, nested entry pages.

Each loader costs one statement per page of parents, whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from strawberry.dataloader import DataLoader

from segmentum.models.interactions import CampaignEntry, InteractionLogEntry
from segmentum.models.sql import Params, fetch_all
from segmentum.resolvers.contact_loaders import Nested, nested_pages
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import OrderKey, Page, _decode, _encode, check_page_args

ENTRY_TABLE = InteractionLogEntry._meta.db_table
CENTS = Decimal("0.01")

# The entry columns a parent may be grouped by; never taken from client input.
PARENT_COLUMNS = frozenset({"group_id", "template_id", "campaign_id", "salesperson_id", "contact_id",
                            "logged_segment_id", "campaign_entry_id"})


@dataclass
class EntryStatistics:
    """Sums over the non-canceled entries of one parent."""

    no_of_interactions: int = 0
    cost_lcy: Decimal = Decimal("0.00")
    duration_min: int = 0
    target_contacts_contacted: int = 0
    contacts_responded: int = 0


def _decimal(value: Any) -> Decimal:
    # SQLite stores decimals as text and sums them as floats; round back to cents.
    return Decimal(str(value if value is not None else 0)).quantize(CENTS)


def _column(column: str) -> str:
    if column not in PARENT_COLUMNS:
        raise ValueError(f"not a parent column of interaction entries: {column}")
    return column


def entry_statistics(loaders: Loaders, column: str) -> DataLoader[int, EntryStatistics]:
    """Statistics of the entries whose `column` is the key; canceled entries are left out."""
    col = _column(column)

    async def batch(ids: list[int]) -> list[EntryStatistics]:
        p = Params()
        rows = await fetch_all(
            f"SELECT t.{col} AS k, COUNT(*) AS n, SUM(t.cost_lcy) AS cost, SUM(t.duration_min) AS duration,"
            " SUM(CASE WHEN t.campaign_target THEN 1 ELSE 0 END) AS targets,"
            " SUM(CASE WHEN t.campaign_response THEN 1 ELSE 0 END) AS responses"
            f" FROM {ENTRY_TABLE} t WHERE NOT t.canceled AND t.{col} IN {p.add_list(ids)} GROUP BY t.{col}",
            p,
        )
        found = {
            row["k"]: EntryStatistics(
                no_of_interactions=int(row["n"]),
                cost_lcy=_decimal(row["cost"]),
                duration_min=int(row["duration"] or 0),
                target_contacts_contacted=int(row["targets"] or 0),
                contacts_responded=int(row["responses"] or 0),
            )
            for row in rows
        }
        return [found.get(i) or EntryStatistics() for i in ids]

    return loaders.get(("entry_statistics", col), batch)


def campaign_entry_statistics(loaders: Loaders) -> DataLoader[int, EntryStatistics]:
    """As BC's Campaign Entry FlowFields: its interactions whose canceled state equals the campaign entry's."""

    async def batch(ids: list[int]) -> list[EntryStatistics]:
        p = Params()
        # Sum cents: SQLite keeps decimals as text and would sum floats.
        rows = await fetch_all(
            "SELECT ce.id AS k, COUNT(*) AS n, SUM(ROUND(t.cost_lcy * 100)) AS cents, SUM(t.duration_min) AS duration"
            f" FROM campaign_entry ce JOIN {ENTRY_TABLE} t ON t.campaign_entry_id = ce.id AND t.canceled = ce.canceled"
            f" WHERE ce.id IN {p.add_list(ids)} GROUP BY ce.id",
            p,
        )
        found = {row["k"]: EntryStatistics(no_of_interactions=int(row["n"]),
                                           cost_lcy=(Decimal(str(row["cents"] or 0)) / 100).quantize(CENTS),
                                           duration_min=int(row["duration"] or 0))
                 for row in rows}
        return [found.get(i) or EntryStatistics() for i in ids]

    return loaders.get("campaign_entry_statistics", batch)


def logged_campaign_entry_counts(loaders: Loaders) -> DataLoader[int, int]:
    """As BC: the campaign entries of a logged segment whose Canceled equals the logged segment's."""

    async def batch(ids: list[int]) -> list[int]:
        p = Params()
        rows = await fetch_all(
            "SELECT ls.id AS k, COUNT(*) AS n FROM logged_segment ls JOIN campaign_entry ce"
            " ON ce.logged_segment_id = ls.id AND ce.canceled = ls.canceled"
            f" WHERE ls.id IN {p.add_list(ids)} GROUP BY ls.id",
            p,
        )
        found = {row["k"]: int(row["n"]) for row in rows}
        return [found.get(i, 0) for i in ids]

    return loaders.get("logged_campaign_entry_counts", batch)


# A campaign's or a logged segment's campaign entries, in entry order.
CAMPAIGN_ENTRIES = {
    column: Nested(name=f"campaign_entries:{column}", model=CampaignEntry, group=column, order=(),
                   extra=lambda p, _: "1 = 1")
    for column in ("campaign_id", "logged_segment_id")
}


async def campaign_entry_page(loaders: Loaders, column: str, parent_id: int, first: int | None,
                              after: str | None) -> Page[CampaignEntry]:
    """One page of a parent's campaign entries, batched with the same page of the other parents."""
    check_page_args(first, None)
    return await nested_pages(loaders, CAMPAIGN_ENTRIES[column]).load((parent_id, first, after, None))


def logged_segment_counts(loaders: Loaders) -> DataLoader[int, int]:
    """As BC: the entries of a logged segment whose Canceled equals the logged segment's Canceled."""

    async def batch(ids: list[int]) -> list[int]:
        p = Params()
        rows = await fetch_all(
            f"SELECT ls.id AS k, COUNT(*) AS n FROM logged_segment ls JOIN {ENTRY_TABLE} t"
            " ON t.logged_segment_id = ls.id AND t.canceled = ls.canceled"
            f" WHERE ls.id IN {p.add_list(ids)} GROUP BY ls.id",
            p,
        )
        found = {row["k"]: int(row["n"]) for row in rows}
        return [found.get(i, 0) for i in ids]

    return loaders.get("logged_segment_counts", batch)


def entry_counts(loaders: Loaders, column: str, include_canceled: bool = True) -> DataLoader[int, int]:
    col = _column(column)

    async def batch(ids: list[int]) -> list[int]:
        p = Params()
        cond = "" if include_canceled else " AND NOT t.canceled"
        rows = await fetch_all(
            f"SELECT t.{col} AS k, COUNT(*) AS n FROM {ENTRY_TABLE} t"
            f" WHERE t.{col} IN {p.add_list(ids)}{cond} GROUP BY t.{col}",
            p,
        )
        found = {row["k"]: int(row["n"]) for row in rows}
        return [found.get(i, 0) for i in ids]

    return loaders.get(("entry_counts", col, include_canceled), batch)


ID_KEY = [OrderKey("t.id", kind="int")]
DEFAULT_NESTED_PAGE = 20


async def entry_page(
    loaders: Loaders,
    column: str,
    parent_id: int,
    first: int | None = None,
    after: str | None = None,
    include_canceled: bool = True,
) -> Page[InteractionLogEntry]:
    """A page of one parent's entries in entry order; the pages of all parents asking alike load together.

    Cursors are those of the top-level entry list (keyset on the entry number).
    """
    col = _column(column)
    check_page_args(first, None)
    size = DEFAULT_NESTED_PAGE if first is None else first
    after_id: int | None = None
    if after:
        after_id = int(_decode(after, ID_KEY, "postgres")[0])

    async def batch(ids: list[int]) -> dict[int, list[InteractionLogEntry]]:
        if size == 0:
            return {}
        p = Params()
        conds = [f"t.{col} IN {p.add_list(ids)}"]
        if after_id is not None:
            conds.append(f"t.id > {p.add(after_id)}")
        if not include_canceled:
            conds.append("NOT t.canceled")
        rows = await fetch_all(
            f"SELECT x.id AS id FROM (SELECT t.id, ROW_NUMBER() OVER (PARTITION BY t.{col} ORDER BY t.id) AS rn"
            f" FROM {ENTRY_TABLE} t WHERE {' AND '.join(conds)}) x WHERE x.rn <= {int(size) + 1}",
            p,
        )
        entries = await InteractionLogEntry.filter(id__in=[row["id"] for row in rows]).order_by("id")
        by_id = loaders.by_id(InteractionLogEntry)
        grouped: dict[int, list[InteractionLogEntry]] = {}
        for entry in entries:
            by_id.prime(entry.id, entry)
            grouped.setdefault(getattr(entry, col), []).append(entry)
        return grouped

    found = await loaders.many(f"entry_page:{col}:{size}:{after_id}:{include_canceled}", batch).load(parent_id)
    items = found[:size]
    count_loader = entry_counts(loaders, col, include_canceled)
    return Page(
        items=items,
        cursors=[_encode([e.id]) for e in items],
        has_next_page=len(found) > size,
        has_previous_page=after_id is not None,
        count=lambda: count_loader.load(parent_id),
    )
