"""The cost of segment_line's one remaining foreign key (to its segment, migration 0023): the bench's Add statement
(`minimal.ADD_INSERT`, 150,160 lines at 1,000,000 contacts) into the write floor's key-less copy of segment_line,
with and without that key added to the copy, alternating, each in a transaction rolled back.

    python -m bench.line_keys --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--repeat 3]

Run it after bench.worksheet, which leaves the empty starting segment BENCH-EMPTY. The writer holds the segment row
FOR UPDATE, as lock_segment does.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import asyncpg

from bench.floor import make_copy, on_copy
from bench.generate import DEFAULT_URL, asyncpg_url
from bench.minimal import ADD_INSERT
from bench.operations import CITIES, INDUSTRIES, PREFIX


class Rollback(Exception):
    pass


async def run(conn: asyncpg.Connection, segment_id: int, with_key: bool) -> float:
    try:
        async with conn.transaction():
            await conn.execute("SELECT id FROM segment WHERE id = $1 FOR UPDATE", segment_id)
            copy = await make_copy(conn)
            if with_key:
                await conn.execute(f"ALTER TABLE {copy} ADD FOREIGN KEY (segment_id) REFERENCES segment (id) "
                                   "ON DELETE CASCADE")
            await conn.execute("SET LOCAL jit = off")
            start = time.perf_counter()
            await conn.execute(on_copy(ADD_INSERT), segment_id, CITIES, INDUSTRIES)
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000


async def main(url: str, repeat: int) -> None:
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        segment_id = await conn.fetchval("SELECT id FROM segment WHERE no = $1", PREFIX + "EMPTY")
        if segment_id is None:
            raise SystemExit("no segment BENCH-EMPTY: run bench.worksheet first")
        times: dict[bool, list[float]] = {True: [], False: []}
        for i in range(repeat):
            for with_key in (True, False) if i % 2 else (False, True):
                await conn.execute("VACUUM ANALYZE segment_line")
                await conn.execute("CHECKPOINT")
                times[with_key].append(await run(conn, segment_id, with_key))
            print(f"run {i + 1}: with the segment's key {times[True][-1]:.0f} ms, without {times[False][-1]:.0f} ms",
                  flush=True)
        keyed, bare = statistics.median(times[True]), statistics.median(times[False])
        print(f"medians: with the segment's key {keyed:.0f} ms, without {bare:.0f} ms, ratio {keyed / bare:.3f}")
    finally:
        await conn.close()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, max(1, args.repeat)))


if __name__ == "__main__":
    cli()
