"""Re-evaluating a DYNAMIC segment of five actions against its write floor and the minimal statements, in the
same run.

    python -m bench.reevaluate --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_wk [--repeat 3]

The segment is built once through Segmentum (five actions: Add by city, Add by city, Reduce by correspondence
type, Refine by city, Add by city) and committed; then about 5% of the contacts move to another city (also
committed), so that a re-evaluation has leavers and newcomers. Each measured run is a transaction that is
rolled back, after the same VACUUM ANALYZE of the segment tables and CHECKPOINT (`bench.worksheet.settle`); the
side that goes first alternates:

- **Segmentum**: `reevaluate()` after locking the segment, as the SEGMENT_REEVALUATE job does (replay of every
  action, leavers with their membership events, newcomers with theirs, the last action's history rebuilt).
- **Minimal**: on one asyncpg connection, the new membership computed by one hand-written statement that
  combines the five conditions, the `DELETE` of the leavers and the `INSERT ... SELECT` of the newcomers, with
  the same `SET LOCAL jit = off` as Segmentum.
- **Write floor** (the target's yardstick, SPEC §5): the same minimal statements against a copy of
  `segment_line` with its indexes and no foreign keys or triggers, WAL-logged, made (untimed) and rolled back in
  the run (bench.floor).

Both sides must end with the same members (count and md5). The process's peak memory (ru_maxrss) is printed
last; compare it between a 100,000- and a 1,000,000-contact database. Exit code 1 when the ratio to the write
floor exceeds 1.5.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time

import asyncpg
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bench.floor import make_copy, on_copy
from bench.generate import asyncpg_url
from bench.worksheet import settle
from segmentum.config.database import tortoise_config
from segmentum.models.criteria import Criteria
from segmentum.models.enums import SegmentKind
from segmentum.models.segments import Segment
from segmentum.models.worksheet.actions import add_contacts, remove_contacts
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.reevaluate import Reevaluation, reevaluate

TARGET = 1.5
SEGMENT_NO = "BENCH-REEVAL"
# Line numbers go in steps of 10000 (as BC): a segment holds at most ~214,000 of them, so the cities are mid-sized.
A, B, F, C = "KORTRIJK|SINT-NIKLAAS", "HASSELT", "KORTRIJK|HASSELT", "AALST"

MEMBERS = "SELECT contact_id FROM segment_line WHERE segment_id = $1"
DIGEST = f"SELECT count(*) AS n, md5(string_agg(contact_id::text, ',' ORDER BY contact_id)) AS md5 FROM ({MEMBERS}) x"


def _in(cities: str) -> str:
    return "(" + ", ".join(f"'{c}'" for c in cities.split("|")) + ")"


MINIMAL = [
    # Planned as Segmentum's statements are (models.worksheet.recording.plan_for_actions).
    "SET LOCAL jit = off",
    # The new membership, by one statement combining the five actions.
    "CREATE TEMP TABLE bench_new_members ON COMMIT DROP AS SELECT c.id FROM contact c "
    "WHERE NOT c.privacy_blocked AND NOT c.exclude_from_segment AND ("
    f"(c.city IN {_in(A + '|' + B)} AND c.correspondence_type <> 'NONE' AND c.city IN {_in(F)}) "
    f"OR c.city IN {_in(C)})",
    # Statistics for the planner (without them it takes the table for a few hundred rows and probes contact
    # once per member for the newcomers, ~1 s instead of ~0.2 s).
    "ANALYZE bench_new_members",
    "DELETE FROM segment_line l WHERE l.segment_id = $1 AND NOT EXISTS "
    "(SELECT 1 FROM bench_new_members n WHERE n.id = l.contact_id)",
    "INSERT INTO segment_line (segment_id, line_no, contact_id, contact_company_id, cost_lcy, duration_min, "
    "correspondence_type, information_flow, initiated_by, campaign_target, campaign_response, evaluation, "
    "attempt_failed) SELECT $1, (SELECT max(line_no) FROM segment_line WHERE segment_id = $1) "
    "+ 10000 * row_number() OVER (ORDER BY c.id), c.id, c.company_id, 0, 0, "
    "c.correspondence_type, 'NONE', 'NONE', false, false, 'NONE', false "
    "FROM bench_new_members n JOIN contact c ON c.id = n.id WHERE NOT EXISTS "
    "(SELECT 1 FROM segment_line l WHERE l.segment_id = $1 AND l.contact_id = n.id)",
]


async def build() -> Segment:
    await Segment.filter(no=SEGMENT_NO).delete()
    async with in_transaction():
        segment = await Segment.create(no=SEGMENT_NO, date="2026-01-01", kind=SegmentKind.DYNAMIC,
                                       refresh_interval_minutes=60)
        await add_contacts(segment, Criteria.parse({"contact": {"city": {"expr": A}}}))
        await add_contacts(segment, Criteria.parse({"contact": {"city": {"expr": B}}}))
        await remove_contacts(segment, Criteria.parse({"contact": {"correspondence_type": ["NONE"]}}), refine=False)
        await remove_contacts(segment, Criteria.parse({"contact": {"city": {"expr": F}}}), refine=True)
        await add_contacts(segment, Criteria.parse({"contact": {"city": {"expr": C}}}))
    return segment


async def run_ours(conn: asyncpg.Connection, segment_id: int, times: list[float]) -> tuple[dict, Reevaluation]:
    """One re-evaluation through Segmentum, rolled back: its members' digest and its counts."""
    await settle(conn)
    async with in_transaction() as tx:
        t = time.perf_counter()
        result = await reevaluate(await lock_segment(segment_id))
        times.append(time.perf_counter() - t)
        digest = await tx.execute_query_dict(DIGEST.replace("$1", str(segment_id)))
        await tx.rollback()
    return dict(digest[0]), result


