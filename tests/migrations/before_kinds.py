"""Run as a script against an empty database: build, by the migrations up to 0013, a segment whose archive holds
every kind of row as they were stored then (an archived line, a pending and an undone Add's contacts, a moved
row, event halves from before 0004, the line columns padded with placeholders), migrate to the latest and print
what the rows became and what the history and Go Back answer (JSON). tests/migrations runs it in its own
process."""

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
from segmentum.models.segments import Segment
from segmentum.models.sql import Params, execute, fetch_all
from segmentum.models.worksheet.membership import membership_source
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.undo import go_back
from tests.migrations.migrated_to import init_migrated_to, old_action, old_row

PADDED = ("cost_lcy, duration_min, correspondence_type, information_flow, initiated_by, campaign_target, "
          "campaign_response, evaluation, attempt_failed")
PLACEHOLDERS = "0, 0, 'NONE', 'NONE', 'NONE', FALSE, FALSE, 'NONE', FALSE"
AT0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
AT1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
AT2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AT3 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


async def _row(columns: dict, padded: str = PLACEHOLDERS, moved: bool = False) -> None:
    p = Params()
    values = ", ".join(p.add(v) for v in columns.values())
    await execute(f"INSERT INTO segment_line_archive ({', '.join(columns)}, moved, {PADDED}) VALUES ({values}, "
                  f"{p.add(moved)}, {padded})", p)


async def build_0013(url: str) -> dict:
    await init_migrated_to(url, "models.0013_line_numbers_64_bit")
    ids = {no: (await old_row(Contact, no=no, type=ContactType.PERSON, name=no)).id for no in "ABCDE"}
    seg = await old_row(Segment, no="KINDS", date=date(2026, 3, 1))
    add = await old_action(seg.id, 1, SegmentAction.ADD, {"contact": {"no": {"in": ["A", "B", "C"]}}}, lines_added=3)
    red = await old_action(seg.id, 2, SegmentAction.REDUCE, {"contact": {"no": {"eq": "B"}}}, lines_removed=1)
    for line_no, no, tag in ((10000, "A", add), (30000, "C", None)):  # C was moved out of the Add's tag
        p = Params()
        await execute(f"INSERT INTO segment_line (segment_id, line_no, contact_id, action_id, entered_at, "
                      f"entered_cause, {PADDED}) VALUES ({p.add(seg.id)}, {p.add(line_no)}, {p.add(ids[no])}, "
                      f"{p.add(tag)}, {p.add(AT1)}, 'action 1', {PLACEHOLDERS})", p)
    entry = {"segment_id": seg.id, "action_id": add, "entered_at": AT1, "entered_cause": "action 1"}
    await _row({**entry, "undo_action_id": red, "line_no": 20000, "contact_id": ids["B"], "description": "Kept",
                "left_at": AT2, "left_cause": "action 2"}, "2.50, 5, 'EMAIL', 'OUTBOUND', 'US', TRUE, FALSE, "
               "'POSITIVE', TRUE")
    await _row({**entry, "contact_ids": json.dumps([ids["A"], ids["B"], ids["C"]])})
    await _row({**entry, "contact_id": ids["C"]}, moved=True)
    await _row({"segment_id": seg.id, "contact_id": ids["D"], "entered_at": AT0, "entered_cause": "action 0"})
    await _row({"segment_id": seg.id, "contact_id": ids["D"], "left_at": AT0, "left_cause": "go back: action 0"})
    await _row({"segment_id": seg.id, "contact_ids": json.dumps([ids["E"]]), "entered_at": AT1,
                "entered_cause": "action 1", "left_at": AT3, "left_cause": "go back: action 1"})
    await Tortoise.close_connections()
    return {"segment": seg.id}


async def _events(seg: int, nos: dict[int, str]) -> list[list[str]]:
    p = Params()
    rows = await fetch_all(f"SELECT t.* FROM {membership_source(p.dialect)} t WHERE t.segment_id = {p.add(seg)} "
                           "ORDER BY t.at, t.id", p)
    return sorted([nos[r["contact_id"]], r["kind"], r["cause"]] for r in rows)


async def main(url: str) -> None:
    ids = await build_0013(url)
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    nos = {c.id: c.no for c in await Contact.all()}
    out: dict = {}
    rows = await fetch_all("SELECT * FROM segment_line_archive ORDER BY id")
    out["kinds"] = [r["kind"] for r in rows]
    out["padded"] = [[r[c] is None for c in PADDED.split(", ")].count(True) for r in rows]
    line = rows[0]
    out["line"] = [line["line_no"], line["description"], float(line["cost_lcy"]), line["duration_min"],
                   line["correspondence_type"], line["information_flow"], line["initiated_by"],
                   bool(line["campaign_target"]), bool(line["campaign_response"]), line["evaluation"],
                   bool(line["attempt_failed"])]
    out["events_before"] = await _events(ids["segment"], nos)
    steps = []
    for _ in range(2):
        async with in_transaction():
            result = await go_back(await lock_segment(ids["segment"]))
        steps.append([result.lines_added, result.lines_removed])
    out["go_back"] = steps
    out["lines"] = [[r["line_no"], nos[r["contact_id"]], r["description"]] for r in
                    await fetch_all("SELECT line_no, contact_id, description FROM segment_line ORDER BY line_no")]
    out["events_after"] = await _events(ids["segment"], nos)
    await Tortoise.close_connections()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
