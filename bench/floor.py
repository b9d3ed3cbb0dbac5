"""The write floor (SPEC §5, the yardstick of every worksheet benchmark): an operation's minimal statements run
against a copy of their target table with the same columns, indexes and page fill and no foreign keys or
triggers, WAL-logged like the real table, created (holding the real table's rows) and rolled back in the run.

Only the statements are timed, not the copy. What an operation writes besides its minimal statements (archive,
pending rows, action records, counts) counts against it.
"""

from __future__ import annotations

import re

import asyncpg


def copy_name(table: str) -> str:
    return f"bench_floor_{table}"


async def make_copy(conn: asyncpg.Connection, table: str = "segment_line") -> str:
    """The copy of `table` with its rows, analyzed, in the caller's transaction; its name."""
    name = copy_name(table)
    options = await conn.fetchval("SELECT reloptions FROM pg_class WHERE oid = $1::regclass", table)
    storage = f" WITH ({', '.join(options)})" if options else ""
    await conn.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING INDEXES "
                       f"INCLUDING IDENTITY){storage}")
    await conn.execute(f"INSERT INTO {name} SELECT * FROM {table}")
    await conn.execute(f"ANALYZE {name}")
    # The copy's own writes are not the statements': flushed before the clock starts.
    await conn.execute("CHECKPOINT")
    return name


def on_copy(sql: str, table: str = "segment_line") -> str:
    """`sql` with every reference to `table` (a whole word: not segment_line_archive) on its copy."""
    return re.sub(rf"\b{table}\b", copy_name(table), sql)
