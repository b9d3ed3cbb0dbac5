"""What a recorded action does whenever it runs again: replayed by Reuse Criteria, folded by re-evaluation (and so
undone by the Go Back that follows a re-evaluation). One definition, so that all of them agree:

- An action runs with its recorded options, and nothing else. A manual line add is recorded as an Add with
  every option off (BC §3.1), so its replay skips contacts marked Exclude from Segment and contacts already on a
  line, as BC's Reuse Criteria does (§3.7); only the manual add itself takes them.
- A Reuse Logged Segment action (`reuse_logged`) selects the contacts of the logged segment's non-canceled
  entries by the entries' contact, whatever the contact's company is now (§3.8, SPEC §2.2); its criteria show
  the filter as BC records it (Logged Segment Entry No.). Any other interaction filter links an entry to the
  contact and to its current company, as BC's criteria do (models.criteria.sources.InteractionSource).
- The lines a Reuse Logged Segment action adds take the campaign of the contact's entry (the first of its
  non-canceled entries in entry order) after the header's defaults (BC copies the campaign, not the flags), by
  hand and replayed by Reuse Criteria; re-evaluation initialises the lines of its newcomers from the header, as
  it does for every action.
"""

from __future__ import annotations

from typing import Any

from segmentum.models.criteria import Criteria
from segmentum.models.enums import CriteriaSource, SegmentAction
from segmentum.models.sql import Params

REUSED = "rl"  # the alias of a reused logged segment's entries


def adds_existing(action: Any) -> bool:
    """An Add that gives a contact already on a line another line (Allow Existing Contacts)."""
    return action.action == SegmentAction.ADD and bool(action.allow_existing_contacts)


def skips_excluded(action: Any) -> bool:
    """An Add that leaves out contacts marked Exclude from Segment (unless it ignores exclusion)."""
    return not action.ignore_exclusion


def selected_condition(criteria: Criteria, p: Params, alias: str, reuse_logged: bool = False) -> str:
    """The condition on contact row `alias` that the action's criteria select it by."""
    if not reuse_logged:
        return criteria.condition(p, alias)
    rest = criteria.without(CriteriaSource.INTERACTION)
    conds = [f"EXISTS (SELECT 1 FROM interaction_log_entry {REUSED} {_reused_entries(criteria, p, alias)})"]
    if rest.filters:
        conds.append(f"({rest.condition(p, alias)})")
    return " AND ".join(conds)


def entry_campaign_sql(criteria: Criteria, p: Params, alias: str) -> str:
    """The campaign a line of contact `alias` takes from the logged segment it is reused from."""
    return (f"(SELECT {REUSED}.campaign_id FROM interaction_log_entry {REUSED} {_reused_entries(criteria, p, alias)} "
            f"ORDER BY {REUSED}.id LIMIT 1)")


def _reused_entries(criteria: Criteria, p: Params, alias: str) -> str:
    flt = criteria.of(CriteriaSource.INTERACTION)
    conds = flt.conditions_on(REUSED, p, None) if flt else []
    return f"WHERE {REUSED}.contact_id = {alias}.id" + "".join(f" AND {c}" for c in conds)
