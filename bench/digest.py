"""A fingerprint of everything a worksheet action leaves in one segment, computed in the database (so the
benchmark process never holds the lines): counts and md5 of the lines, history, membership events and
recorded actions. Ids and timestamps differ between runs by nature and are left out."""

from __future__ import annotations

LINE = (
    "line_no, contact_id, contact_company_id, description, date, subject, language_code, salesperson_id, "
    "interaction_template_id, interaction_group_id, cost_lcy, duration_min, correspondence_type, "
    "information_flow, initiated_by, campaign_id, campaign_target, campaign_response, evaluation, attempt_failed"
)
H_LINE = ", ".join(f"h.{c}" for c in LINE.split(", "))

DIGEST = f"""
SELECT
  (SELECT count(*) FROM segment_line WHERE segment_id = $1) AS lines,
  (SELECT md5(string_agg(ROW({LINE})::text, '|' ORDER BY line_no, contact_id))
     FROM segment_line WHERE segment_id = $1) AS lines_md5,
  (SELECT count(*) FROM segment_history WHERE segment_id = $1) AS history,
  (SELECT md5(string_agg(ROW(a.position, h.kind, {H_LINE})::text, '|' ORDER BY a.position, h.kind, h.line_no))
     FROM segment_history h JOIN segment_criteria_action a ON a.id = h.criteria_action_id
     WHERE h.segment_id = $1) AS history_md5,
  (SELECT count(*) FROM segment_membership_event WHERE segment_id = $1) AS events,
  (SELECT md5(string_agg(ROW(kind, contact_id, cause)::text, '|' ORDER BY kind, contact_id, cause))
     FROM segment_membership_event WHERE segment_id = $1) AS events_md5,
  (SELECT md5(string_agg(ROW(position, action, allow_existing_contacts, expand_companies, allow_related_companies,
     ignore_exclusion, entire_companies, allow_no_filter, criteria, manual, lines_added, lines_removed)::text,
     '|' ORDER BY position)) FROM segment_criteria_action WHERE segment_id = $1) AS actions_md5
"""


def differences(ours: dict[str, object], hand: dict[str, object]) -> list[str]:
    return [f"{k}: segmentum {ours[k]!r} vs hand-written {hand.get(k)!r}" for k in ours if ours[k] != hand.get(k)]
