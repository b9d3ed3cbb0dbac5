"""Raw, parameterised SQL for set-based work: one placeholder style per dialect, values always bound."""

from __future__ import annotations

from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient


def connection() -> BaseDBAsyncClient:
    return connections.get("default")


def dialect() -> str:
    """'postgres' or 'sqlite'."""
    return connection().capabilities.dialect


class Params:
    """Collects bound values while SQL text is built left to right.

    SQLite uses positional `?`, so fragments must be concatenated in the order they were built;
    PostgreSQL uses numbered `$n`, which is order-independent.
    """

    def __init__(self, sql_dialect: str | None = None) -> None:
        self.dialect = sql_dialect or dialect()
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        return "?" if self.dialect == "sqlite" else f"${len(self.values)}"

    def add_list(self, values: list[Any]) -> str:
        """A parenthesised list of placeholders for IN (...); never empty (callers check)."""
        return "(" + ", ".join(self.add(v) for v in values) + ")"


async def fetch_all(
    sql: str, params: Params | None = None, client: BaseDBAsyncClient | None = None
) -> list[dict[str, Any]]:
    return await (client or connection()).execute_query_dict(sql, params.values if params else None)


async def fetch_value(sql: str, params: Params | None = None, client: BaseDBAsyncClient | None = None) -> Any:
    rows = await fetch_all(sql, params, client)
    if not rows:
        return None
    return next(iter(rows[0].values()))


async def execute(sql: str, params: Params | None = None, client: BaseDBAsyncClient | None = None) -> int:
    """Run a statement; returns the number of affected rows."""
    affected, _ = await (client or connection()).execute_query(sql, params.values if params else None)
    return int(affected or 0)
