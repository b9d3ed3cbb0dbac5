"""The same worksheet work written by hand: plain SQL for the benchmark's own criteria, one data-modifying
statement per action (lines tagged with their action and entry; removed lines moved to the archive).

Nothing here calls Segmentum; it is the yardstick. Each function runs on an asyncpg connection inside the
caller's transaction and returns what the action reports (added / removed / skipped counts).
"""

from __future__ import annotations

import json
from typing import Any

import asyncpg

COLS = (
    "line_no, contact_id, contact_company_id, description, date, subject, language_code, salesperson_id, "
    "interaction_template_id, interaction_group_id, cost_lcy, duration_min, correspondence_type, "
    "information_flow, initiated_by, campaign_id, campaign_target, campaign_response, evaluation, attempt_failed"
)
L_COLS = ", ".join(f"l.{c}" for c in COLS.split(", "))
STINT = "action_id, entered_at, entered_cause"
ARCHIVE = f"segment_line_archive (segment_id, kind, undo_action_id, {COLS}, {STINT}, left_at, left_cause)"
JOB_MATCH = (
    "SELECT 1 FROM contact_job_responsibility cj JOIN job_responsibility j ON j.id = cj.job_responsibility_id "
    "WHERE cj.contact_id = {who} AND j.code = ANY($4::text[])"
)

NEW_ACTION = """
INSERT INTO segment_criteria_action (segment_id, position, action, allow_existing_contacts, expand_companies,
  allow_related_companies, ignore_exclusion, entire_companies, allow_no_filter, criteria, manual, lines_added,
  lines_removed, created_at)
SELECT $1, COALESCE(MAX(position), 0) + 1, $2, $3, $4, $5, $6, $7, false, $8::jsonb, false, 0, 0, now()
FROM segment_criteria_action WHERE segment_id = $1
RETURNING id, position"""

# The contacts of lines entering with a tag, kept for the membership history of Go Back of that Add (which sets
# left_at): one archive row per tag and entry.
PENDING = """
  INSERT INTO segment_line_archive (segment_id, kind, action_id, contact_ids, entered_at, entered_cause)
  SELECT $1, 'CONTACTS', action_id, to_jsonb(array_agg(contact_id ORDER BY id)), entered_at, entered_cause
  FROM {lines} WHERE action_id IS NOT NULL GROUP BY action_id, entered_at, entered_cause"""

# Add, industry group on the contact's company + city, Expand Companies, exclusion honoured.
ADD = f"""
WITH matched AS (
  SELECT c.id, c.company_id FROM contact c
  WHERE c.city = ANY($4::text[]) AND EXISTS (
    SELECT 1 FROM contact_industry_group ci JOIN industry_group g ON g.id = ci.industry_group_id
    WHERE ci.contact_id = c.company_id AND g.code = ANY($5::text[]))
), expanded AS (
  SELECT p.id FROM contact p WHERE p.company_id IN (SELECT company_id FROM matched)
  UNION SELECT id FROM matched WHERE company_id IS NULL
), judged AS (
  SELECT c.id, CASE WHEN c.privacy_blocked THEN 'P' WHEN c.exclude_from_segment THEN 'X'
    WHEN EXISTS (SELECT 1 FROM segment_line l WHERE l.segment_id = $1 AND l.contact_id = c.id) THEN 'E'
    ELSE 'A' END AS verdict
  FROM expanded e JOIN contact c ON c.id = e.id
), inserted AS (
  INSERT INTO segment_line (segment_id, {COLS}, {STINT})
  SELECT s.id,
    (SELECT COALESCE(MAX(line_no), 0) FROM segment_line WHERE segment_id = $1)
      + 10000 * ROW_NUMBER() OVER (ORDER BY COALESCE(c.company_name, ''), COALESCE(co.no, ''), c.type, c.name, c.no),
    c.id, c.company_id, s.description, s.date, s.subject_default, s.language_code_default,
    COALESCE(s.salesperson_id, c.salesperson_id), s.interaction_template_id, s.interaction_group_id,
    s.unit_cost_lcy, s.unit_duration_min,
    CASE WHEN s.ignore_contact_corres_type AND s.correspondence_type_default <> 'NONE'
           THEN s.correspondence_type_default
         WHEN t.id IS NOT NULL AND (t.ignore_contact_corres_type OR c.correspondence_type = 'NONE')
           THEN t.correspondence_type_default
         ELSE c.correspondence_type END,
    s.information_flow, s.initiated_by, s.campaign_id, s.campaign_target, s.campaign_response, 'NONE', false,
    $2, now(), $3
  FROM judged j JOIN contact c ON c.id = j.id LEFT JOIN contact co ON co.id = c.company_id
  JOIN segment s ON s.id = $1 LEFT JOIN interaction_template t ON t.id = s.interaction_template_id
  WHERE j.verdict = 'A'
  RETURNING id, contact_id, action_id, entered_at, entered_cause
), pending AS ({PENDING.format(lines="inserted")})
SELECT count(*) FILTER (WHERE verdict = 'A') AS lines_added, count(*) FILTER (WHERE verdict = 'P') AS privacy,
       count(*) FILTER (WHERE verdict = 'X') AS excluded, count(*) FILTER (WHERE verdict = 'E') AS existing
FROM judged"""


