"""Run as a script against an empty database: build, by the migrations up to 0024, two segments with lines and
archive rows of every kind; migrate to the latest and print (JSON) the foreign keys to the segment left on the line
and archive tables, the rows each segment keeps, and the same after one segment is deleted as the API deletes it.
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
from segmentum.models.enums import ContactType, SegmentAction
from segmentum.models.rules.segments import delete_segment
from segmentum.models.segments import Segment
from segmentum.models.sql import Params, dialect, execute, fetch_all
from segmentum.models.worksheet.recording import lock_segment
from tests.migrations.before_history_order import LINE, LINE_VALUES, _archive
from tests.migrations.migrated_to import init_migrated_to, old_action, old_row

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


async def build_0024(url: str) -> list[int]:
    await init_migrated_to(url, "models.0024_contact_import_plan")
    a, b = [(await old_row(Contact, no=no, type=ContactType.PERSON, name=no)).id for no in "AB"]
    segments = []
    for no in ("KEEP", "GONE"):
        seg = (await old_row(Segment, no=no, date=date(2026, 3, 1))).id
        add = await old_action(seg, 1, SegmentAction.ADD, {"contact": {"no": {"in": ["A", "B"]}}}, lines_added=2)
        entry = {"segment_id": seg, "action_id": add, "entered_at": AT, "entered_cause": "action 1"}
        await _archive({**entry, "kind": "CONTACTS", "contact_ids": json.dumps([a, b])})
        await _archive({**entry, "kind": "LINE", "line_no": 20000, "contact_id": b, "left_at": AT,
                        "left_cause": "action 2"}, line=True)
        await _archive({**entry, "kind": "MOVED", "contact_id": a})
        await _archive({"segment_id": seg, "kind": "EVENT", "contact_id": a, "entered_at": AT,
                        "entered_cause": "action 0"})
        p = Params()
        await execute(f"INSERT INTO segment_line (segment_id, line_no, contact_id, action_id, entered_at, "
                      f"entered_cause, {LINE}) VALUES ({p.add(seg)}, 10000, {p.add(a)}, {p.add(add)}, {p.add(AT)}, "
                      f"'action 1', {LINE_VALUES})", p)
        segments.append(seg)
    await Tortoise.close_connections()
    return segments


async def _keys() -> list[str]:
    if dialect() == "sqlite":
        keys = []
        for t in ("segment_line", "segment_line_archive"):
            keys += [f"{t}.{r['from']}" for r in await fetch_all(f"PRAGMA foreign_key_list({t})")
                     if r["table"] == "segment"]
        return sorted(keys)
    rows = await fetch_all("SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'f' "
                           "AND conrelid::regclass::text IN ('segment_line', 'segment_line_archive')")
    return sorted(f"{r['t']}.{r['conname']}" for r in rows)


async def _rows() -> dict[str, list[str]]:
    nos = {s.id: s.no for s in await Segment.all()}
    lines = await fetch_all("SELECT segment_id FROM segment_line ORDER BY segment_id, id")
    archive = await fetch_all("SELECT segment_id, kind FROM segment_line_archive ORDER BY segment_id, id")
    return {"lines": [nos.get(r["segment_id"], "missing") for r in lines],
            "archive": [f"{nos.get(r['segment_id'], 'missing')}:{r['kind']}" for r in archive]}


async def main(url: str) -> None:
    keep, gone = await build_0024(url)
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    out: dict = {"keys": await _keys(), "migrated": await _rows()}
    async with in_transaction():
        await delete_segment(await lock_segment(gone))
    out["deleted"] = await _rows()
    out["criteria"] = [r["segment_id"] == keep for r in await fetch_all("SELECT segment_id FROM "
                                                                        "segment_criteria_action")]
    await Tortoise.close_connections()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
