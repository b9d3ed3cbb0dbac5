"""Run as a script against an empty database: build segments with history by the migrations up to 0004 (an Add
not yet undone, one of its lines removed by a Reduce, and an Add undone before 0005), migrate to the latest, and
print what the new storage answers (JSON). Actions are written by SQL: the model has columns added since.
tests/migrations runs it in its own process."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, date, datetime

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from segmentum.config.database import migrate, tortoise_config
from segmentum.models.contacts import Contact
from segmentum.models.enums import ArchiveKind, ContactType, SegmentAction
from segmentum.models.segments import Segment, SegmentLineArchive
from segmentum.models.sql import Params, execute, fetch_all
from segmentum.models.sql import dialect as conn_dialect
from segmentum.models.worksheet.membership import membership_source
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.undo import go_back
from tests.migrations.migrated_to import init_migrated_to, old_action, old_row

LINE = ("segment_id, line_no, contact_id, cost_lcy, duration_min, correspondence_type, information_flow, "
        "initiated_by, campaign_target, campaign_response, evaluation, attempt_failed")
FIXED = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"
AT1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
AT2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AT3 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def _line(table: str, seg: int, line_no: int, contact: int, extra: dict) -> None:
    p = Params()
    names = ", ".join(extra)
    values = ", ".join(p.add(v) for v in extra.values())
    await execute(f"INSERT INTO {table} ({LINE}, {names}) VALUES ({p.add(seg)}, {p.add(line_no)}, "
                  f"{p.add(contact)}, {FIXED}, {values})", p)


async def build_0004(url: str) -> dict:
    await init_migrated_to(url, "models.0004_worksheet_archive")
    ids = {no: (await old_row(Contact, no=no, type=ContactType.PERSON, name=no)).id for no in ("A", "B", "C", "D")}
    seg = await old_row(Segment, no="KEPT", date=date(2026, 3, 1))
    add = await old_action(seg.id, 1, SegmentAction.ADD, {"contact": {"no": {"in": ["A", "B", "C"]}}}, lines_added=3)
    red = await old_action(seg.id, 2, SegmentAction.REDUCE, {"contact": {"no": {"eq": "B"}}}, lines_removed=1)
    entry = {"action_id": add, "entered_at": AT1, "entered_cause": "action 1"}
    for line_no, no in ((10000, "A"), (30000, "C")):
        await _line("segment_line", seg.id, line_no, ids[no], entry)
    await _line("segment_line_archive", seg.id, 20000, ids["B"],
                {**entry, "undo_action_id": red, "left_at": AT2, "left_cause": "action 2"})
    # A segment whose Add was undone before 0005: its contacts are one row written by the Go Back.
    undone = await old_row(Segment, no="UNDONE", date=date(2026, 3, 1))
    p = Params()
    await execute(f"INSERT INTO segment_line_archive (segment_id, contact_ids, entered_at, entered_cause, left_at, "
                  f"left_cause, cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, "
                  f"campaign_target, campaign_response, evaluation, attempt_failed) VALUES ({p.add(undone.id)}, "
                  f"{p.add(json.dumps([ids['D']]))}, {p.add(AT1)}, 'action 1', {p.add(AT3)}, 'go back: action 1', "
                  f"{FIXED})", p)
    await Tortoise.close_connections()
    return {"kept": seg.id, "undone": undone.id, "add": add}


async def _events(seg: int, nos: dict[int, str]) -> list[list[str]]:
    p = Params()
    rows = await fetch_all(f"SELECT t.* FROM {membership_source(p.dialect)} t WHERE t.segment_id = {p.add(seg)} "
                           "ORDER BY t.at, t.id", p)
    return [[nos[r["contact_id"]], r["kind"], r["cause"]] for r in rows]


async def main(url: str) -> None:
    ids = await build_0004(url)
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    nos = {c.id: c.no for c in await Contact.all()}
    out: dict = {}
    pending = await SegmentLineArchive.filter(kind=ArchiveKind.CONTACTS, left_at__isnull=True)
    out["pending"] = [[r.segment_id == ids["kept"], r.action_id == ids["add"], r.entered_cause,
                       [nos[c] for c in r.contact_ids or []]] for r in pending]
    out["moved"] = await SegmentLineArchive.filter(kind=ArchiveKind.MOVED).count()
    if conn_dialect() == "postgres":
        rows = await fetch_all("SELECT reloptions FROM pg_class WHERE relname = 'segment_line'")
        out["line_options"] = rows[0]["reloptions"]
    out["events_before"] = await _events(ids["kept"], nos)
    out["undone"] = await _events(ids["undone"], nos)
    removed = []
    for _ in range(2):
        async with in_transaction():
            result = await go_back(await lock_segment(ids["kept"]))
        removed.append([result.lines_added, result.lines_removed])
    out["go_back"] = removed
    out["events_after"] = await _events(ids["kept"], nos)
    await Tortoise.close_connections()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
