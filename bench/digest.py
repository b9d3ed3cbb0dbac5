"""A fingerprint of everything a worksheet action leaves in one segment, computed in the database (so the
benchmark process never holds the lines): counts and md5 of the lines (with the position of the action that
inserted them and why they entered), the archive (with the positions of the actions that inserted and
removed them and the causes: the membership history; the contacts of tagged lines as one sequence per entry) and
the recorded actions. Ids and timestamps differ
between runs by nature and are left out; actions are named by position."""

from __future__ import annotations

LINE = (
    "line_no, contact_id, contact_company_id, description, date, subject, language_code, salesperson_id, "
    "interaction_template_id, interaction_group_id, cost_lcy, duration_min, correspondence_type, "
    "information_flow, initiated_by, campaign_id, campaign_target, campaign_response, evaluation, attempt_failed"
)

# The contacts of tagged lines (CONTACTS rows) as one sequence per tag, entry and exit, in line order, whatever
# the rows they are split into: rows hold blocks of 1,000 line ids (models.worksheet.store.CHUNK), so how many rows
# an entry takes depends on where the sequence stood for the run (ids are never rolled back), not on the work.
CONTACTS = """(SELECT count(*) || ':' || md5(string_agg(ROW(a.position, x.entered_cause, x.left_cause, e.value)::text,
     '|' ORDER BY a.position, x.entered_cause, x.left_cause, x.id DESC, e.n))
     FROM segment_line_archive x LEFT JOIN segment_criteria_action a ON a.id = x.action_id
     CROSS JOIN LATERAL jsonb_array_elements(x.contact_ids) WITH ORDINALITY e(value, n)
     WHERE x.segment_id = $1 AND x.kind = 'CONTACTS')"""

DIGEST = f"""
SELECT
  (SELECT count(*) FROM segment_line WHERE segment_id = $1) AS lines,
  (SELECT md5(string_agg(ROW({LINE}, a.position, l.entered_cause)::text, '|' ORDER BY l.line_no, l.contact_id))
     FROM segment_line l LEFT JOIN segment_criteria_action a ON a.id = l.action_id
     WHERE l.segment_id = $1) AS lines_md5,
  (SELECT count(*) FROM segment_line_archive WHERE segment_id = $1 AND kind <> 'CONTACTS') AS archive,
  (SELECT md5(string_agg(ROW(u.position, a.position, {LINE}, x.entered_cause, x.left_cause)::text,
     '|' ORDER BY x.line_no, x.contact_id, x.left_cause, x.entered_cause))
     FROM segment_line_archive x LEFT JOIN segment_criteria_action u ON u.id = x.undo_action_id
     LEFT JOIN segment_criteria_action a ON a.id = x.action_id
     WHERE x.segment_id = $1 AND x.kind <> 'CONTACTS') AS archive_md5,
  {CONTACTS} AS archive_contacts,
  (SELECT md5(string_agg(ROW(position, action, allow_existing_contacts, expand_companies, allow_related_companies,
     ignore_exclusion, entire_companies, allow_no_filter, criteria, manual, lines_added, lines_removed)::text,
     '|' ORDER BY position)) FROM segment_criteria_action WHERE segment_id = $1) AS actions_md5
"""


def differences(ours: dict[str, object], hand: dict[str, object]) -> list[str]:
    return [f"{k}: segmentum {ours[k]!r} vs hand-written {hand.get(k)!r}" for k in ours if ours[k] != hand.get(k)]
