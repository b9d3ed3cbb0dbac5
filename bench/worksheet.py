"""Segmentum's worksheet operations against their write floor (SPEC §5's yardstick: the minimal statements of
bench/minimal.py, which change segment_line alone, run against a copy of segment_line with its indexes and no
foreign keys or triggers, bench/floor.py), beside the same minimal statements on segment_line itself and
hand-written SQL doing the same work on the same data (a copy of our own design, bench/handwritten.py), all four
in the same run.

    python -m bench.worksheet --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--repeat 3]

Each measured run starts from a committed starting segment, runs one side's operation in a transaction,
takes the time, checks the result (fingerprint of lines, archive, actions; Segmentum and hand-written must
agree; the floor must change as many rows as Segmentum) and rolls back. The sides take turns, each after the
same VACUUM and CHECKPOINT. Exit code 1 when a ratio to the write floor exceeds the target (SPEC §5: 1.5), unless
--no-fail.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from tortoise import Tortoise, connections
from tortoise.transactions import in_transaction

from bench.digest import DIGEST, differences
from bench.floor import make_copy
from bench.generate import DEFAULT_URL, asyncpg_url
from bench.operations import OPERATIONS, Operation, build_starting_segments
from segmentum.config.database import tortoise_config
from segmentum.models.worksheet.recording import lock_segment

TARGET = 1.5
SEGMENT_TABLES = "segment_line, segment_line_archive, segment_criteria_action"


class Rollback(Exception):
    """Leaves the measured transaction without keeping its work."""


@dataclass
class Measured:
    op: Operation
    ours_ms: list[float] = field(default_factory=list)
    hand_ms: list[float] = field(default_factory=list)
    min_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    rows: int = 0

    @property
    def ratio(self) -> float:
        """To the write floor: the target."""
        return statistics.median(self.ours_ms) / statistics.median(self.floor_ms)

    @property
    def min_ratio(self) -> float:
        return statistics.median(self.ours_ms) / statistics.median(self.min_ms)

    @property
    def hand_ratio(self) -> float:
        return statistics.median(self.ours_ms) / statistics.median(self.hand_ms)


def counts(result: dict[str, Any]) -> dict[str, int]:
    keys = ("lines_added", "lines_removed")
    return {k: int(result.get(k, 0)) for k in keys}


async def run_ours(op: Operation, segment_id: int) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    try:
        async with in_transaction():
            result = await op.ours(await lock_segment(segment_id))
            elapsed = time.perf_counter() - start
            rows = await connections.get("default").execute_query_dict(DIGEST, [segment_id])
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, {**rows[0], **counts(vars(result))}


async def run_hand(conn: asyncpg.Connection, op: Operation, segment_id: int) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    try:
        async with conn.transaction():
            result = await op.hand(conn, segment_id)
            elapsed = time.perf_counter() - start
            row = await conn.fetchrow(DIGEST, segment_id)
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, {**dict(row), **counts(result)}


async def run_minimal(conn: asyncpg.Connection, op: Operation, segment_id: int) -> float:
    start = time.perf_counter()
    try:
        async with conn.transaction():
            await op.minimal(conn, segment_id, False)
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000


# Rows of the segment in the copy that differ from the real table's (added or gone): what the floor changed.
CHANGED = (
    "SELECT count(*) FROM ((SELECT contact_id, line_no FROM {copy} WHERE segment_id = $1 EXCEPT ALL "
    "SELECT contact_id, line_no FROM segment_line WHERE segment_id = $1) UNION ALL (SELECT contact_id, line_no "
    "FROM segment_line WHERE segment_id = $1 EXCEPT ALL SELECT contact_id, line_no FROM {copy} WHERE "
    "segment_id = $1)) x"
)


async def run_floor(conn: asyncpg.Connection, op: Operation, segment_id: int) -> tuple[float, int]:
    """The minimal statements on the key-less copy of segment_line (made untimed in the same transaction): the
    time and the number of the segment's rows they changed."""
    try:
        async with conn.transaction():
            copy = await make_copy(conn)
            await warm(conn, segment_id, copy)
            start = time.perf_counter()
            await op.minimal(conn, segment_id, True)
            elapsed = time.perf_counter() - start
            changed = await conn.fetchval(CHANGED.format(copy=copy), segment_id)
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, int(changed)


# The segment's lines, read through its index as the operations read them: heap pages and index into the cache.
WARM = "SELECT count(*), sum(length(entered_cause)) FROM {table} WHERE segment_id = $1"


async def warm(conn: asyncpg.Connection, segment_id: int, table: str = "segment_line") -> None:
    """The same cache state for every side: the starting segment's pages of the table it writes read just before
    the clock starts. Without it the copy, larger than shared_buffers, was read back from the OS's cache while the
    real table's pages were there or not depending on the side before (EXPLAIN (ANALYZE, BUFFERS) of the same
    DELETE: 4,448 pages read on the copy, all hit or all read on the table)."""
    await conn.execute("SET enable_seqscan = off")
    try:
        await conn.fetchrow(WARM.format(table=table), segment_id)
    finally:
        await conn.execute("RESET enable_seqscan")


async def settle(conn: asyncpg.Connection) -> None:
    """The same starting conditions for every run: no dead rows of the previous run, no pending checkpoint."""
    await conn.execute(f"VACUUM ANALYZE {SEGMENT_TABLES}")
    await conn.execute("CHECKPOINT")


