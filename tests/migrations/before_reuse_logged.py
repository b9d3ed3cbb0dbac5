"""Run as a script against an empty database: build, by the migrations up to 0010, a Reuse Logged Segment action
recorded (and saved) with the logged segment's segment number, one whose logged segment is gone, and lower-case
language codes; migrate to the latest and print what the data became (JSON). tests/migrations runs it in its own
process."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from segmentum.config.database import migrate, tortoise_config
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType, SegmentAction
from segmentum.models.interactions import InteractionGroup, InteractionLogEntry, InteractionTemplate, LoggedSegment
from segmentum.models.segments import SavedSegmentCriteria, Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, execute
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.saved import reuse_criteria
from tests.migrations.migrated_to import init_migrated_to, old_action, old_row


def _old(no: str) -> dict:
    return {"interaction": {"segment_no": {"eq": no}, "canceled": False}}


async def build_0010(url: str) -> dict:
    await init_migrated_to(url, "models.0010_job_started_by")
    group = await old_row(InteractionGroup, code="MAIL", description="Mail")
    p = Params()
    await execute("INSERT INTO interaction_template (code, description, group_id, unit_cost_lcy, unit_duration_min, "
                  "information_flow, initiated_by, campaign_target, campaign_response, correspondence_type_default, "
                  f"ignore_contact_corres_type, language_code_default) VALUES ('T', 'T', {p.add(group.id)}, 0, 0, "
                  "'NONE', 'NONE', FALSE, FALSE, 'EMAIL', FALSE, 'nl')", p)
    company = await old_row(Contact, no="CO", type=ContactType.COMPANY, name="Company")
    await Contact.filter(id=company.id).update(company_id=company.id)
    moved = await old_row(Contact, no="MOVED", type=ContactType.PERSON, name="Moved", company_id=company.id)
    logged = await old_row(LoggedSegment, segment_no="SEG1", description="Logged")
    # MOVED was logged while independent: only the carried-over action finds it now.
    await old_row(InteractionLogEntry, contact_id=moved.id, contact_company_id=None, date=date(2026, 3, 1),
                                     logged_segment_id=logged.id, segment_no="SEG1", language_code="fr")
    seg = await old_row(Segment, no="TARGET", date=date(2026, 3, 2))
    p = Params()
    await execute(f"UPDATE segment SET language_code_default = 'fr' WHERE id = {p.add(seg.id)}", p)
    reuse = await old_action(seg.id, 1, SegmentAction.ADD, _old("SEG1"))
    gone = await old_action(seg.id, 2, SegmentAction.ADD, _old("GONE"))
    manual_like = await old_action(seg.id, 3, SegmentAction.REDUCE, _old("SEG1"))
    saved = await old_row(SavedSegmentCriteria, code="OLD")
    p = Params()
    await execute("INSERT INTO saved_segment_criteria_action (saved_criteria_id, position, action, "
                  "allow_existing_contacts, expand_companies, allow_related_companies, ignore_exclusion, "
                  f"entire_companies, allow_no_filter, criteria, manual, lines_added, lines_removed) VALUES "
                  f"({p.add(saved.id)}, 1, 'ADD', FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, "
                  f"{p.add(json.dumps(_old('SEG1')))}, FALSE, 0, 0)", p)
    await Tortoise.close_connections()
    return {"reuse": reuse, "gone": gone, "reduce": manual_like, "logged": logged.id}


async def main(url: str) -> None:
    ids = await build_0010(url)
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    out: dict = {"logged": ids["logged"]}
    actions = {a.id: a for a in await SegmentCriteriaAction.all()}
    out["actions"] = {name: [actions[ids[name]].criteria, actions[ids[name]].reuse_logged]
                      for name in ("reuse", "gone", "reduce")}
    saved = await SavedSegmentCriteria.get(code="OLD").prefetch_related("actions")
    out["saved"] = [[a.criteria, a.reuse_logged] for a in saved.actions]
    out["languages"] = [(await InteractionTemplate.get(code="T")).language_code_default,
                        (await Segment.get(no="TARGET")).language_code_default,
                        (await InteractionLogEntry.all().first()).language_code]  # type: ignore[union-attr]
    fresh = await Segment.create(no="FRESH", date=date(2026, 3, 3))
    async with in_transaction():
        result = await reuse_criteria(await lock_segment(fresh.id), "OLD", confirm_existing=True)
    out["replayed"] = result.lines_added
    await Tortoise.close_connections()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
