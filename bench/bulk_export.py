"""Bulk exports against `COPY (SELECT ...) TO STDOUT` of the same data, on a large base.

    python -m bench.bulk_export --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_export

Two exports, each run as a BULK_QUERY job's function (schema/bulk/job.py) in a process of its own, so that its
peak memory (ru_maxrss) is its own:

- every contact with its company, salesperson and industry groups (a `contacts` query: the read plan's path);
- every line of the bench's segment (the Add of bench/operations.py: 150,160 lines on the 1,000,000 base) with its
  contact (a `segments` query with the nested `lines` connection: its read plan, resolvers/bulk_segments.py).

Each against `COPY (SELECT ...) TO STDOUT` of the same rows and columns, read by asyncpg and discarded, in the
same run. Target: each export at most 3x its COPY; the figures are printed whatever they are. The export's own
CPU time (its process: Python, the JSON, the driver) is printed beside its wall time: on a shared machine a niced
export waits for the CPU while the server's COPY does not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from typing import Any

import asyncpg
from tortoise import Tortoise

from bench.generate import DEFAULT_URL, asyncpg_url
from bench.operations import PREFIX, _committed, _header, ours_add
from segmentum.config.database import tortoise_config

TARGET = 3.0
SEGMENT_NO = PREFIX + "EXPORT"
CONTACTS = """{ contacts { nodes { id no name type city company { no name } salesperson { code name }
  industryGroups { code description } } } }"""
LINES = "{ segments { nodes { id no lines { nodes { lineNo contact { id no name } } } } } }"
COPY_CONTACTS = (
    "SELECT c.id, c.no, c.name, c.type, c.city, co.no, co.name, sp.code, sp.name, "
    "(SELECT string_agg(ig.code || ':' || ig.description, ',' ORDER BY ig.code) FROM contact_industry_group l "
    "JOIN industry_group ig ON ig.id = l.industry_group_id WHERE l.contact_id = c.company_id) "
    "FROM contact c LEFT JOIN contact co ON co.id = c.company_id LEFT JOIN salesperson sp ON sp.id = c.salesperson_id "
    "ORDER BY c.no, c.id")
COPY_LINES = (
    "SELECT s.id, s.no, l.line_no, c.id, c.no, c.name FROM segment s JOIN segment_line l ON l.segment_id = s.id "
    "JOIN contact c ON c.id = l.contact_id ORDER BY s.no, s.id, l.line_no")


async def export_once(url: str, query: str) -> dict[str, Any]:
    """One export in this process: the job function on a Job row of its own, deleted after."""
    from segmentum.models.bulk_files import BulkQueryFile
    from segmentum.models.enums import JobKind, JobStatus
    from segmentum.models.system import Job
    from segmentum.schema.bulk.job import bulk_query_job, bulk_schema

    bulk_schema()  # built once per worker process, before its first job: not part of an export
    await Tortoise.init(config=tortoise_config(url))
    job = await Job.create(kind=JobKind.BULK_QUERY, status=JobStatus.RUNNING, payload={}, started_by="bench")
    try:
        start = time.perf_counter()
        result = await bulk_query_job({}, job, query=query, scopes=["read"])
        seconds = time.perf_counter() - start
        file = await BulkQueryFile.get(job_id=job.id)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {"seconds": seconds, "objects": result["objectCount"], "bytes": file.byte_count,
                "peak_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}
    finally:
        await Job.filter(id=job.id).delete()
        await Tortoise.close_connections()


def export_in_child(url: str, query: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.bulk_export", "--database-url", url, "--child", query],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


async def copy_seconds(conn: asyncpg.Connection, select: str) -> tuple[float, int, int]:
    counted = {"bytes": 0, "rows": 0}

    async def sink(data: bytes) -> None:
        counted["bytes"] += len(data)
        counted["rows"] += data.count(b"\n")

    start = time.perf_counter()
    await conn.copy_from_query(select, output=sink)
    return time.perf_counter() - start, counted["rows"], counted["bytes"]


async def build_segment(url: str) -> None:
    from segmentum.models.segments import Segment

    await Tortoise.init(config=tortoise_config(url))
    try:
        if not await Segment.filter(no=SEGMENT_NO).exists():
            segment = await _header(SEGMENT_NO)
            await _committed(segment.id, ours_add)
    finally:
        await Tortoise.close_connections()


async def main(url: str, repeat: int, only: str | None = None) -> float:
    await build_segment(url)
    conn = await asyncpg.connect(asyncpg_url(url))
    worst = 0.0
    try:
        await conn.execute("VACUUM ANALYZE")
        segments = await conn.fetchval("SELECT count(*) FROM segment")
        lines = await conn.fetchval("SELECT count(*) FROM segment_line")
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        print(f"{contacts:,} contacts; {segments} segment(s) with {lines:,} lines", flush=True)
        for name, query, select in (("contacts", CONTACTS, COPY_CONTACTS), ("segment lines", LINES, COPY_LINES)):
            if only is not None and name != only:
                continue
            ours, copies = [], []
            for _ in range(repeat):
                copies.append(await copy_seconds(conn, select))
                ours.append(export_in_child(url, query))
            best = min(ours, key=lambda r: r["seconds"])
            copy_s, copy_rows, copy_bytes = min(copies)
            ratio = best["seconds"] / copy_s
            worst = max(worst, ratio)
            print(f"{name}: export {best['seconds']:.2f} s, {int(best['objects']):,} objects "
                  f"({int(best['objects']) / best['seconds']:,.0f} rows/s), {best['bytes'] / 1e6:.1f} MB JSONL, "
                  f"peak RSS {best['peak_mb']:.0f} MB, process CPU {best['cpu_s']:.1f} s | "
                  f"COPY {copy_s:.2f} s, {copy_rows:,} rows "
                  f"({copy_rows / copy_s:,.0f} rows/s), {copy_bytes / 1e6:.1f} MB | ratio {ratio:.1f}", flush=True)
    finally:
        await conn.close()
    return worst


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--no-fail", action="store_true")
    parser.add_argument("--only", choices=["contacts", "segment lines"], help="run this export only")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(export_once(args.database_url, args.child))))
        sys.exit(0)
    worst_ratio = asyncio.run(main(args.database_url, args.repeat, args.only))
    print(f"worst ratio {worst_ratio:.1f} (target {TARGET})")
    sys.exit(0 if worst_ratio <= TARGET or args.no_fail else 1)
