"""Add, Reduce and Refine contacts (BC §3.2–3.4) as a constant number of set-based statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from segmentum.models.criteria import Criteria
from segmentum.models.enums import ErrorCode, SegmentAction
from segmentum.models.errors import DomainError
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, dialect, execute, fetch_all
from segmentum.models.worksheet.dependencies import check_no_self_reading
from segmentum.models.worksheet.lines import LINE_COLUMN_LIST, NEW_LINE_ORDER, init_select, line_defaults
from segmentum.models.worksheet.options import NO_OPTIONS, ActionOptions
from segmentum.models.worksheet.recording import (
    STINT_COLUMNS,
    action_cause,
    check_line_room,
    drop_temp,
    last_line_no,
    record_action,
    stint_values,
)
from segmentum.models.worksheet.replay import entry_campaign_sql, selected_condition
from segmentum.models.worksheet.store import archive_lines, keep_pending, pending_insert

CANDIDATES = "seg_candidates"
DOOMED = "seg_doomed_lines"


@dataclass
class ActionResult:
    segment: Segment
    action: SegmentCriteriaAction | None = None
    lines_added: int = 0
    lines_removed: int = 0
    skipped_excluded: int = 0
    skipped_existing: int = 0
    skipped_privacy_blocked: int = 0
    # The lines a single-line removal took away (criteria actions may remove many: they report a count only).
    removed_line_ids: list[int] = field(default_factory=list)
    # Non-blocking remarks on the criteria (models/criteria/unknown_codes.py), filled by the application layer.
    warnings: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Set when the action was queued as a SEGMENT_ACTION job instead (models.worksheet.requests): nothing has
    # changed yet, and the job reports the counts when it ends.
    job: Any = None


def check_criteria(criteria: Criteria, allow_no_filter: bool) -> None:
    if not allow_no_filter and not criteria.has_filter:
        raise DomainError(
            ErrorCode.NO_FILTER,
            "The action has no filter; pass allowNoFilter: true to apply it to every contact.",
            ["input", "criteria"],
        )


async def _temp_table(name: str, columns: str) -> None:
    await drop_temp(name)
    await execute(f"CREATE TEMP TABLE {name} ({columns})")


def selection_sql(criteria: Criteria, p: Params, expand: bool, related: bool, reuse_logged: bool = False) -> str:
    """Contact ids selected by the criteria (as models.worksheet.replay reads them), widened as BC does: Expand
    Companies first (the whole company of every selected contact), then Allow Related Companies (the company of
    every selected contact)."""
    matched = f"SELECT t.id, t.company_id FROM contact t WHERE {selected_condition(criteria, p, 't', reuse_logged)}"
    if expand:
        widened = (
            f"SELECT c.id, c.company_id FROM contact c WHERE c.company_id IN "
            f"(SELECT m.company_id FROM ({matched}) m WHERE m.company_id IS NOT NULL) "
            f"UNION SELECT m2.id, m2.company_id FROM ({matched}) m2 WHERE m2.company_id IS NULL"
        )
    else:
        widened = matched
    if related:
        widened = (
            f"SELECT w.id FROM ({widened}) w "
            f"UNION SELECT w2.company_id FROM ({widened}) w2 WHERE w2.company_id IS NOT NULL"
        )
    else:
        widened = f"SELECT w.id FROM ({widened}) w"
    return widened


async def add_contacts(
    segment: Segment, criteria: Criteria, options: ActionOptions = NO_OPTIONS, *, manual: bool = False,
    reuse_logged: bool = False,
) -> ActionResult:
    """Add (union); `reuse_logged`: a Reuse Logged Segment action (models.worksheet.replay). The criteria are read
    once, before (Criteria.parse)."""
    check_criteria(criteria, options.allow_no_filter)
    await check_no_self_reading(segment, criteria)
    await check_line_room(segment.id)
    action = await record_action(segment, SegmentAction.ADD, criteria.stored_form(), options, manual=manual,
                                 reuse_logged=reuse_logged)
    result = ActionResult(segment=segment, action=action)

    p = Params()
    judged = _judged_sql(segment, criteria, options, p, reuse_logged)
    if dialect() == "postgres":
        counts = await _add_in_one_statement(segment, action, judged, p)
    else:
        counts = await _add_through_candidates(segment, action, judged, p)
    result.skipped_privacy_blocked = counts.get("P", 0)
    result.skipped_excluded = counts.get("X", 0)
    result.skipped_existing = counts.get("E", 0)
    result.lines_added = counts.get("A", 0)
    action.lines_added = result.lines_added
    await action.save(update_fields=["lines_added"])
    return result


# What a new line takes from its contact (init_select and NEW_LINE_ORDER over alias c), and its verdict.
JUDGED_COLUMNS = ("c.id, c.company_id, c.company_name, c.type, c.name, c.no, c.salesperson_id, c.correspondence_type, "
                  "c.language_code")


def _judged_sql(segment: Segment, criteria: Criteria, options: ActionOptions, p: Params,
                reuse_logged: bool) -> str:
    """Every selected contact with exactly one verdict: privacy blocked (P), excluded (X), already on a line
    (E), or added (A). The existing contacts are one hashed set, not a probe per contact."""
    verdicts = ["WHEN c.privacy_blocked THEN 'P'"]
    if not options.ignore_exclusion:
        verdicts.append("WHEN c.exclude_from_segment THEN 'X'")
    existing = ""
    if not options.allow_existing_contacts:
        verdicts.append("WHEN ex.contact_id IS NOT NULL THEN 'E'")
        existing = (
            "LEFT JOIN (SELECT DISTINCT l.contact_id FROM segment_line l "
            f"WHERE l.segment_id = {p.add(segment.id)}) ex ON ex.contact_id = c.id "
        )
    selection = selection_sql(criteria, p, options.expand_companies, options.allow_related_companies, reuse_logged)
    return (
        f"SELECT {JUDGED_COLUMNS}, CASE {' '.join(verdicts)} ELSE 'A' END AS verdict "
        f"FROM contact c {existing}WHERE c.id IN ({selection})"
    )


async def _add_in_one_statement(
    segment: Segment, action: SegmentCriteriaAction, judged: str, p: Params
) -> dict[str, int]:
    """PostgreSQL: judge, insert the added, keep their contacts as the Add's pending archive row (what Go Back
    of the Add leaves in the membership history) and count the verdicts in one statement, reading the criteria
    once."""
    base = await last_line_no(segment.id)
    defaults = await line_defaults(segment)
    line_no = f"{p.typed(base, 'BIGINT')} + 10000 * ROW_NUMBER() OVER (ORDER BY {NEW_LINE_ORDER})"
    rows = await fetch_all(
        f"WITH c AS MATERIALIZED ({judged}), added AS ("
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {init_select(defaults, p, line_no, 'c', _campaign(action, p))}, "
        f"{stint_values(action.id, action_cause(action), p)} "
        f"FROM c LEFT JOIN contact co ON co.id = c.company_id WHERE c.verdict = 'A' "
        "RETURNING id, contact_id, action_id, entered_at, entered_cause), "
        f"pending AS ({pending_insert(segment.id, p, 'added')}) "
        "SELECT c.verdict, COUNT(*) AS n FROM c GROUP BY c.verdict",
        p,
    )
    return {r["verdict"]: int(r["n"]) for r in rows}


async def _add_through_candidates(
    segment: Segment, action: SegmentCriteriaAction, judged: str, p: Params
) -> dict[str, int]:
    """SQLite (no data-modifying WITH): the verdicts into a temporary table, then the lines from it."""
    await _temp_table(CANDIDATES, "contact_id INTEGER PRIMARY KEY, verdict CHAR(1) NOT NULL")
    await execute(f"INSERT INTO {CANDIDATES} (contact_id, verdict) SELECT j.id, j.verdict FROM ({judged}) j", p)
    counts = {
        r["verdict"]: int(r["n"])
        for r in await fetch_all(f"SELECT verdict, COUNT(*) AS n FROM {CANDIDATES} GROUP BY verdict")
    }
    if counts.get("A"):
        await insert_lines(segment, action, f"SELECT contact_id FROM {CANDIDATES} WHERE verdict = 'A'", Params())
    await drop_temp(CANDIDATES)
    return counts


async def insert_lines(segment: Segment, action: SegmentCriteriaAction, contacts_sql: str, p: Params) -> int:
    """Insert one line per contact of `contacts_sql` after the last line, in BC order, steps of 10000, tagged
    with the action (Go Back deletes by the tag) and entered now because of it (their membership), and keep
    their contacts as the action's pending archive row (Go Back of it marks the row as left)."""
    base = await last_line_no(segment.id)
    defaults = await line_defaults(segment)
    line_no = f"{p.typed(base, 'BIGINT')} + 10000 * ROW_NUMBER() OVER (ORDER BY {NEW_LINE_ORDER})"
    cause = action_cause(action)
    stint = stint_values(action.id, cause, p)
    added = await execute(
        f"INSERT INTO segment_line (segment_id, {LINE_COLUMN_LIST}, {STINT_COLUMNS}) "
        f"SELECT {p.typed(segment.id, 'INTEGER')}, {init_select(defaults, p, line_no, 'c', _campaign(action, p))}, "
        f"{stint} "
        f"FROM contact c LEFT JOIN contact co ON co.id = c.company_id WHERE c.id IN ({contacts_sql})",
        p,
    )
    await keep_pending(segment.id, lambda q: f"l.action_id = {q.add(action.id)} AND l.entered_cause = {q.add(cause)}")
    return added


