"""Run as a script against an empty database: build, by the migrations up to 0017, a segment whose history holds
an undone Add's contacts as one array of any size (an element answered by an archived line, one of a contact
deleted since), an archived line and an event half of deleted contacts, and current lines; migrate to the latest
and print what the tally, the count and the pages answer beside the history's definition (JSON), before and after
one more contact is deleted. tests/migrations runs it in its own process."""

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
from segmentum.models.rules.contacts import delete_contact
from segmentum.models.segments import Segment
from segmentum.models.sql import Params, execute, fetch_all, fetch_value
from segmentum.models.worksheet.history_count import events_count
from segmentum.models.worksheet.history_page import events_source
from segmentum.models.worksheet.membership import membership_source
from tests.migrations.migrated_to import init_migrated_to, old_action, old_row

LINE = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
        "campaign_response, evaluation, attempt_failed")
LINE_VALUES = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"
AT1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
AT2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AT3 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def _archive(columns: dict, line: bool = False) -> None:
    p = Params()
    names = [*columns, *(LINE.split(", ") if line else [])]
    values = [p.add(v) for v in columns.values()] + ([LINE_VALUES] if line else [])
    await execute(f"INSERT INTO segment_line_archive ({', '.join(names)}) VALUES ({', '.join(values)})", p)


async def build_0017(url: str) -> int:
    await init_migrated_to(url, "models.0017_webhooks")
    ids = {no: (await old_row(Contact, no=no, type=ContactType.PERSON, name=no)).id for no in "ABCDEFGH"}
    seg = await old_row(Segment, no="ORDER", date=date(2026, 3, 1))
    add = await old_action(seg.id, 1, SegmentAction.ADD, {"contact": {"no": {"in": ["E"]}}}, lines_added=1)
    entry = {"segment_id": seg.id, "action_id": 999, "entered_at": AT1, "entered_cause": "action 1"}
    # An undone Add of A, B, C, D: B's stint ended with a Reduce (its archived line), C is deleted below.
    await _archive({**entry, "kind": "CONTACTS", "contact_ids": json.dumps([ids[n] for n in "ABCD"]),
                    "left_at": AT3, "left_cause": "go back: action 1"})
    await _archive({**entry, "kind": "LINE", "line_no": 20000, "contact_id": ids["B"], "left_at": AT2,
                    "left_cause": "action 2"}, line=True)
    await _archive({**entry, "kind": "LINE", "line_no": 30000, "contact_id": ids["F"], "left_at": AT2,
                    "left_cause": "action 2"}, line=True)
    for no in "GH":
        await _archive({"segment_id": seg.id, "kind": "EVENT", "contact_id": ids[no], "entered_at": AT1,
                        "entered_cause": "action 0"})
    p = Params()
    await execute(f"INSERT INTO segment_line (segment_id, line_no, contact_id, action_id, entered_at, entered_cause, "
                  f"{LINE}) VALUES ({p.add(seg.id)}, 10000, {p.add(ids['E'])}, {p.add(add)}, {p.add(AT3)}, "
                  f"'action 1', {LINE_VALUES})", p)
    p = Params()
    await execute(f"DELETE FROM contact WHERE id IN ({p.add(ids['C'])}, {p.add(ids['F'])}, {p.add(ids['G'])})", p)
    await Tortoise.close_connections()
    return seg.id


async def _answers(seg: int) -> dict:
    nos = {c.id: c.no for c in await Contact.all()}
    p = Params()
    defined = await fetch_all(f"SELECT t.* FROM {membership_source(p.dialect)} t WHERE t.segment_id = {p.add(seg)} "
                              "ORDER BY t.at, t.id", p)
    p = Params()
    paged = await fetch_all(f"SELECT t.* FROM {events_source(seg, None, 100, p)} t ORDER BY t.at, t.id", p)
    p = Params()
    return {
        "defined": [[nos[r["contact_id"]], r["kind"], r["cause"]] for r in defined],
        "paged": [[nos[r["contact_id"]], r["kind"], r["cause"]] for r in paged],
        "count": int(await fetch_value(events_count(seg, p), p)),
    }


async def main(url: str) -> None:
    seg = await build_0017(url)
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    p = Params()
    out: dict = {"tally": await fetch_value(
        f"SELECT array_events FROM segment_history_tally WHERE segment_id = {p.add(seg)}", p)}
    rows = await fetch_all("SELECT kind, contact_id FROM segment_line_archive WHERE kind IN ('LINE', 'EVENT') "
                           "ORDER BY id")
    nos = {c.id: c.no for c in await Contact.all()}
    out["archived"] = [[r["kind"], nos.get(r["contact_id"]) if r["contact_id"] else None] for r in rows]
    out["migrated"] = await _answers(seg)
    async with in_transaction():
        await delete_contact(await Contact.get(no="A"))
    out["deleted"] = await _answers(seg)
    await Tortoise.close_connections()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
