"""Run as a script against an empty database: build a segment with history and events by the migrations before
0004 (the storage it replaces), migrate to the latest, and print what the new storage answers (JSON).
tests/migrations runs it in its own process, so that its Tortoise setup never touches the test session's."""

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
from segmentum.models.segments import Segment, SegmentLine, SegmentLineArchive
from segmentum.models.sql import Params, execute, fetch_all
from segmentum.models.worksheet.membership import membership_source
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.undo import go_back
from tests.migrations.migrated_to import init_migrated_to, old_action, old_row

LINE = ("segment_id, line_no, contact_id, description, cost_lcy, duration_min, correspondence_type, "
        "information_flow, initiated_by, campaign_target, campaign_response, evaluation, attempt_failed")
AT1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
AT2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def build_old(url: str) -> dict[str, int]:
    await init_migrated_to(url, "models.0003_persisted_documents")
    ids = {}
    for no in ("A", "B", "C"):
        ids[no] = (await old_row(Contact, no=no, type=ContactType.PERSON, name=no)).id
    seg = await old_row(Segment, no="OLD", date=date(2026, 3, 1))
    add = await old_action(seg.id, 1, SegmentAction.ADD, {"contact": {"no": {"in": ["A", "B", "C"]}}}, lines_added=3)
    red = await old_action(seg.id, 2, SegmentAction.REDUCE, {"contact": {"no": {"eq": "B"}}}, lines_removed=1)
    for line_no, no, description in ((10000, "A", None), (30000, "C", None)):
        p = Params()
        await execute(f"INSERT INTO segment_line ({LINE}) VALUES ({p.add(seg.id)}, {p.add(line_no)}, "
                      f"{p.add(ids[no])}, {p.add(description)}, 0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, "
                      "'NONE', FALSE)", p)
    history = [(add, "INSERTION", 10000, "A", None), (add, "INSERTION", 20000, "B", None),
               (add, "INSERTION", 30000, "C", None), (red, "DELETION", 20000, "B", "Personal")]
    for action_id, kind, line_no, no, description in history:
        p = Params()
        await execute(f"INSERT INTO segment_history ({LINE}, criteria_action_id, kind) VALUES ({p.add(seg.id)}, "
                      f"{p.add(line_no)}, {p.add(ids[no])}, {p.add(description)}, 0, 0, 'NONE', 'NONE', 'NONE', "
                      f"FALSE, FALSE, 'NONE', FALSE, {p.add(action_id)}, {p.add(kind)})", p)
    events = [("A", "ADDED", AT1, "action 1"), ("B", "ADDED", AT1, "action 1"), ("C", "ADDED", AT1, "action 1"),
              ("B", "REMOVED", AT2, "action 2")]
    for no, kind, at, cause in events:
        p = Params()
        await execute("INSERT INTO segment_membership_event (segment_id, contact_id, kind, at, cause) VALUES "
                      f"({p.add(seg.id)}, {p.add(ids[no])}, {p.add(kind)}, {p.add(at)}, {p.add(cause)})", p)
    await Tortoise.close_connections()
    return {"segment": seg.id, "add": add, "reduce": red}


async def main(url: str) -> None:
    ids = await build_old(url)
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    seg = ids["segment"]
    out: dict = {"ids": ids}
    out["tags"] = [[line.line_no, line.action_id] for line in await SegmentLine.filter(segment_id=seg)]
    out["restorable"] = [[a.line_no, a.undo_action_id, a.action_id, a.description]
                         for a in await SegmentLineArchive.filter(segment_id=seg, undo_action_id__not_isnull=True)]
    p = Params()
    rows = await fetch_all(f"SELECT t.* FROM {membership_source(p.dialect)} t WHERE t.segment_id = {p.add(seg)} "
                           "ORDER BY t.at, t.id", p)
    out["events"] = [[r["contact_id"], r["kind"], str(r["at"])[:16], r["cause"]] for r in rows]
    steps = []
    for _ in range(2):
        async with in_transaction():
            result = await go_back(await lock_segment(seg))
        lines = await SegmentLine.filter(segment_id=seg).order_by("line_no")
        steps.append([result.lines_added, result.lines_removed,
                      [[line.line_no, line.contact_id, line.description] for line in lines]])
    out["go_back"] = steps
    out["contacts"] = {no: c.id for no, c in ((c.no, c) for c in await Contact.all())}
    await Tortoise.close_connections()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