def _campaign(action: SegmentCriteriaAction, p: Params) -> str | None:
    """A reused logged segment's lines take their entry's campaign; other lines the header's."""
    return entry_campaign_sql(Criteria.stored(action.criteria), p, "c") if action.reuse_logged else None


async def remove_contacts(
    segment: Segment,
    criteria: Criteria,
    *,
    refine: bool,
    options: ActionOptions = NO_OPTIONS,
    manual: bool = False,
) -> ActionResult:
    """Reduce (remove the lines whose contact matches) or Refine (remove the lines whose contact does not)."""
    check_criteria(criteria, options.allow_no_filter)
    await check_no_self_reading(segment, criteria)
    kind = SegmentAction.REFINE if refine else SegmentAction.REDUCE
    action = await record_action(segment, kind, criteria.stored_form(), options, manual=manual)
    p = Params()
    seg = p.add(segment.id)
    cond = criteria.condition(p, "t")
    neg = "NOT " if refine else ""
    await _temp_table(DOOMED, "line_id INTEGER PRIMARY KEY")
    if options.entire_companies:
        # BC expands every match to its whole company: a line is judged by its contact's company (any contact
        # of it matching), a contact without a company by itself. The placeholders of `cond` are numbered, so
        # the condition can stand twice.
        sql = (
            f"WITH lines AS (SELECT l.id, l.contact_id, c.company_id FROM segment_line l "
            f"JOIN contact c ON c.id = l.contact_id WHERE l.segment_id = {seg}) "
            f"INSERT INTO {DOOMED} (line_id) SELECT x.id FROM lines x WHERE "
            f"(x.company_id IS NULL AND {neg}EXISTS (SELECT 1 FROM contact t WHERE t.id = x.contact_id AND ({cond}))) "
            f"OR (x.company_id IS NOT NULL AND x.company_id {neg}IN (SELECT t.company_id FROM contact t "
            f"WHERE t.company_id IN (SELECT company_id FROM lines) AND ({cond})))"
        )
    else:
        sql = (
            f"INSERT INTO {DOOMED} (line_id) SELECT l.id FROM segment_line l WHERE l.segment_id = {seg} "
            f"AND {neg}EXISTS (SELECT 1 FROM contact t WHERE t.id = l.contact_id AND ({cond}))"
        )
    await execute(sql, p)
    result = ActionResult(segment=segment, action=action)
    result.lines_removed = await delete_lines(action, f"SELECT line_id FROM {DOOMED}")
    await drop_temp(DOOMED)
    action.lines_removed = result.lines_removed
    await action.save(update_fields=["lines_removed"])
    return result


async def delete_lines(action: SegmentCriteriaAction, line_ids_sql: str) -> int:
    """Delete the lines of `line_ids_sql` (a SELECT of line ids) into the archive, where Go Back of the action
    finds them. Each statement also names the segment, so that it reads that segment's lines only."""

    def which(p: Params) -> str:
        return f"l.segment_id = {p.add(action.segment_id)} AND l.id IN ({line_ids_sql})"

    return await archive_lines(action.segment_id, which, action_cause(action), action.id)


async def run_action(
    segment: Segment, kind: SegmentAction, criteria: Criteria, options: ActionOptions, *, manual: bool = False,
    reuse_logged: bool = False,
) -> ActionResult:
    """Any criteria action by its kind: how replaying saved criteria runs each of them."""
    if kind == SegmentAction.ADD:
        return await add_contacts(segment, criteria, options, manual=manual, reuse_logged=reuse_logged)
    return await remove_contacts(segment, criteria, refine=kind == SegmentAction.REFINE, options=options, manual=manual)
