"""Generate a realistic contact base for the benchmarks, set-based, in a freshly created database.

    python -m bench.generate --contacts 1000000 --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench
"""

from __future__ import annotations

import argparse
import asyncio
import time
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.bulk import drop_secondary
from bench.fill import contact_statements, link_statements
from bench.masters import insert_masters
from segmentum.config.database import migrate

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/segmentum_bench"


def asyncpg_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


async def recreate_database(url: str) -> None:
    parts = urlsplit(asyncpg_url(url))
    name = parts.path.lstrip("/")
    if not name or '"' in name:
        raise SystemExit(f"Bad database name in {url!r}.")
    conn = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


class Clock:
    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()

    def lap(self, what: str, rows: str = "") -> None:
        now = time.perf_counter()
        print(f"  {what:<24} {now - self.last:8.1f} s  {rows}", flush=True)
        self.last = now


async def fill(url: str, contacts: int) -> None:
    conn = await asyncpg.connect(asyncpg_url(url))
    clock = Clock()
    try:
        await conn.execute("SET synchronous_commit TO off")
        await conn.execute("SET work_mem TO '64MB'")
        await conn.execute("SET maintenance_work_mem TO '256MB'")
        await conn.execute("SELECT setseed(0.4242)")
        picks = await insert_masters(conn)
        restore = await drop_secondary(conn)
        clock.lap("master data")
        for what, sql, args in contact_statements(contacts, picks):
            status = await conn.execute(sql, *args)
            clock.lap(what, status.rsplit(" ", 1)[-1] + " rows")
        await conn.execute("ANALYZE contact")
        for what, sql, args in link_statements(contacts, picks):
            status = await conn.execute(sql, *args)
            clock.lap(what, status.rsplit(" ", 1)[-1] + " rows")
        for ddl in restore:
            await conn.execute(ddl)
        clock.lap("indexes + constraints", f"{len(restore)} restored")
        await conn.execute("UPDATE number_series SET last_no = $1 WHERE code = 'CONTACT'", contacts)
        await reset_sequences(conn)
        await conn.execute("VACUUM ANALYZE")
        clock.lap("vacuum analyze")
    finally:
        await conn.close()
    print(f"  {'total':<24} {time.perf_counter() - clock.start:8.1f} s")


async def reset_sequences(conn: asyncpg.Connection) -> None:
    """Rows inserted with explicit ids leave their sequences behind; move each past its table's max id."""
    rows = await conn.fetch(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND column_name = 'id' AND column_default LIKE 'nextval(%'"
    )
    for row in rows:
        table = row["table_name"]
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, "
            "false)"
        )


async def main(url: str, contacts: int) -> None:
    print(f"Generating {contacts:,} contacts in {url}", flush=True)
    clock = Clock()
    await recreate_database(url)
    await migrate(url)
    clock.lap("create + migrate")
    await fill(url, contacts)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.contacts < 10:
        raise SystemExit("--contacts must be at least 10.")
    asyncio.run(main(args.database_url, args.contacts))


if __name__ == "__main__":
    cli()
