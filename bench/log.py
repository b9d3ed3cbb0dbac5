"""Logging a segment of 100,000 lines against the minimal statements doing the same writes, in the same run.

    python -m bench.log --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_log [--lines 100000]
        [--twice]

The segment is built once through Segmentum (an Add with its history and membership events, header from a
template with a campaign and a salesperson) and committed. Each measured run logs it in a transaction that is
rolled back:

- **Segmentum**: `log_segment` after `lock_segment`, as segmentLog does (the checks of every line, the logged
  segment, the campaign entries, the entries, the deletion of the lines and of the segment with its criteria,
  history and membership events).
- **Minimal**: on one asyncpg connection, the logged segment row, then the three statements that change the
  target rows: the `INSERT ... SELECT` of the campaign entries, the `INSERT ... SELECT` of the entries and the
  `DELETE` of the lines.
- **Write floor** (SPEC §5, the yardstick): the same `INSERT ... SELECT` of the entries (same rows, same columns)
  into a copy of `interaction_log_entry` with its indexes and no foreign keys or triggers, WAL-logged, created and
  rolled back in the run. Only that statement is timed; what Segmentum writes besides the entries (the logged
  segment, campaign entries, content records, the deletion of the lines and of the segment's history) counts
  against it.

Both sides must write the same entries (count and md5 of their copied columns), and the floor as many rows. Exit
code 1 when the ratio to the write floor exceeds 1.5 (SPEC §5), unless --no-fail. Each run follows a VACUUM ANALYZE
and a CHECKPOINT; `--fresh` leaves the ANALYZE out (VACUUM only), so the lines are logged as right after a large
Add, before the planner has statistics of them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import date

import asyncpg
from tortoise import Tortoise, connections
from tortoise.transactions import in_transaction

from bench.generate import asyncpg_url
from segmentum.config.database import tortoise_config
from segmentum.models.enums import SegmentAction
from segmentum.models.interactions import InteractionTemplate
from segmentum.models.log.segment_log import log_segment
from segmentum.models.merge import FIELDS, RenderLimits, render
from segmentum.models.rules.api_keys import create_api_key
from segmentum.models.rules.content import set_segment_language
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.sql import Params
from segmentum.models.system import ApiKey, acting_key_id
from segmentum.models.worksheet.actions import insert_lines
from segmentum.models.worksheet.options import ActionOptions
from segmentum.models.worksheet.recording import lock_segment, record_action

TARGET = 1.5
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/segmentum_bench_log"
SEGMENT_NO = "BENCH-LOG"
KEY_NAME = "bench-log"

ENTRY_COLUMNS = (
    "contact_id, contact_company_id, date, description, subject, template_id, group_id, information_flow, "
    "initiated_by, cost_lcy, duration_min, salesperson_id, campaign_id, campaign_target, campaign_response, "
    "language_code, evaluation, attempt_failed, correspondence_type, delivery_status, segment_no, created_by_id"
)
DIGEST = (
    f"SELECT count(*) AS n, md5(string_agg(ROW({ENTRY_COLUMNS})::text, '|' ORDER BY id)) AS md5, "
    "count(DISTINCT campaign_entry_id) AS campaign_entries, count(content_id) AS with_content "
    "FROM interaction_log_entry WHERE segment_no = $1"
)

MINIMAL_CAMPAIGN_ENTRIES = """
INSERT INTO campaign_entry (campaign_id, description, date, segment_no, salesperson_id, logged_segment_id, canceled,
  created_by_id)
SELECT l.campaign_id, $2, min(l.date), $3, min(l.salesperson_id), $4, false, $5
FROM segment_line l WHERE l.segment_id = $1 AND l.contact_id IS NOT NULL AND l.campaign_id IS NOT NULL
GROUP BY l.campaign_id
"""
MINIMAL_ENTRIES = """
INSERT INTO interaction_log_entry (contact_id, contact_company_id, date, description, subject, template_id, group_id,
  information_flow, initiated_by, cost_lcy, duration_min, salesperson_id, campaign_id, campaign_target,
  campaign_response, language_code, evaluation, attempt_failed, correspondence_type, delivery_status,
  campaign_entry_id, canceled, segment_no, logged_segment_id, created_at, content_id, created_by_id)