async def run_minimal(conn: asyncpg.Connection, segment_id: int, times: list[float]) -> dict:
    """The minimal statements on their own connection, rolled back: the members' digest."""
    await settle(conn)
    tr = conn.transaction()
    await tr.start()
    t = time.perf_counter()
    for sql in MINIMAL:
        await (conn.execute(sql, segment_id) if "$1" in sql else conn.execute(sql))
    times.append(time.perf_counter() - t)
    digest = await conn.fetchrow(DIGEST, segment_id)
    await tr.rollback()
    return dict(digest)


async def run_floor(conn: asyncpg.Connection, segment_id: int, times: list[float]) -> dict:
    """The minimal statements against the key-less copy of segment_line, rolled back: the copy's members' digest."""
    await settle(conn)
    tr = conn.transaction()
    await tr.start()
    await make_copy(conn)
    t = time.perf_counter()
    for sql in map(on_copy, MINIMAL):
        await (conn.execute(sql, segment_id) if "$1" in sql else conn.execute(sql))
    times.append(time.perf_counter() - t)
    digest = await conn.fetchrow(on_copy(DIGEST), segment_id)
    await tr.rollback()
    return dict(digest)


async def main(url: str, repeat: int, fail: bool) -> int:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        started = time.perf_counter()
        segment = await build()
        print(f"segment built with 5 actions: {(await conn.fetchrow(DIGEST, segment.id))['n']:,} "
              f"lines ({time.perf_counter() - started:.1f} s)")
        # 5% of the contacts change; those in the cities above move (back again on the next run of the bench).
        moved = await conn.execute("UPDATE contact SET city = CASE city WHEN 'KORTRIJK' THEN 'AALST' "
                                   "WHEN 'AALST' THEN 'KORTRIJK' WHEN 'HASSELT' THEN 'GENK' WHEN 'GENK' THEN "
                                   "'HASSELT' ELSE city END, updated_at = now() WHERE id % 20 = 7")
        # The segment's lines are all new and the moves left dead rows: the tables as autovacuum would leave them
        # soon after (without statistics the planner takes the segment for ~300 lines; without the vacuum every
        # earlier run of the bench, rolled back, leaves its rows for each scan to skip).
        for table in ("contact", "segment_line", "segment_line_archive"):
            await conn.execute(f"VACUUM ANALYZE {table}")
        print(f"contacts changed: {moved.split()[-1]}")
        ours: list[float] = []
        minimal: list[float] = []
        floor: list[float] = []
        for run in range(repeat):
            # The side that goes first rotates between runs.
            for side in ("ours", "min", "floor")[run % 3:] + ("ours", "min", "floor")[:run % 3]:
                if side == "ours":
                    ours_digest, result = await run_ours(conn, segment.id, ours)
                elif side == "min":
                    min_digest = await run_minimal(conn, segment.id, minimal)
                else:
                    floor_digest = await run_floor(conn, segment.id, floor)
            same = ours_digest == min_digest == floor_digest
            print(f"run {run + 1}: segmentum {ours[-1]:.2f} s (+{result.lines_added} -{result.lines_removed}), "
                  f"write floor {floor[-1]:.2f} s, minimal {minimal[-1]:.2f} s, same members: {same}")
            if not same:
                print("the sides differ:", ours_digest, min_digest, floor_digest)
                return 2
        ratio = statistics.median(ours) / statistics.median(floor)
        min_ratio = statistics.median(ours) / statistics.median(minimal)
        print(f"median segmentum {statistics.median(ours):.2f} s, write floor {statistics.median(floor):.2f} s, "
              f"ratio {ratio:.2f} (target <= {TARGET}); minimal {statistics.median(minimal):.2f} s, "
              f"ratio {min_ratio:.2f}")
        print(f"peak memory (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        await Segment.filter(no=SEGMENT_NO).delete()
        return 1 if fail and ratio > TARGET else 0
    finally:
        await conn.close()
        await Tortoise.close_connections()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/segmentum_bench_wk")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.database_url, args.repeat, not args.no_fail)))


if __name__ == "__main__":
    cli()
