"""Reuse a logged segment (BC §3.8, SPEC §2.2): add the contacts of its non-canceled interactions, once each,
whatever their company is now; their lines take the campaign of their entry.

It is an Add action with a filter on the interaction log, so it is recorded, undone by Go Back, saved and
replayed like any other action (models.worksheet.replay says how it replays); unlike BC, exclusion (unless
ignoreExclusion) and privacy blocking are honoured.
"""

from __future__ import annotations

from typing import Any

from segmentum.models.criteria import Criteria
from segmentum.models.interactions import LoggedSegment
from segmentum.models.segments import Segment
from segmentum.models.worksheet.actions import ActionResult, add_contacts
from segmentum.models.worksheet.options import ActionOptions
from segmentum.models.worksheet.saved import check_confirmed


def logged_segment_criteria(logged: LoggedSegment) -> dict[str, Any]:
    """Contacts with a non-canceled interaction of the logged segment, by its entry number (BC §3.8 step 2): a
    segment number may be logged again once its canceled log is deleted, an entry number never comes back."""
    return {"interaction": {"logged_segment_entry_no": {"eq": logged.id}, "canceled": False}}


async def reuse_logged(segment: Segment, logged: LoggedSegment, *, ignore_exclusion: bool = False,
                       confirm_existing: bool = True) -> ActionResult:
    await check_confirmed(segment, confirm_existing, "a logged segment")
    # BC records Allow Existing Contacts; here a contact already in the segment is not added a second time.
    options = ActionOptions(ignore_exclusion=ignore_exclusion, allow_existing_contacts=False)
    return await add_contacts(segment, Criteria.parse(logged_segment_criteria(logged)), options, reuse_logged=True)