SELECT l.contact_id, c.company_id, l.date, l.description, l.subject, l.interaction_template_id,
  l.interaction_group_id, l.information_flow, l.initiated_by, l.cost_lcy, l.duration_min, l.salesperson_id,
  l.campaign_id, l.campaign_target, l.campaign_response, l.language_code, l.evaluation, l.attempt_failed,
  CASE WHEN l.correspondence_type = 'EMAIL' AND coalesce(c.email, '') = '' THEN 'NONE'
       ELSE l.correspondence_type END,
  'NONE', ce.id, false, $2, $3, now(), lc.id, $4
FROM segment_line l JOIN contact c ON c.id = l.contact_id
LEFT JOIN campaign_entry ce ON ce.logged_segment_id = $3 AND ce.campaign_id = l.campaign_id
LEFT JOIN interaction_language lc ON lc.logged_segment_id = $3 AND lc.language_code = l.language_code
WHERE l.segment_id = $1 ORDER BY l.line_no
"""
# With --content: the segment's language records, kept with the logged segment (2 rows).
MINIMAL_CONTENT = """
INSERT INTO interaction_language (logged_segment_id, language_code, description, subject, body, body_format,
  attachment_id)
SELECT $2, language_code, description, subject, body, body_format, attachment_id FROM interaction_language
WHERE segment_id = $1
"""
CONTENT = {
    "NLB": ("Uitnodiging", "<p>Beste {{ contact.first_name }} {{ contact.surname }},</p><p>{{ salesperson.name }} "
                           "nodigt {{ contact.company_name }} uit ({{ interaction.date }}).</p>", "HTML"),
    "ENU": ("Invitation", "Dear {{ contact.name }},\n\n{{ salesperson.name }} invites {{ contact.company_name }} "
                          "to our event on {{ interaction.date }}.\n", "TEXT"),
}


class Rollback(Exception):
    pass


async def build_segment(lines: int, twice: bool = False) -> int:
    """The segment to log, committed: `lines` contacts (not privacy blocked) added by a recorded action; `twice`:
    added again by a second one that allows existing contacts (two lines per contact)."""
    await Segment.filter(no=SEGMENT_NO).delete()
    template = await InteractionTemplate.get(code="INVITE")
    async with in_transaction():
        segment = await Segment.create(
            no=SEGMENT_NO, description="Event invitation", date=date.today(), salesperson_id=1,
            interaction_template_id=template.id, interaction_group_id=template.group_id,
            unit_cost_lcy=template.unit_cost_lcy, unit_duration_min=template.unit_duration_min,
            information_flow=template.information_flow, initiated_by=template.initiated_by,
            campaign_id=template.campaign_id, campaign_target=template.campaign_target,
            correspondence_type_default=template.correspondence_type_default, subject_default="You are invited",
        )
        options = [ActionOptions(allow_no_filter=True)]
        if twice:
            options.append(ActionOptions(allow_no_filter=True, allow_existing_contacts=True))
        for option in options:
            action = await record_action(segment, SegmentAction.ADD, {}, option)
            await insert_lines(segment, action, f"SELECT id FROM contact WHERE NOT privacy_blocked ORDER BY id "
                                                f"LIMIT {int(lines)}", Params())
    return segment.id


async def bench_key() -> int:
    """The API key the log is made by: every entry and campaign entry carries its id (created_by_id)."""
    key = await ApiKey.get_or_none(name=KEY_NAME)
    if key is None:
        key, _ = await create_api_key(KEY_NAME, ["read", "write"])
    return key.id


async def give_content(segment_id: int) -> int:
    """The segment's content in two languages; its lines take their contacts' (one statement). Lines with it."""
    async with in_transaction():
        segment = await lock_segment(segment_id)
        for code, (subject, body, kind) in CONTENT.items():
            await set_segment_language(segment, {"language_code": code, "subject": subject, "body": body,
                                                 "body_format": kind})
    return await SegmentLine.filter(segment_id=segment_id, language_code__in=list(CONTENT)).count()


async def render_per_thousand(conn: asyncpg.Connection, segment_id: int) -> float:
    """Milliseconds to merge 1,000 contacts' content (delivery's work per contact, outside the write)."""
    fields = ", ".join(f"c.{f}" for f in FIELDS["contact"])
    rows = await conn.fetch(f"SELECT l.language_code AS lang, {fields} FROM segment_line l JOIN contact c ON "
                            f"c.id = l.contact_id WHERE l.segment_id = $1 ORDER BY l.line_no LIMIT 1000", segment_id)
    limits = RenderLimits()
    start = time.perf_counter()
    for row in rows:
        _, body, kind = CONTENT.get(row["lang"], CONTENT["ENU"])
        render(body, kind == "HTML", {"contact": dict(row), "salesperson": {"name": "Annette Verdonck"},
                                      "interaction": {"date": date.today().isoformat()}}, limits)
    return (time.perf_counter() - start) * 1000 * 1000 / max(1, len(rows))


async def run_ours(segment_id: int, key_id: int) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    token = acting_key_id.set(key_id)  # as a request of that key logs (its id on every entry)
    try:
        async with in_transaction():
            segment = await lock_segment(segment_id)
            await log_segment(segment, deliver=False, create_follow_up=False)
            elapsed = time.perf_counter() - start
            rows = await connections.get("default").execute_query_dict(DIGEST, [SEGMENT_NO])
            raise Rollback
    except Rollback:
        pass
    finally:
        acting_key_id.reset(token)
    return elapsed * 1000, dict(rows[0])


async def run_minimal(conn: asyncpg.Connection, segment_id: int, key_id: int) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    try:
        async with conn.transaction():
            logged = await conn.fetchval(
                "INSERT INTO logged_segment (segment_no, description, created_at, canceled) "
                "VALUES ($1, $2, now(), false) RETURNING id", SEGMENT_NO, "Event invitation")
            await conn.execute(MINIMAL_CONTENT, segment_id, logged)
            await conn.execute(MINIMAL_CAMPAIGN_ENTRIES, segment_id, "Event invitation", SEGMENT_NO, logged, key_id)
            await conn.execute(MINIMAL_ENTRIES, segment_id, SEGMENT_NO, logged, key_id)
            await conn.execute("DELETE FROM segment_line WHERE segment_id = $1", segment_id)
            elapsed = time.perf_counter() - start
            row = await conn.fetchrow(DIGEST, SEGMENT_NO)
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, dict(row)


FLOOR_TABLE = "bench_floor_interaction_log_entry"


async def run_floor(conn: asyncpg.Connection, segment_id: int, key_id: int) -> tuple[float, int]:
    """The entries' INSERT ... SELECT into a trigger-less, FK-less, WAL-logged copy of the entry table."""
    try:
        async with conn.transaction():
            await conn.execute(f"CREATE TABLE {FLOOR_TABLE} (LIKE interaction_log_entry INCLUDING DEFAULTS "
                               "INCLUDING INDEXES INCLUDING IDENTITY)")
            logged = await conn.fetchval(
                "INSERT INTO logged_segment (segment_no, description, created_at, canceled) "
                "VALUES ($1, $2, now(), false) RETURNING id", SEGMENT_NO, "Event invitation")
            await conn.execute(MINIMAL_CONTENT, segment_id, logged)
            await conn.execute(MINIMAL_CAMPAIGN_ENTRIES, segment_id, "Event invitation", SEGMENT_NO, logged, key_id)
            start = time.perf_counter()
            status = await conn.execute(
                MINIMAL_ENTRIES.replace("INSERT INTO interaction_log_entry", f"INSERT INTO {FLOOR_TABLE}", 1),
                segment_id, SEGMENT_NO, logged, key_id)
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000, int(status.split()[-1])


