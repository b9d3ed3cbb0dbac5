"""How long the migrations that rewrite or index the segment tables take (README, upgrade notes): a database built
by the migrations up to 0011 holding one segment of `--lines` lines, a fifth as many archived lines, the Add's
array of contacts and as large an array of an undone Add, then each later migration timed on its own (those in
between run untimed).

    python -m bench.migrations --lines 1000000 --database-url postgres://postgres@127.0.0.1:5432/segmentum_migrations
"""

from __future__ import annotations

import argparse
import asyncio
import time

import asyncpg
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from bench.generate import asyncpg_url, recreate_database
from segmentum.config.database import tortoise_config

TIMED = ("models.0013_line_numbers_64_bit", "models.0014_archive_row_kinds", "models.0021_history_order")
UNTIMED = {"models.0021_history_order": "models.0017_webhooks"}
LINE = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
        "campaign_response, evaluation, attempt_failed")
LINE_VALUES = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"  # as the archive stored them before 0014


async def build(url: str, lines: int) -> None:
    config = tortoise_config(url)
    await Tortoise.init(config=config, _create_db=False, init_connections=True)
    await Tortoise.close_connections()
    await tortoise_migrate(config=config, target="models.0011_reuse_logged_actions")
    await Tortoise.close_connections()
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        await conn.execute(
            "INSERT INTO segment (id, no, date, kind, campaign_target, campaign_response, information_flow, "
            "initiated_by, unit_cost_lcy, unit_duration_min, correspondence_type_default, ignore_contact_corres_type, "
            "created_at, updated_at) VALUES (1, 'S', '2026-01-01', 'STATIC', false, false, 'NONE', 'NONE', 0, 0, "
            "'NONE', false, now(), now())")
        # Line numbers step 100 here: before 0013 the column is 32-bit.
        await conn.execute("INSERT INTO segment_line (segment_id, line_no, action_id, entered_at, entered_cause, "
                           f"{LINE}) SELECT 1, g * 100, 1, now(), 'action 1', {LINE_VALUES} "
                           "FROM generate_series(1, $1::int) g",
                           lines)
        await conn.execute(
            "INSERT INTO segment_line_archive (segment_id, undo_action_id, action_id, line_no, entered_at, "
            f"entered_cause, left_at, left_cause, {LINE}) SELECT 1, 2, 1, g * 100, now(), 'action 1', now(), "
            f"'action 2', {LINE_VALUES} FROM generate_series($1::int + 1, $1::int + $1::int / 5) g", lines)
        await conn.execute(
            f"INSERT INTO segment_line_archive (segment_id, action_id, contact_ids, entered_at, entered_cause, {LINE}) "
            f"SELECT 1, 1, to_jsonb(array_agg(g)), now(), 'action 1', {LINE_VALUES} "
            "FROM generate_series(1, $1::int) g", lines)
        await conn.execute(
            "INSERT INTO segment_line_archive (segment_id, action_id, contact_ids, entered_at, entered_cause, left_at, "
            f"left_cause, {LINE}) SELECT 1, 3, to_jsonb(array_agg(g)), now(), 'action 1', now(), 'go back: action 1', "
            f"{LINE_VALUES} FROM generate_series(1, $1::int) g", lines)
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def main(url: str, lines: int) -> None:
    await recreate_database(url)
    await build(url, lines)
    config = tortoise_config(url)
    for target in TIMED:
        if target in UNTIMED:
            await tortoise_migrate(config=config, target=UNTIMED[target])
            await Tortoise.close_connections()
        start = time.perf_counter()
        await tortoise_migrate(config=config, target=target)
        await Tortoise.close_connections()
        print(f"  {target:<36} {time.perf_counter() - start:8.1f} s", flush=True)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/segmentum_migrations")
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.lines))


if __name__ == "__main__":
    cli()