async def measure(conn: asyncpg.Connection, op: Operation, segment_id: int, repeat: int, warmup: int) -> Measured:
    m = Measured(op)
    for i in range(warmup + repeat):
        # Rotate which side goes first, so that none always follows another's rolled-back run.
        sides = ("ours", "hand", "min", "floor")
        for side in sides[i % 4:] + sides[: i % 4]:
            await settle(conn)
            if side != "floor":  # the floor warms its copy once made
                await warm(conn, segment_id)
            if side == "ours":
                ours_ms, ours = await run_ours(op, segment_id)
            elif side == "hand":
                hand_ms, hand = await run_hand(conn, op, segment_id)
            elif side == "min":
                min_ms = await run_minimal(conn, op, segment_id)
            else:
                floor_ms, floor_rows = await run_floor(conn, op, segment_id)
        diff = differences(ours, hand)
        if diff:
            raise SystemExit(f"{op.label}: the two sides differ:\n  " + "\n  ".join(diff))
        m.rows = ours["lines_added"] + ours["lines_removed"]
        # Net of what it adds and removes (a Reuse removes some of the lines it added).
        if floor_rows != abs(ours["lines_added"] - ours["lines_removed"]):
            raise SystemExit(f"{op.label}: the write floor changed {floor_rows} rows, Segmentum "
                             f"+{ours['lines_added']} -{ours['lines_removed']}")
        if i >= warmup:
            m.ours_ms.append(ours_ms)
            m.hand_ms.append(hand_ms)
            m.min_ms.append(min_ms)
            m.floor_ms.append(floor_ms)
    return m


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def report(results: list[Measured], contacts: int, lines: dict[str, int]) -> None:
    print(f"\nWorksheet benchmark, {contacts:,} contacts (medians; ratios = Segmentum / yardstick; the target is "
          "to the write floor)")
    print(f"{'operation':<52} {'rows':>9} {'segmentum ms':>13} {'floor ms':>9} {'ratio':>6} {'minimal ms':>11} "
          f"{'ratio':>6} {'hand ms':>9} {'ratio':>6}")
    for m in results:
        flag = "" if m.ratio <= TARGET else "  > target"
        print(
            f"{m.op.label:<52} {m.rows:>9,} {statistics.median(m.ours_ms):>13.1f} "
            f"{statistics.median(m.floor_ms):>9.1f} {m.ratio:>6.2f} "
            f"{statistics.median(m.min_ms):>11.1f} {m.min_ratio:>6.2f} "
            f"{statistics.median(m.hand_ms):>9.1f} {m.hand_ratio:>6.2f}{flag}"
        )
    print("starting segments (lines): " + ", ".join(f"{k} {v:,}" for k, v in lines.items()))
    print(f"peak memory of the process (ru_maxrss): {peak_rss_mb():.1f} MB")


async def main(url: str, repeat: int, warmup: int, only: set[str]) -> list[Measured]:
    await Tortoise.init(config=tortoise_config(url))
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        print(f"{contacts:,} contacts; building the starting segments ...", flush=True)
        chosen = [o for o in OPERATIONS if not only or o.key in only]
        # Reuse replays the saved criteria, saved from C.
        segments = await build_starting_segments({o.start for o in chosen} | ({"C"} if any(
            o.key == "reuse" for o in chosen) else set()))
        # Compact, as the floor's copy is: the previous run's segments, just deleted, leave half of segment_line's
        # pages empty, and the planner then reads the whole table where the copy takes the segment's pages alone.
        await conn.execute(f"VACUUM FULL {SEGMENT_TABLES}")
        lines = {k: await conn.fetchval("SELECT count(*) FROM segment_line WHERE segment_id = $1", v)
                 for k, v in segments.items()}
        results = []
        for op in chosen:
            m = await measure(conn, op, segments[op.start], repeat, warmup)
            runs = "  ".join(f"{a:.0f}/{d:.0f}/{b:.0f}/{c:.0f}" for a, b, c, d in zip(
                m.ours_ms, m.min_ms, m.hand_ms, m.floor_ms, strict=True))
            print(f"  {op.label:<52} runs (ours/floor/minimal/hand ms): {runs}", flush=True)
            results.append(m)
        report(results, contacts, lines)
        return results
    finally:
        await conn.close()
        await Tortoise.close_connections()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=3, help="measured runs per side and operation")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs per side before those")
    parser.add_argument("--no-fail", action="store_true", help="report only; exit 0 even above the target")
    keys = [o.key for o in OPERATIONS]
    parser.add_argument("--only", default="", help=f"comma-separated subset of {','.join(keys)} (with --twice: "
                        "of add_again,reduce,refine,go_back_add,go_back_reduce,reevaluate,paging)")
    parser.add_argument("--twice", action="store_true",
                        help="the segment of every contact twice (Allow Existing Contacts): bench/twice.py")
    parser.add_argument("--keep", action="store_true", help="with --twice: its segments as the last run left them")
    args = parser.parse_args()
    only = {k for k in args.only.split(",") if k}
    if args.twice:
        from bench import twice  # it builds on this module

        if only - set(twice.KEYS):
            parser.error(f"unknown operation(s): {', '.join(sorted(only - set(twice.KEYS)))}")
        over = [m.label for m in asyncio.run(twice.main(args.database_url, max(1, args.repeat), only, args.keep))
                if m.ratio > TARGET]
        if over and not args.no_fail:
            print(f"above the {TARGET} target: {', '.join(over)}", file=sys.stderr)
            sys.exit(1)
        return
    if only - set(keys):
        parser.error(f"unknown operation(s): {', '.join(sorted(only - set(keys)))}")
    results = asyncio.run(main(args.database_url, max(1, args.repeat), max(0, args.warmup), only))
    over = [m.op.label for m in results if m.ratio > TARGET]
    if over and not args.no_fail:
        print(f"above the {TARGET} target: {', '.join(over)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    cli()
