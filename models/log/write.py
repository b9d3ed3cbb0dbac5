"""Logging a segment (BC §3.9): the logged segment, its campaign entries and one interaction per line, each
written by one set-based statement, then the open segment deleted.

The caller runs it in one transaction after `check_can_log` passed; nothing here loops over lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from segmentum.models.enums import CorrespondenceType, DeliveryStatus
from segmentum.models.interactions import InteractionLogEntry, LoggedSegment
from segmentum.models.log.references import lock_named
from segmentum.models.rules.content import copy_to_logged
from segmentum.models.segments import Segment
from segmentum.models.sql import Params, execute
from segmentum.models.system import created_by
from segmentum.models.worksheet.store import delete_segment_rows

# The columns an interaction takes from its line, as (entry column, expression over l = line, c = contact).
_COPIED = (
    ("contact_id", "l.contact_id"),
    # BC: the contact's company at logging time.
    ("contact_company_id", "c.company_id"),
    ("date", "l.date"),
    ("description", "l.description"),
    ("subject", "l.subject"),
    ("template_id", "l.interaction_template_id"),
    ("group_id", "l.interaction_group_id"),
    ("information_flow", "l.information_flow"),
    ("initiated_by", "l.initiated_by"),
    ("cost_lcy", "l.cost_lcy"),
    ("duration_min", "l.duration_min"),
    ("salesperson_id", "l.salesperson_id"),
    ("campaign_id", "l.campaign_id"),
    ("campaign_target", "l.campaign_target"),
    ("campaign_response", "l.campaign_response"),
    ("language_code", "l.language_code"),
    ("evaluation", "l.evaluation"),
    ("attempt_failed", "l.attempt_failed"),
)


@dataclass
class LogResult:
    logged: LoggedSegment
    interactions_created: int
    campaign_entries_created: int
    to_deliver: int


async def write_log(segment: Segment, deliver: bool) -> LogResult:
    """Turn the (checked) segment into a logged segment and delete it."""
    logged = await LoggedSegment.create(segment_no=segment.no, description=segment.description or "",
                                        send_word_docs_as_attmt=segment.send_word_docs_as_attmt,
                                        created_by_id=created_by())
    # The language records go with the logged segment before the segment (and its records) are deleted.
    await copy_to_logged(segment, logged)
    campaign_entries = await insert_campaign_entries(segment, logged)
    created = await insert_entries(segment, logged, deliver)
    # What the foreign keys checked row by row: every master the entries name, locked once; their contacts and
    # companies are kept by the line references lock that lock_segment holds (models/log/references.py).
    await lock_named("logged_segment_id", logged.id, contacts=False)
    # The lines and the archive (the membership history) first, criteria with the header (ON DELETE CASCADE).
    await delete_segment_rows(segment.id)
    await segment.delete()
    to_deliver = 0
    if deliver:
        to_deliver = await InteractionLogEntry.filter(logged_segment_id=logged.id,
                                                      delivery_status=DeliveryStatus.PENDING).count()
    return LogResult(logged, created, campaign_entries, to_deliver)


async def insert_campaign_entries(segment: Segment, logged: LoggedSegment) -> int:
    """One campaign entry per campaign of the lines (BC: per campaign per segment), dated and assigned as the first
    line of that campaign, in one pass over the lines. (Not a join of the lines to their grouped first lines: on
    lines not yet analyzed, as right after a large Add, the planner may take the segment for one line and run the
    grouping once per line.)"""
    p = Params()
    return await execute(
        "INSERT INTO campaign_entry (campaign_id, description, date, segment_no, salesperson_id, logged_segment_id, "
        "canceled, created_by_id) "
        f"SELECT l.campaign_id, {p.typed(logged.description, 'VARCHAR')}, l.date, {p.typed(segment.no, 'VARCHAR')}, "
        f"l.salesperson_id, {p.typed(logged.id, 'INTEGER')}, {p.typed(False, 'BOOLEAN')}, "
        f"{p.typed(logged.created_by_id, 'INTEGER')} "
        "FROM (SELECT f.campaign_id, f.date, f.salesperson_id, f.line_no, "
        "ROW_NUMBER() OVER (PARTITION BY f.campaign_id ORDER BY f.line_no) AS rk FROM segment_line f "
        f"WHERE f.segment_id = {p.add(segment.id)} AND f.contact_id IS NOT NULL AND f.campaign_id IS NOT NULL) l "
        "WHERE l.rk = 1 ORDER BY l.line_no",
        p,
    )


async def insert_entries(segment: Segment, logged: LoggedSegment, deliver: bool) -> int:
    """One interaction per line with a contact, entry numbers in line order."""
    p = Params()
    email = p.add(CorrespondenceType.EMAIL.value)
    none = p.add(CorrespondenceType.NONE.value)
    # BC: an e-mail line of a contact without an address becomes a plain record (with deliver, the check refused it).
    corr = f"CASE WHEN l.correspondence_type = {email} AND COALESCE(c.email, '') = '' THEN {none} " \
           "ELSE l.correspondence_type END"
    if deliver:
        status = (f"CASE WHEN ({corr}) = {none} THEN {p.add(DeliveryStatus.NONE.value)} "
                  f"ELSE {p.add(DeliveryStatus.PENDING.value)} END")
    else:
        status = p.typed(DeliveryStatus.NONE.value, "VARCHAR")
    columns = [name for name, _ in _COPIED] + [
        "correspondence_type", "delivery_status", "campaign_entry_id", "canceled", "segment_no", "logged_segment_id",
        "created_at", "content_id", "created_by_id",
    ]
    logged_id = p.typed(logged.id, "INTEGER")
    values = [expr for _, expr in _COPIED] + [
        corr, status, "ce.id", p.typed(False, "BOOLEAN"), p.typed(segment.no, "VARCHAR"), logged_id,
        p.typed(datetime.now(UTC), "TIMESTAMPTZ"), "lc.id", p.typed(logged.created_by_id, "INTEGER"),
    ]
    return await execute(
        f"INSERT INTO interaction_log_entry ({', '.join(columns)}) SELECT {', '.join(values)} "
        "FROM segment_line l JOIN contact c ON c.id = l.contact_id "
        f"LEFT JOIN campaign_entry ce ON ce.logged_segment_id = {logged_id} AND ce.campaign_id = l.campaign_id "
        # The line's language record, as logged: what the entry is delivered with.
        f"LEFT JOIN interaction_language lc ON lc.logged_segment_id = {logged_id} "
        "AND lc.language_code = l.language_code "
        f"WHERE l.segment_id = {p.add(segment.id)} ORDER BY l.line_no",
        p,
    )
