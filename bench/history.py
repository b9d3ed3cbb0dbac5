"""The membership history against the segment's lines, over the API, on a large base.

    python -m bench.history --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--repeat 5]

A segment is built through Segmentum by the bench's Add (Expand Companies), Reduce, Go Back, Go Back and the Add
again, so that its history holds every kind of stint: lines that left and came back, an undone Add's contacts, and
lines that are there now. Then, in the same run and taking turns:

- `membershipEvents(first: 100)` against `lines(first: 100)` of the same segment (each node with its contact's id);
- `membershipEvents(first: 1) { totalCount }` against `SELECT count(*)` of the segment's lines;
- `members(asOf:, first: 100)` (each member's contact id and entry) against `lines(first: 100)`, at two moments:
  after the Reduce (the first Add's contacts, read from its undone contact rows) and now (the current lines);
- `lines(first: 100)` with each line's `entry` (what brought it in) against `lines(first: 100)`.

Both GraphQL reads run in this process through the schema, as a request does after its parse. Target: each ratio at
most 3; exit code 1 above it, unless --no-fail.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime
from typing import Any

import asyncpg
from tortoise import Tortoise

from bench.generate import DEFAULT_URL, asyncpg_url
from bench.operations import PREFIX, _committed, _header, ours_add, ours_go_back, ours_reduce
from segmentum.config.database import tortoise_config
from segmentum.config.settings import Settings
from segmentum.models.segments import Segment
from segmentum.resolvers.loaders import Loaders
from segmentum.schema.context import Context, Viewer
from segmentum.schema.root import build_schema

TARGET = 3.0
SEGMENT_NO = PREFIX + "HISTORY"
EVENTS = ("query($no: String!) { segment(no: $no) { membershipEvents(first: 100) { nodes { kind at "
          "contact { id } } } } }")
LINES = "query($no: String!) { segment(no: $no) { lines(first: 100) { nodes { lineNo contact { id } } } } }"
EVENT_COUNT = "query($no: String!) { segment(no: $no) { membershipEvents(first: 1) { totalCount } } }"
MEMBERS = ("query($no: String!, $at: DateTime!) { segment(no: $no) { members(asOf: $at, first: 100) { nodes { "
           "contact { id } entry { kind cause at } } } } }")
ENTRIES = ("query($no: String!) { segment(no: $no) { lines(first: 100) { nodes { lineNo contact { id } "
           "entry { kind cause position at } } } } }")


async def build() -> tuple[int, str]:
    """The segment, and a moment after its Reduce."""
    await Segment.filter(no=SEGMENT_NO).delete()
    segment = await _header(SEGMENT_NO)
    moment = ""
    for step in (ours_add, ours_reduce, ours_go_back, ours_go_back, ours_add):
        await _committed(segment.id, step)
        if step is ours_reduce:
            moment = datetime.now(UTC).isoformat()
    return segment.id, moment


async def timed_query(schema: Any, settings: Settings, document: str, **variables: Any) -> tuple[float, Any]:
    context = Context(settings=settings, viewer=Viewer("bench", frozenset({"read"})), loaders=Loaders())
    start = time.perf_counter()
    result = await schema.execute(document, variable_values={"no": SEGMENT_NO, **variables}, context_value=context)
    elapsed = (time.perf_counter() - start) * 1000
    if result.errors:
        raise SystemExit(f"{document}: {result.errors}")
    return elapsed, result.data


async def main(url: str, repeat: int) -> float:
    await Tortoise.init(config=tortoise_config(url))
    conn = await asyncpg.connect(asyncpg_url(url))
    settings = Settings()
    schema = build_schema(settings)
    try:
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        print(f"{contacts:,} contacts; Add, Reduce, Go Back, Go Back, Add ...", flush=True)
        segment_id, after_reduce = await build()
        await conn.execute("VACUUM ANALYZE segment_line, segment_line_archive")
        lines = await conn.fetchval("SELECT count(*) FROM segment_line WHERE segment_id = $1", segment_id)
        times: dict[str, list[float]] = {name: [] for name in (
            "events", "lines", "event count", "line count", "members then", "members now", "entries")}
        total = None
        for i in range(repeat + 1):  # the first round warms up
            round_ms: dict[str, float] = {}
            round_ms["events"], events = await timed_query(schema, settings, EVENTS)
            round_ms["lines"], _ = await timed_query(schema, settings, LINES)
            round_ms["event count"], counted = await timed_query(schema, settings, EVENT_COUNT)
            start = time.perf_counter()
            await conn.fetchval("SELECT count(*) FROM segment_line WHERE segment_id = $1", segment_id)
            round_ms["line count"] = (time.perf_counter() - start) * 1000
            round_ms["members then"], then = await timed_query(schema, settings, MEMBERS, at=after_reduce)
            round_ms["members now"], current = await timed_query(schema, settings, MEMBERS,
                                                                 at=datetime.now(UTC).isoformat())
            round_ms["entries"], entries = await timed_query(schema, settings, ENTRIES)
            total = counted["segment"]["membershipEvents"]["totalCount"]
            pages = (events["segment"]["membershipEvents"]["nodes"], then["segment"]["members"]["nodes"],
                     current["segment"]["members"]["nodes"], entries["segment"]["lines"]["nodes"])
            if any(len(nodes) != 100 for nodes in pages) or any(n["entry"] is None for n in pages[3]):
                raise SystemExit("a page has fewer than 100 items, or a line no entry")
            if i:
                for name, ms in round_ms.items():
                    times[name].append(ms)
        med = {name: statistics.median(values) for name, values in times.items()}
        page, count = med["events"] / med["lines"], med["event count"] / med["line count"]
        ratios = {name: med[name] / med["lines"] for name in ("members then", "members now", "entries")}
        print(f"\nHistory benchmark, {contacts:,} contacts, {lines:,} lines, {total:,} events (medians of {repeat})")
        print(f"{'read':<40} {'history ms':>11} {'lines ms':>9} {'ratio':>6}")
        print(f"{'a page of 100':<40} {med['events']:>11.1f} {med['lines']:>9.1f} {page:>6.2f}")
        print(f"{'totalCount / count(*) of the lines':<40} {med['event count']:>11.1f} {med['line count']:>9.1f} "
              f"{count:>6.2f}")
        for name, label in (("members then", "members(asOf: after the Reduce)"), ("members now", "members(asOf: now)"),
                            ("entries", "lines with their entry")):
            print(f"{label + ', a page of 100':<40} {med[name]:>11.1f} {med['lines']:>9.1f} {ratios[name]:>6.2f}")
        await Segment.filter(id=segment_id).delete()
        return max(page, count, *ratios.values())
    finally:
        await conn.close()
        await Tortoise.close_connections()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    worst = asyncio.run(main(args.database_url, max(1, args.repeat)))
    if worst > TARGET and not args.no_fail:
        print(f"above the {TARGET} target", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    cli()
