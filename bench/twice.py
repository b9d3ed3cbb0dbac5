"""The segment of every contact twice (Allow Existing Contacts): about 2,000,000 lines at 1,000,000 contacts,
each operation on it against its write floor (SPEC §5, bench/floor.py) and the minimal statements on
segment_line itself, in the same run.

    python -m bench.worksheet --twice --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--repeat 3]

Two starting segments are built once through Segmentum and committed: ONCE (an Add of every contact, no filter)
and TWICE (the same, then an Add of every contact again with Allow Existing Contacts). Then, each in a transaction
that is rolled back, the sides taking turns after the same VACUUM ANALYZE and CHECKPOINT (bench.worksheet):

- (t1) the second Add (from ONCE), (t2) Reduce and (t3) Refine as the worksheet bench's (b) and (c), (t4) Go Back
  of the second Add, (t5) Go Back of a Reduce (the Reduce run untimed first in the same transaction: through
  Segmentum on its side, the hand-written Reduce, which leaves the same archive, on the others);
- (t6) re-evaluation of TWICE after 1% of the contacts toggled their privacy block (about 10,000 contacts: two
  lines each leave, or come), beside the new membership, the DELETE of the leavers and the INSERT of the
  newcomers;
- (t7) paging its lines through the API's keyset page (first, middle and last pages of 100, and the count)
  beside the same SELECTs by hand (a read: its floor is the read).

With --keep, ONCE and TWICE as a previous run left them are used again (a build is minutes at 1,000,000
contacts). Logging the segment is `python -m bench.log --twice --lines 1000000` (bench/log.py). Segmentum and the floor
must change the same number of the segment's rows, re-evaluation the same members, or the benchmark stops.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bench import minimal as mn
from bench import operations as ops
from bench.floor import make_copy, on_copy
from bench.generate import asyncpg_url
from bench.handwritten import COLS
from bench.minimal import LINE_VALUES
from bench.worksheet import CHANGED, Rollback, peak_rss_mb, settle, warm
from segmentum.config.database import tortoise_config
from segmentum.models.criteria import Criteria
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.worksheet import actions, undo
from segmentum.models.worksheet.actions import ActionResult
from segmentum.models.worksheet.options import ActionOptions
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.reevaluate import reevaluate
from segmentum.resolvers.pagination import _encode
from segmentum.resolvers.segments import lines_page

PREFIX = "BENCH2-"
EVERY = ActionOptions(allow_no_filter=True)
AGAIN = ActionOptions(allow_no_filter=True, allow_existing_contacts=True)

# The second Add's lines: every contact that an Add may take (not privacy-blocked, not excluded), numbered after
# the last line in BC order, initialised from the header and the contact as the worksheet bench's Add.
ADD_AGAIN = f"""
INSERT INTO segment_line (segment_id, {COLS})
{LINE_VALUES}FROM contact c LEFT JOIN contact co ON co.id = c.company_id
JOIN segment s ON s.id = $1 LEFT JOIN interaction_template t ON t.id = s.interaction_template_id
WHERE NOT c.privacy_blocked AND NOT c.exclude_from_segment"""


async def ours_add_again(seg: Segment) -> ActionResult:
    return await actions.add_contacts(seg, Criteria.parse({}), AGAIN)


async def min_add_again(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await conn.execute("SET LOCAL jit = off")
    await conn.execute(on_copy(ADD_AGAIN) if floor else ADD_AGAIN, seg)


async def ours_go_back_reduce(seg: Segment) -> ActionResult:
    return await undo.go_back(seg)


async def hand_reduce_first(conn: asyncpg.Connection, seg: int) -> None:
    await ops.hand_reduce(conn, seg)


async def ours_reduce_first(seg: Segment) -> None:
    await ops.ours_reduce(seg)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    start: str
    ours: Callable[[Segment], Awaitable[ActionResult]]
    minimal: Callable[[asyncpg.Connection, int, bool], Awaitable[None]]
    # Run untimed first in the same transaction: on Segmentum's side, and on the minimal and floor sides.
    ours_before: Callable[[Segment], Awaitable[None]] | None = None
    hand_before: Callable[[asyncpg.Connection, int], Awaitable[None]] | None = None


STEPS = [
    Step("add_again", "(t1) Add every contact again (allow existing)", "ONCE", ours_add_again, min_add_again),
    Step("reduce", "(t2) Reduce: interaction evaluation", "TWICE", ops.ours_reduce, ops.min_reduce),
    Step("refine", "(t3) Refine: job resp., entire companies", "TWICE", ops.ours_refine, ops.min_refine),
    Step("go_back_add", "(t4) Go Back of the second Add", "TWICE", ops.ours_go_back, mn.go_back_add),
    Step("go_back_reduce", "(t5) Go Back of (t2)", "TWICE", ours_go_back_reduce, mn.go_back,
         ours_reduce_first, hand_reduce_first),
]


@dataclass
class Timed:
    label: str
    rows: int = 0
    ours_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    min_ms: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours_ms) / statistics.median(self.floor_ms)

    def line(self) -> str:
        ours, floor, mini = (statistics.median(x) for x in (self.ours_ms, self.floor_ms, self.min_ms))
        return (f"{self.label:<52} {self.rows:>9,} {ours:>13.1f} {floor:>9.1f} {ours / floor:>6.2f} {mini:>11.1f} "
                f"{ours / mini:>6.2f}")


async def built() -> dict[str, int] | None:
    """ONCE and TWICE as a previous run left them (a whole build: one and two actions), if it did."""
    ids = {}
    for name, actions_wanted in (("ONCE", 1), ("TWICE", 2)):
        seg = await Segment.get_or_none(no=PREFIX + name)
        if seg is None or await SegmentCriteriaAction.filter(segment_id=seg.id).count() != actions_wanted:
            return None
        ids[name] = seg.id
    return ids


async def build() -> dict[str, int]:
    """ONCE and TWICE, committed (the previous run's removed first)."""
    await Segment.filter(no__startswith=PREFIX).delete()
    ids = {}
    for name, adds in (("ONCE", [EVERY]), ("TWICE", [EVERY, AGAIN])):
        seg = await ops._header(PREFIX + name)
        for options in adds:
            async with in_transaction():
                await actions.add_contacts(await lock_segment(seg.id), Criteria.parse({}), options)
        ids[name] = seg.id
    return ids


async def _ours(step: Step, segment_id: int) -> tuple[float, int]:
    try:
        async with in_transaction():
            seg = await lock_segment(segment_id)
            if step.ours_before is not None:
                await step.ours_before(seg)
            start = time.perf_counter()
            result = await step.ours(seg)
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, abs(result.lines_added - result.lines_removed)


async def _minimal(conn: asyncpg.Connection, step: Step, segment_id: int, floor: bool) -> tuple[float, int]:
    changed = -1
    try:
        async with conn.transaction():
            if step.hand_before is not None:
                await step.hand_before(conn, segment_id)
            if floor:
                copy = await make_copy(conn)
                await warm(conn, segment_id, copy)
            start = time.perf_counter()
            await step.minimal(conn, segment_id, floor)
            elapsed = time.perf_counter() - start
            if floor:
                changed = int(await conn.fetchval(CHANGED.format(copy=copy), segment_id))
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, changed


async def measure(conn: asyncpg.Connection, step: Step, segment_id: int, repeat: int) -> Timed:
    m = Timed(step.label)
    sides = ("ours", "min", "floor")
    for i in range(repeat):
        for side in sides[i % 3:] + sides[:i % 3]:
            await settle(conn)
            if side != "floor":
                await warm(conn, segment_id)
            if side == "ours":
                ours_ms, rows = await _ours(step, segment_id)
            elif side == "min":
                min_ms, _ = await _minimal(conn, step, segment_id, False)
            else:
                floor_ms, floor_rows = await _minimal(conn, step, segment_id, True)
        if floor_rows != rows:
            raise SystemExit(f"{step.label}: the write floor changed {floor_rows:,} rows, Segmentum {rows:,}")
        m.rows = rows
        m.ours_ms.append(ours_ms)
        m.min_ms.append(min_ms)
        m.floor_ms.append(floor_ms)
        print(f"  {step.label:<52} run {i + 1}: ours {ours_ms:.0f} ms, floor {floor_ms:.0f} ms, minimal "
              f"{min_ms:.0f} ms ({rows:,} rows)", flush=True)
    return m


# Re-evaluation: the contacts whose privacy block is toggled (about 1%), and the minimal statements doing its work.
TOGGLE = "UPDATE contact SET privacy_blocked = NOT privacy_blocked, updated_at = now() WHERE id % 100 = 7"
MEMBERS = "SELECT contact_id FROM segment_line WHERE segment_id = $1"
DIGEST = f"SELECT count(*) AS n, md5(string_agg(contact_id::text, ',' ORDER BY contact_id)) AS md5 FROM ({MEMBERS}) x"
REEVALUATE = [
    "SET LOCAL jit = off",
    "CREATE TEMP TABLE bench_new_members ON COMMIT DROP AS SELECT c.id FROM contact c "
    "WHERE NOT c.privacy_blocked AND NOT c.exclude_from_segment",
    "ANALYZE bench_new_members",
    "DELETE FROM segment_line l WHERE l.segment_id = $1 AND NOT EXISTS "
    "(SELECT 1 FROM bench_new_members n WHERE n.id = l.contact_id)",
    # Two lines for each newcomer (one per Add), after the last line number.
    "INSERT INTO segment_line (segment_id, line_no, contact_id, contact_company_id, cost_lcy, duration_min, "
    "correspondence_type, information_flow, initiated_by, campaign_target, campaign_response, evaluation, "
    "attempt_failed) SELECT $1, (SELECT max(line_no) FROM segment_line WHERE segment_id = $1) "
    "+ 10000 * row_number() OVER (ORDER BY c.id, k.i), c.id, c.company_id, 0, 0, "
    "c.correspondence_type, 'NONE', 'NONE', false, false, 'NONE', false "
    "FROM bench_new_members n JOIN contact c ON c.id = n.id CROSS JOIN (VALUES (1), (2)) k(i) WHERE NOT EXISTS "
    "(SELECT 1 FROM segment_line l WHERE l.segment_id = $1 AND l.contact_id = n.id)",
]


async def reevaluation(conn: asyncpg.Connection, segment_id: int, repeat: int) -> Timed:
    moved = await conn.execute(TOGGLE)
    await conn.execute("VACUUM ANALYZE contact")
    print(f"  privacy block toggled on {int(moved.split()[-1]):,} contacts", flush=True)
    m = Timed("(t6) Re-evaluation (privacy of 1% toggled)")
    try:
        sides = ("ours", "min", "floor")
        for i in range(repeat):
            for side in sides[i % 3:] + sides[:i % 3]:
                await settle(conn)
                if side == "ours":
                    async with in_transaction() as tx:
                        start = time.perf_counter()
                        result = await reevaluate(await lock_segment(segment_id))
                        ours_ms = (time.perf_counter() - start) * 1000
                        ours = dict((await tx.execute_query_dict(DIGEST.replace("$1", str(segment_id))))[0])
                        await tx.rollback()
                else:
                    floor = side == "floor"
                    tr = conn.transaction()
                    await tr.start()
                    if floor:
                        await make_copy(conn)
                    start = time.perf_counter()
                    for sql in (map(on_copy, REEVALUATE) if floor else REEVALUATE):
                        await (conn.execute(sql, segment_id) if "$1" in sql else conn.execute(sql))
                    elapsed = (time.perf_counter() - start) * 1000
                    digest = dict(await conn.fetchrow(on_copy(DIGEST) if floor else DIGEST, segment_id))
                    await tr.rollback()
                    if floor:
                        floor_ms, floor_digest = elapsed, digest
                    else:
                        min_ms, min_digest = elapsed, digest
            if not ours == min_digest == floor_digest:
                raise SystemExit(f"re-evaluation: the sides differ: {ours} / {min_digest} / {floor_digest}")
            m.rows = result.lines_added + result.lines_removed
            m.ours_ms.append(ours_ms)
            m.min_ms.append(min_ms)
            m.floor_ms.append(floor_ms)
            print(f"  {m.label:<52} run {i + 1}: ours {ours_ms:.0f} ms (+{result.lines_added:,} "
                  f"-{result.lines_removed:,}), floor {floor_ms:.0f} ms, minimal {min_ms:.0f} ms", flush=True)
    finally:
        await conn.execute(TOGGLE)
        await conn.execute("VACUUM ANALYZE contact")
    return m


# Paging: the API's keyset pages of 100 lines (resolvers.segments.lines_page) beside the same reads by hand.
HAND_PAGE = ("SELECT * FROM segment_line WHERE segment_id = $1 AND line_no >= $2 AND (line_no, id) > ($2, $3) "
             "ORDER BY line_no, id LIMIT 101")
HAND_LAST = "SELECT * FROM segment_line WHERE segment_id = $1 ORDER BY line_no DESC, id DESC LIMIT 101"
HAND_COUNT = "SELECT count(*) FROM segment_line WHERE segment_id = $1"


async def paging(conn: asyncpg.Connection, segment_id: int, times: int) -> list[Timed]:
    middle = await conn.fetchrow("SELECT line_no, id FROM segment_line WHERE segment_id = $1 ORDER BY line_no "
                                 "OFFSET (SELECT count(*) / 2 FROM segment_line WHERE segment_id = $1) LIMIT 1",
                                 segment_id)
    # A cursor at the middle line, encoded as the API encodes the cursors it hands out.
    mid_cursor = _encode([middle["line_no"], middle["id"]])

    async def api_first() -> int:
        return len((await lines_page(segment_id, 100, None, None, None)).items)

    async def api_middle() -> int:
        return len((await lines_page(segment_id, 100, mid_cursor, None, None)).items)

    async def api_last() -> int:
        return len((await lines_page(segment_id, None, None, 100, None)).items)

    async def api_count() -> int:
        return await (await lines_page(segment_id, 1, None, None, None)).count()

    async def hand_first() -> int:
        return min(100, len(await conn.fetch(HAND_PAGE, segment_id, -1, 0)))

    async def hand_middle() -> int:
        return min(100, len(await conn.fetch(HAND_PAGE, segment_id, middle["line_no"], middle["id"])))

    async def hand_last() -> int:
        return min(100, len(await conn.fetch(HAND_LAST, segment_id)))

    async def hand_count() -> int:
        return int(await conn.fetchval(HAND_COUNT, segment_id))

    pairs = [("first page of 100", api_first, hand_first), ("a page of 100 after the middle line", api_middle,
             hand_middle), ("last page of 100", api_last, hand_last), ("count of the lines", api_count, hand_count)]
    out = []
    await conn.execute("VACUUM ANALYZE segment_line")
    for label, api, hand in pairs:
        m = Timed(f"(t7) paging: {label}")
        for _ in range(times):
            for side, fn in (("ours", api), ("hand", hand)):
                start = time.perf_counter()
                got = await fn()
                ms = (time.perf_counter() - start) * 1000
                (m.ours_ms if side == "ours" else m.floor_ms).append(ms)
                if side == "ours":
                    ours = got
                elif got != ours:
                    raise SystemExit(f"paging {label}: the API read {ours}, the hand-written SELECT {got}")
        m.min_ms = m.floor_ms
        m.rows = ours
        out.append(m)
        print(f"  {m.label:<52} API {statistics.median(m.ours_ms):.1f} ms, by hand "
              f"{statistics.median(m.floor_ms):.1f} ms", flush=True)
    return out


async def run(conn: asyncpg.Connection, repeat: int, only: set[str], keep: bool = False) -> list[Timed]:
    contacts = await conn.fetchval("SELECT count(*) FROM contact")
    started = time.perf_counter()
    segments = await built() if keep else None
    if segments is None:
        print(f"{contacts:,} contacts; building ONCE and TWICE ...", flush=True)
        segments = await build()
        await conn.execute("VACUUM FULL segment_line, segment_line_archive, segment_criteria_action")
    sizes = {k: await conn.fetchval("SELECT count(*) FROM segment_line WHERE segment_id = $1", v)
             for k, v in segments.items()}
    print(f"  built in {time.perf_counter() - started:.0f} s: " + ", ".join(f"{k} {v:,} lines"
                                                                          for k, v in sizes.items()), flush=True)
    results = []
    # The second Add, a million lines per side, last: the other figures first.
    for step in STEPS[1:]:
        if not only or step.key in only:
            results.append(await measure(conn, step, segments[step.start], repeat))
    if not only or "reevaluate" in only:
        results.append(await reevaluation(conn, segments["TWICE"], repeat))
    if not only or "paging" in only:
        results.extend(await paging(conn, segments["TWICE"], max(5, 5 * repeat)))
    if not only or STEPS[0].key in only:
        results.append(await measure(conn, STEPS[0], segments[STEPS[0].start], repeat))
    print(f"\nThe segment of every contact twice, {contacts:,} contacts, {sizes['TWICE']:,} lines (medians; ratios = "
          "Segmentum / yardstick; paging: the API's page beside the same SELECT by hand, in both columns)")
    print(f"{'operation':<52} {'rows':>9} {'segmentum ms':>13} {'floor ms':>9} {'ratio':>6} {'minimal ms':>11} "
          f"{'ratio':>6}")
    for m in results:
        print(m.line() + ("" if m.ratio <= 1.5 else "  > target"))
    return results


KEYS = [s.key for s in STEPS] + ["reevaluate", "paging"]


async def main(url: str, repeat: int, only: set[str], keep: bool = False) -> list[Timed]:
    await Tortoise.init(config=tortoise_config(url))
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        results = await run(conn, repeat, only, keep)
        print(f"peak memory of the process (ru_maxrss): {peak_rss_mb():.1f} MB")
        return results
    finally:
        await conn.close()
        await Tortoise.close_connections()
