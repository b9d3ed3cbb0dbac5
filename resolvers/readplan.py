"""A root connection run by its read plan (models/readplan): the keyset page of its nodes with their columns and
joins, the plan's batches, and the connection's parts, all on one connection of the pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from segmentum.models.readplan.plan import ConnectionPlan, Part
from segmentum.models.readplan.run import Fetch, ObjectRunner
from segmentum.models.sql import Params, connection, dialect
from segmentum.resolvers.contacts import contacts_where, order_keys
from segmentum.resolvers.pagination import Page, keyset_rows_page


@asynccontextmanager
async def one_connection() -> AsyncIterator[Fetch]:
    """A fetch function whose statements share one pooled connection (PostgreSQL), as a hand-written endpoint
    would; on SQLite, Tortoise's single connection."""
    client = connection()
    if dialect() != "postgres":
        async def through_tortoise(sql: str, p: Params) -> list[Any]:
            return await client.execute_query_dict(sql, p.values)

        yield through_tortoise
        return
    async with client.acquire_connection() as raw:
        async def on_raw(sql: str, p: Params) -> list[Any]:
            return await raw.fetch(sql, *p.values)  # type: ignore[no-any-return]

        yield on_raw


class ContactsRunner:
    """`contacts(first, after, last, before, filter, orderBy)` with the selection of one document."""

    def __init__(self, plan: ConnectionPlan) -> None:
        self.plan = plan
        self.nodes = ObjectRunner(plan.node)

    async def answer(self, *, first: int | None, after: str | None, last: int | None, before: str | None,
                     criteria: dict[str, Any] | None, order: list[tuple[str, bool]] | None) -> dict[str, Any]:
        where = contacts_where(criteria)
        nodes = self.nodes
        async with one_connection() as fetch:
            page: Page[Any] = await keyset_rows_page(
                "contact", list, where=where, order=order_keys(order), first=first, after=after, last=last,
                before=before, columns=", ".join(nodes.columns) or "t.id", joins=" ".join(nodes.joins), fetch=fetch)
            built = await nodes.complete(page.items, fetch, dialect())
            total = await page.count() if _wants(self.plan.parts, "totalCount") else None
        return _connection(self.plan.parts, page, built, total)


def _wants(parts: tuple[Part, ...], kind: str) -> bool:
    return any(part.kind == kind for part in parts)


def _connection(parts: tuple[Part, ...], page: Page[Any], nodes: list[dict[str, Any]],
                total: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        if part.kind == "nodes":
            out[part.key] = nodes
        elif part.kind == "edges":
            out[part.key] = [_edge(part.parts, cursor, node) for cursor, node in zip(page.cursors, nodes, strict=True)]
        elif part.kind == "pageInfo":
            out[part.key] = _page_info(part.parts, page)
        elif part.kind == "totalCount":
            out[part.key] = total
        else:
            out[part.key] = part.name
    return out


def _edge(parts: tuple[Part, ...], cursor: str, node: dict[str, Any]) -> dict[str, Any]:
    return {part.key: cursor if part.kind == "cursor" else node if part.kind == "node" else part.name
            for part in parts}


def _page_info(parts: tuple[Part, ...], page: Page[Any]) -> dict[str, Any]:
    values = {"hasNextPage": page.has_next_page, "hasPreviousPage": page.has_previous_page,
              "startCursor": page.cursors[0] if page.cursors else None,
              "endCursor": page.cursors[-1] if page.cursors else None}
    return {part.key: values[part.kind] if part.kind in values else part.name for part in parts}