def _remove(doomed: str) -> str:
    """Delete the lines of `doomed` (a SELECT of line ids) into the archive, restorable by Go Back of $2."""
    return f"""
WITH doomed AS ({doomed}), removed AS (
  DELETE FROM segment_line l USING doomed d WHERE l.id = d.id RETURNING l.*
), archived AS (
  INSERT INTO {ARCHIVE} SELECT $1, 'LINE', $2, {COLS}, {STINT}, now(), $3 FROM removed ORDER BY id
)
SELECT count(*) AS lines_removed FROM removed"""


# Reduce: contacts with a (non-canceled) interaction evaluated as one of $4 on their own entries.
REDUCE = _remove("""
  SELECT l.id FROM segment_line l JOIN contact c ON c.id = l.contact_id
  WHERE l.segment_id = $1 AND EXISTS (
    SELECT 1 FROM interaction_log_entry e WHERE e.contact_id = c.id
      AND e.contact_company_id IS NOT DISTINCT FROM c.company_id AND e.evaluation = ANY($4::text[])
      AND e.canceled = false)""")

# Refine with Entire Companies: keep a line when its contact, or any contact of its company, holds a job $4.
# The companies kept are a hashed NOT IN set: right after an Add in the same transaction (a reuse) the
# planner believes the segment is empty, and a join chosen on that belief would be quadratic.
REFINE_ENTIRE = _remove(f"""
  WITH lines AS (
    SELECT l.id, l.contact_id, c.company_id FROM segment_line l JOIN contact c ON c.id = l.contact_id
    WHERE l.segment_id = $1
  )
  SELECT x.id FROM lines x
  WHERE (x.company_id IS NULL AND NOT EXISTS ({JOB_MATCH.format(who="x.contact_id")}))
     OR (x.company_id IS NOT NULL AND x.company_id NOT IN (
          SELECT t.company_id FROM contact t
          WHERE t.company_id IN (SELECT company_id FROM lines) AND EXISTS ({JOB_MATCH.format(who="t.id")})))""")

# Go Back of an Add: its lines leave by their tag; its pending archive rows (its contacts, kept when they
# entered) get left_at.
GO_BACK_ADD = (
    "DELETE FROM segment_line WHERE segment_id = $1 AND action_id = $2",
    "UPDATE segment_line_archive SET left_at = now(), left_cause = $3 WHERE segment_id = $1 AND action_id = $2 "
    "AND contact_ids IS NOT NULL AND left_at IS NULL",
)