async def settle(conn: asyncpg.Connection, fresh: bool) -> None:
    """Before each run: VACUUM ANALYZE and CHECKPOINT; `fresh`: VACUUM without ANALYZE, so that the segment's lines
    stay unknown to the planner's statistics, as when a segment is logged right after a large Add."""
    tables = "segment_line, interaction_log_entry, campaign_entry, logged_segment, segment_line_archive"
    await conn.execute(f"VACUUM {tables}" if fresh else f"VACUUM ANALYZE {tables}")
    await conn.execute("CHECKPOINT")


async def main(url: str, lines: int, repeat: int, warmup: int, fresh: bool = False,
               content: bool = False, twice: bool = False) -> float:
    await Tortoise.init(config=tortoise_config(url))
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        print(f"{contacts:,} contacts; building a segment of {lines:,} {'contacts twice' if twice else 'lines'} ...",
              flush=True)
        segment_id = await build_segment(lines, twice)
        key_id = await bench_key()
        rendering = None
        if content:
            print(f"  {await give_content(segment_id):,} lines in the two languages of its content", flush=True)
            rendering = await render_per_thousand(conn, segment_id)
        ours_ms: list[float] = []
        hand_ms: list[float] = []
        floor_ms: list[float] = []
        sides = ("ours", "hand", "floor")
        for i in range(warmup + repeat):
            for side in sides[i % 3:] + sides[:i % 3]:  # each side goes first in turn
                await settle(conn, fresh)
                if side == "ours":
                    o_ms, ours = await run_ours(segment_id, key_id)
                elif side == "hand":
                    h_ms, hand = await run_minimal(conn, segment_id, key_id)
                else:
                    f_ms, floor_rows = await run_floor(conn, segment_id, key_id)
            if ours != hand or floor_rows != ours["n"]:
                raise SystemExit(f"the sides differ: {ours} / {hand} / floor {floor_rows} rows")
            print(f"  run {i + 1}{' (warm-up)' if i < warmup else ''}: ours {o_ms:.0f} ms, minimal {h_ms:.0f} ms, "
                  f"write floor {f_ms:.0f} ms", flush=True)
            if i >= warmup:
                ours_ms.append(o_ms)
                hand_ms.append(h_ms)
                floor_ms.append(f_ms)
        ratio = statistics.median(ours_ms) / statistics.median(floor_ms)
        minimal_ratio = statistics.median(ours_ms) / statistics.median(hand_ms)
        analyzed = "lines not analyzed" if fresh else "after VACUUM ANALYZE"
        if content:
            analyzed += f", with content ({int(ours['with_content']):,} entries with a language record)"  # type: ignore[call-overload]
        print(f"\nLog benchmark, {contacts:,} contacts, {int(ours['n']):,} lines, {analyzed} (medians)")  # type: ignore[call-overload]
        print(f"{'operation':<36} {'segmentum ms':>13} {'write floor ms':>15} {'ratio':>6} {'minimal ms':>11} "
              f"{'ratio':>6}")
        print(f"{'segmentLog (checks, write, delete)':<36} {statistics.median(ours_ms):>13.1f} "
              f"{statistics.median(floor_ms):>15.1f} {ratio:>6.2f} {statistics.median(hand_ms):>11.1f} "
              f"{minimal_ratio:>6.2f}{'' if ratio <= TARGET else '  > target (write floor)'}")
        if rendering is not None:
            print(f"merging the content (delivery, not in the write): {rendering:.1f} ms per 1,000 contacts")
        await Segment.filter(id=segment_id).delete()
        return ratio
    finally:
        await conn.close()
        await Tortoise.close_connections()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="log lines the planner has no statistics of yet")
    parser.add_argument("--content", action="store_true",
                        help="give the segment content in two languages (lines take their contacts')")
    parser.add_argument("--twice", action="store_true",
                        help="every contact of the segment twice (a second Add allowing existing contacts)")
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    ratio = asyncio.run(main(args.database_url, args.lines, max(1, args.repeat), max(0, args.warmup), args.fresh,
                             args.content, args.twice))
    if ratio > TARGET and not args.no_fail:
        print(f"above the {TARGET} target", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    cli()
