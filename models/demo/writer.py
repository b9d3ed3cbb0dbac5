"""Loading many rows quickly: COPY on PostgreSQL, multi-row INSERTs with bound values on SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from segmentum.models.sql import Params, connection, execute

# Both asyncpg and SQLite accept well over this many bound values per statement.
MAX_PARAMS = 30000
MAX_ROWS = 2000


class TableWriter:
    """Collects rows for one table and writes them in as few statements as the parameter limit allows."""

    def __init__(self, table: str, columns: Sequence[str], dialect: str) -> None:
        self.table = table
        self.columns = list(columns)
        self.dialect = dialect
        self.rows: list[Sequence[Any]] = []
        self.rows_per_statement = max(1, min(MAX_ROWS, MAX_PARAMS // len(self.columns)))
        self.written = 0
        self._sql: dict[int, str] = {}

    def add(self, row: Sequence[Any]) -> None:
        self.rows.append(row)

    def _statement(self, n_rows: int) -> str:
        sql = self._sql.get(n_rows)
        if sql is None:
            width = len(self.columns)
            if self.dialect == "sqlite":
                group = "(" + ", ".join("?" * width) + ")"
                values = ", ".join([group] * n_rows)
            else:
                values = ", ".join(
                    "(" + ", ".join(f"${r * width + c + 1}" for c in range(width)) + ")" for r in range(n_rows)
                )
            cols = ", ".join(f'"{c}"' for c in self.columns)
            sql = f'INSERT INTO "{self.table}" ({cols}) VALUES {values}'
            self._sql[n_rows] = sql
        return sql

    async def flush(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        if self.dialect == "postgres":
            # Through the current client, so inside a transaction the COPY is part of it.
            async with connection().acquire_connection() as conn:
                await conn.copy_records_to_table(self.table, records=rows, columns=self.columns)
            self.written += len(rows)
            return
        step = self.rows_per_statement
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            params = Params(self.dialect)
            params.values = [value for row in part for value in row]
            await execute(self._statement(len(part)), params)
        self.written += len(rows)
