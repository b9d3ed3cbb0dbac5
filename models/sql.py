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


def null_safe_equal(sql_dialect: str) -> str:
    """The operator for which NULL equals NULL (and no other value)."""
    return "IS NOT DISTINCT FROM" if sql_dialect == "postgres" else "IS"


class Params:
    """Collects bound values while SQL text is built.

    Placeholders are numbered on both dialects (`$n` on PostgreSQL, `?n` on SQLite), so fragments may be
    composed in any order.
    """

    def __init__(self, sql_dialect: str | None = None) -> None:
        self.dialect = sql_dialect or dialect()
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        self.values.append(value)
        n = len(self.values)
        return f"?{n}" if self.dialect == "sqlite" else f"${n}"

    def typed(self, value: Any, pg_type: str) -> str:
        """A placeholder with an explicit type on PostgreSQL, where a bare parameter in a SELECT list
        (e.g. INSERT ... SELECT $1) would otherwise be taken as text."""
        ph = self.add(value)
        return ph if self.dialect == "sqlite" else f"CAST({ph} AS {pg_type})"

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
    client = client or connection()
    values = params.values if params else []
    if client.capabilities.dialect == "postgres":
        # The status tag's last word is the row count ("INSERT 0 3", "DELETE 2"); Tortoise's own
        # execute_query reads the second word, which for INSERT is the OID.
        async with client.acquire_connection() as conn:
            status = await conn.execute(sql, *values)
        last = str(status).rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0
    affected, _ = await client.execute_query(sql, values or None)
    return int(affected or 0)