# Go Back of a Reduce or Refine: its lines come back from the archive, but not those of privacy-blocked contacts.
GO_BACK_REMOVAL = f"""
WITH restored AS (
  INSERT INTO segment_line (segment_id, {COLS}, {STINT})
  SELECT $1, {", ".join("c.id" if x == "contact_id" else "cc.id" if x == "contact_company_id" else "a." + x
                        for x in COLS.split(", "))}, a.action_id, now(), $3
  FROM segment_line_archive a LEFT JOIN contact c ON c.id = a.contact_id
  LEFT JOIN contact cc ON cc.id = a.contact_company_id
  WHERE a.segment_id = $1 AND a.undo_action_id = $2 AND (c.id IS NULL OR NOT c.privacy_blocked) ORDER BY a.id
  RETURNING id, contact_id, action_id, entered_at, entered_cause
), pending AS ({PENDING.format(lines="restored")})
SELECT 0 AS lines_removed, (SELECT count(*) FROM restored) AS lines_added"""


async def lock(conn: asyncpg.Connection, segment_id: int) -> None:
    await conn.execute("SELECT id FROM segment WHERE id = $1 FOR UPDATE", segment_id)


async def _action(conn: asyncpg.Connection, seg: int, kind: str, criteria: dict[str, Any], **opt: bool) -> Any:
    await conn.execute("SET LOCAL jit = off")
    return await conn.fetchrow(
        NEW_ACTION, seg, kind, opt.get("existing", False), opt.get("expand", False), opt.get("related", False),
        opt.get("ignore_exclusion", False), opt.get("entire", False), json.dumps(criteria),
    )


async def add(conn: asyncpg.Connection, seg: int, criteria: dict[str, Any], cities: list[str],
              industries: list[str]) -> dict[str, int]:
    action = await _action(conn, seg, "ADD", criteria, expand=True)
    row = await conn.fetchrow(ADD, seg, action["id"], f"action {action['position']}", cities, industries)
    await conn.execute("UPDATE segment_criteria_action SET lines_added = $2 WHERE id = $1", action["id"],
                       row["lines_added"])
    return dict(row)


async def remove(conn: asyncpg.Connection, seg: int, criteria: dict[str, Any], sql: str, values: list[str],
                 kind: str, entire: bool) -> dict[str, int]:
    action = await _action(conn, seg, kind, criteria, entire=entire)
    removed = await conn.fetchval(sql, seg, action["id"], f"action {action['position']}", values)
    await conn.execute("UPDATE segment_criteria_action SET lines_removed = $2 WHERE id = $1", action["id"], removed)
    return {"lines_removed": removed}


async def go_back(conn: asyncpg.Connection, seg: int) -> dict[str, int]:
    action = await conn.fetchrow(
        "SELECT id, position, action FROM segment_criteria_action WHERE segment_id = $1 "
        "ORDER BY position DESC LIMIT 1", seg
    )
    await conn.execute("SET LOCAL jit = off")
    cause = f"go back: action {action['position']}"
    if action["action"] == "ADD":
        undo, left = GO_BACK_ADD
        removed = int((await conn.execute(undo, seg, action["id"])).split()[-1])
        await conn.execute(left, seg, action["id"], cause)
        row = {"lines_removed": removed, "lines_added": 0}
    else:
        row = dict(await conn.fetchrow(GO_BACK_REMOVAL, seg, action["id"], cause))
    await conn.execute("DELETE FROM segment_criteria_action WHERE id = $1", action["id"])
    return row


async def saved_actions(conn: asyncpg.Connection, seg: int, code: str) -> list[Any]:
    """The saved actions to replay, after the same checks as a reuse (code exists, segment has no actions)."""
    saved = await conn.fetchval("SELECT id FROM saved_segment_criteria WHERE code = $1", code)
    if saved is None or await conn.fetchval("SELECT EXISTS (SELECT 1 FROM segment_criteria_action "
                                            "WHERE segment_id = $1)", seg):
        raise RuntimeError(f"reuse of {code} is not possible on segment {seg}")
    return await conn.fetch(
        "SELECT position, action, allow_existing_contacts, expand_companies, allow_related_companies, "
        "ignore_exclusion, entire_companies, criteria FROM saved_segment_criteria_action "
        "WHERE saved_criteria_id = $1 ORDER BY position", saved,
    )
