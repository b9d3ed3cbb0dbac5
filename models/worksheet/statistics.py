"""What re-evaluation asks of the planner before its statements run, on PostgreSQL.

- Statistics: a segment just filled by a large Add or import is, until autovacuum gets to it, a table the planner
  takes for what it was before (one line, say). Its per-contact reads of the lines then chose an index that read
  every line of the segment once per contact: 223 s for the leavers of 38,388 lines at 20,000 contacts, 18 ms once
  analyzed (bench/README.md). The line and archive tables are analyzed first when more than a tenth of them (and
  over MIN_CHANGED rows) changed since their last analysis: a sample of at most 30,000 rows each, well under a
  second, and nothing when autovacuum is current.
- Memory: the fold reads `contact` through a bitmap when the actions' conditions look selective; at the default
  4 MB of work_mem a bitmap over half a million contacts of 5,000,000 turns lossy and every row of most pages is
  checked again (16 s of the 20 s fold at 5M). 64 MB keeps it exact; local to the transaction, as the import's.
"""

from __future__ import annotations

from segmentum.models.sql import dialect, execute, fetch_all

MIN_CHANGED = 10_000
TABLES = ("segment_line", "segment_line_archive")


async def plan_for_reevaluation() -> None:
    if dialect() != "postgres":
        return
    await execute("SET LOCAL work_mem = '64MB'")
    names = ", ".join(f"'{t}'" for t in TABLES)
    stale = await fetch_all(
        f"SELECT relname FROM pg_stat_user_tables WHERE relname IN ({names}) "
        f"AND n_mod_since_analyze > GREATEST({MIN_CHANGED}, n_live_tup / 10) ORDER BY relname")
    for row in stale:
        await execute(f"ANALYZE {row['relname']}")
