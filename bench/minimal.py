"""The yardstick of SPEC §5: per operation, the minimal statement that changes `segment_line` alone.

- Add: the `INSERT … SELECT` of the new lines (the criteria, Expand Companies, exclusion, privacy and the
  existing-contact check, BC's line order and numbering, the line initialised from header and contact);
- Reduce / Refine: the `DELETE` of the doomed lines, criteria included;
- Go Back: of the Refine, restoring the removed lines, read from where they were kept (deleted contacts as no
  contact, privacy-blocked ones left out); of the Add, deleting the lines it inserted;
- Reuse: the three in sequence.
No action row, no tag, no archive, no counts. Run on an asyncpg connection in the caller's transaction, with
the same `SET LOCAL jit = off` as the actions. With `floor=True` the same statements write to the copy of
`segment_line` without foreign keys or triggers that the caller made (bench.floor): the write floor.
"""

from __future__ import annotations

import asyncpg

from bench.floor import on_copy
from bench.handwritten import COLS, JOB_MATCH

# A new line's values, numbered after the segment's last line in BC order and initialised from the header and the
# contact (c, its company co, the segment s, its template t): the Add's minimal statement and the bench's others.
LINE_VALUES = """SELECT s.id,
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
  s.information_flow, s.initiated_by, s.campaign_id, s.campaign_target, s.campaign_response, 'NONE', false
"""

ADD_INSERT = f"""
WITH matched AS (
  SELECT c.id, c.company_id FROM contact c
  WHERE c.city = ANY($2::text[]) AND EXISTS (
    SELECT 1 FROM contact_industry_group ci JOIN industry_group g ON g.id = ci.industry_group_id
    WHERE ci.contact_id = c.company_id AND g.code = ANY($3::text[]))
), expanded AS (
  SELECT p.id FROM contact p WHERE p.company_id IN (SELECT company_id FROM matched)
  UNION SELECT id FROM matched WHERE company_id IS NULL
)
INSERT INTO segment_line (segment_id, {COLS})
{LINE_VALUES}FROM expanded e JOIN contact c ON c.id = e.id LEFT JOIN contact co ON co.id = c.company_id
JOIN segment s ON s.id = $1 LEFT JOIN interaction_template t ON t.id = s.interaction_template_id
WHERE NOT c.privacy_blocked AND NOT c.exclude_from_segment
  AND NOT EXISTS (SELECT 1 FROM segment_line l WHERE l.segment_id = $1 AND l.contact_id = c.id)"""

REDUCE_DELETE = """
DELETE FROM segment_line l USING contact c
WHERE l.segment_id = $1 AND c.id = l.contact_id AND EXISTS (
  SELECT 1 FROM interaction_log_entry e WHERE e.contact_id = c.id
    AND e.contact_company_id IS NOT DISTINCT FROM c.company_id AND e.evaluation = ANY($2::text[])
    AND e.canceled = false)"""

REFINE_DELETE = f"""
WITH lines AS (
  SELECT l.id, l.contact_id, c.company_id FROM segment_line l JOIN contact c ON c.id = l.contact_id
  WHERE l.segment_id = $1
)
DELETE FROM segment_line WHERE id IN (
  SELECT x.id FROM lines x
  WHERE (x.company_id IS NULL AND NOT EXISTS ({JOB_MATCH.format(who="x.contact_id").replace("$4", "$2")}))
     OR (x.company_id IS NOT NULL AND x.company_id NOT IN (
          SELECT t.company_id FROM contact t
          WHERE t.company_id IN (SELECT company_id FROM lines)
            AND EXISTS ({JOB_MATCH.format(who="t.id").replace("$4", "$2")}))))"""

# Go Back of an Add: deleting the lines it inserted.
UNDO_ADD = (
    "DELETE FROM segment_line WHERE segment_id = $1 AND action_id = (SELECT id FROM segment_criteria_action "
    "WHERE segment_id = $1 ORDER BY position DESC LIMIT 1)"
)
# Go Back of a removal: its lines from the archive, with SPEC §2.2's rules as the Add's statement has its own: a
# contact deleted since comes back as no contact, a privacy-blocked one is left out (one probe of contact per line;
# before migration 0023 the foreign-key checks of segment_line made those probes anyway).
RESTORED_COLS = ", ".join("c.id" if x == "contact_id" else "cc.id" if x == "contact_company_id" else "a." + x
                          for x in COLS.split(", "))
RESTORE = (
    f"INSERT INTO segment_line (segment_id, {COLS}) SELECT $1, {RESTORED_COLS} FROM segment_line_archive a "
    "LEFT JOIN contact c ON c.id = a.contact_id LEFT JOIN contact cc ON cc.id = a.contact_company_id "
    "WHERE a.segment_id = $1 AND a.undo_action_id = (SELECT id FROM segment_criteria_action WHERE segment_id = $1 "
    "ORDER BY position DESC LIMIT 1) AND (c.id IS NULL OR NOT c.privacy_blocked)"
)


def _sql(sql: str, floor: bool) -> str:
    return on_copy(sql) if floor else sql


async def add(conn: asyncpg.Connection, seg: int, cities: list[str], industries: list[str],
              floor: bool = False) -> None:
    await conn.execute("SET LOCAL jit = off")
    await conn.execute(_sql(ADD_INSERT, floor), seg, cities, industries)


async def reduce(conn: asyncpg.Connection, seg: int, evaluations: list[str], floor: bool = False) -> None:
    await conn.execute("SET LOCAL jit = off")
    await conn.execute(_sql(REDUCE_DELETE, floor), seg, evaluations)


async def refine(conn: asyncpg.Connection, seg: int, jobs: list[str], floor: bool = False) -> None:
    await conn.execute("SET LOCAL jit = off")
    await conn.execute(_sql(REFINE_DELETE, floor), seg, jobs)


async def go_back(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await conn.execute("SET LOCAL jit = off")
    await conn.execute(_sql(RESTORE, floor), seg)


async def go_back_add(conn: asyncpg.Connection, seg: int, floor: bool = False) -> None:
    await conn.execute("SET LOCAL jit = off")
    await conn.execute(_sql(UNDO_ADD, floor), seg)
