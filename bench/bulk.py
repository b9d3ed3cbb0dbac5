"""Bulk-load mode for the big tables: drop their secondary indexes and constraints, put them back after.

Building an index once over a full table, and checking a foreign key once as a join, is several times
faster than maintaining them row by row during the INSERT ... SELECT statements.
"""

from __future__ import annotations

import asyncpg

BIG_TABLES = [
    "contact",
    "contact_industry_group",
    "contact_business_relation",
    "contact_mailing_group",
    "contact_job_responsibility",
    "contact_profile_answer",
    "interaction_log_entry",
]


async def drop_secondary(conn: asyncpg.Connection) -> list[str]:
    """Drop the foreign keys, unique constraints and plain indexes of BIG_TABLES; return the DDL that
    restores them, in a valid order (indexes and unique constraints before foreign keys)."""
    constraints = await conn.fetch(
        # contype is a "char": asyncpg reads it as bytes, so it is read as text to compare with str.
        "SELECT conname, conrelid::regclass::text AS tbl, contype::text AS contype, pg_get_constraintdef(oid) AS def "
        "FROM pg_constraint WHERE contype IN ('f', 'u') AND conrelid::regclass::text = ANY($1::text[]) "
        "ORDER BY contype",  # 'f' before 'u': a foreign key may depend on a unique index
        BIG_TABLES,
    )
    indexes = await conn.fetch(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
        "AND i.tablename = ANY($1::text[]) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        BIG_TABLES,
    )
    for con in constraints:
        await conn.execute(f'ALTER TABLE {con["tbl"]} DROP CONSTRAINT "{con["conname"]}"')
    for idx in indexes:
        await conn.execute(f'DROP INDEX "{idx["indexname"]}"')
    restore = [idx["indexdef"] for idx in indexes]
    for kind in ("u", "f"):
        restore += [
            f'ALTER TABLE {c["tbl"]} ADD CONSTRAINT "{c["conname"]}" {c["def"]}'
            for c in constraints
            if c["contype"] == kind
        ]
    return restore
