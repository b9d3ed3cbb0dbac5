"""Inputs and payloads of the segment worksheet, named as the contract fixes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from schema.criteria.inputs import ContactCriteria
from schema.enums import CorrespondenceType, Evaluation, InformationFlow, InitiatedBy, SegmentKind
from schema.errors import UserError, Warning
from schema.jobs.types import Job
from schema.segments.types import SavedSegmentCriteria, Segment, SegmentLine

UNSET = strawberry.UNSET


@strawberry.input
class SegmentCreateInput:
    no: str | None = None
    description: str | None = UNSET
    date: date | None = None
    kind: SegmentKind | None = SegmentKind.STATIC  # type: ignore[assignment]
    refresh_interval_minutes: int | None = UNSET
    salesperson_code: str | None = UNSET
    campaign_no: str | None = UNSET
    campaign_target: bool | None = UNSET
    campaign_response: bool | None = UNSET
    interaction_template_code: str | None = UNSET
    unit_cost_lcy: Decimal | None = UNSET
    unit_duration_min: int | None = UNSET
    correspondence_type_default: CorrespondenceType | None = UNSET
    ignore_contact_corres_type: bool | None = UNSET
    subject_default: str | None = UNSET
    language_code_default: str | None = UNSET
    send_word_docs_as_attmt: bool | None = UNSET


@strawberry.input
class SegmentUpdateInput:
    id: strawberry.ID
    description: str | None = UNSET
    date: date | None = UNSET
    kind: SegmentKind | None = UNSET
    refresh_interval_minutes: int | None = UNSET
    salesperson_code: str | None = UNSET
    campaign_no: str | None = UNSET
    campaign_target: bool | None = UNSET
    campaign_response: bool | None = UNSET
    interaction_template_code: str | None = UNSET
    unit_cost_lcy: Decimal | None = UNSET
    unit_duration_min: int | None = UNSET
    information_flow: InformationFlow | None = UNSET
    initiated_by: InitiatedBy | None = UNSET
    correspondence_type_default: CorrespondenceType | None = UNSET
    ignore_contact_corres_type: bool | None = UNSET
    subject_default: str | None = UNSET
    language_code_default: str | None = UNSET
    send_word_docs_as_attmt: bool | None = UNSET
    apply_to_lines: bool | None = True


@strawberry.input
class SegmentRefInput:
    segment_id: strawberry.ID


@strawberry.input
class SegmentAddContactsInput:
    segment_id: strawberry.ID
    criteria: ContactCriteria | None = None
    allow_existing_contacts: bool | None = False
    expand_companies: bool | None = False
    allow_related_companies: bool | None = False
    ignore_exclusion: bool | None = False
    allow_no_filter: bool | None = strawberry.field(
        default=False, description="Without it, an action with no filter at all is refused (NO_FILTER)."
    )


@strawberry.input
class SegmentRemoveContactsInput:
    segment_id: strawberry.ID
    criteria: ContactCriteria | None = None
    entire_companies: bool | None = False
    allow_no_filter: bool | None = False


@strawberry.input
class SegmentLineAddInput:
    segment_id: strawberry.ID
    contact_id: strawberry.ID


@strawberry.input
class SegmentLineUpdateInput:
    id: strawberry.ID
    contact_id: strawberry.ID | None = UNSET
    description: str | None = UNSET
    date: date | None = UNSET
    subject: str | None = UNSET
    salesperson_code: str | None = UNSET
    interaction_template_code: str | None = UNSET
    cost_lcy: Decimal | None = UNSET
    duration_min: int | None = UNSET
    correspondence_type: CorrespondenceType | None = UNSET
    campaign_no: str | None = UNSET
    campaign_target: bool | None = UNSET
    campaign_response: bool | None = UNSET
    evaluation: Evaluation | None = UNSET
    attempt_failed: bool | None = UNSET


@strawberry.input
class SegmentLineRemoveInput:
    id: strawberry.ID


@strawberry.input
class SegmentSaveCriteriaInput:
    segment_id: strawberry.ID
    code: str
    description: str | None = None


@strawberry.input
class SegmentReuseCriteriaInput:
    segment_id: strawberry.ID
    saved_criteria_code: str
    confirm_existing_criteria: bool | None = False


@strawberry.type
class SegmentPayload:
    segment: Segment | None
    user_errors: list[UserError]


@strawberry.type
class SegmentActionPayload:
    segment: Segment | None
    lines_added: int = 0
    lines_removed: int = 0
    skipped_excluded: int = strawberry.field(default=0, description="Exclude from Segment")
    skipped_existing: int = strawberry.field(default=0, description="Already on a line, allowExistingContacts false")
    skipped_privacy_blocked: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)
    warnings: list[Warning] = strawberry.field(
        default_factory=list,
        description="Remarks that did not stop the action, e.g. a criteria code that names no record.")
    removed_line_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list,
        description="The IDs of the lines segmentLineRemove removed, for a client to evict them from its cache. "
                    "Criteria actions (Reduce, Refine, Go Back) can remove many lines and report linesRemoved "
                    "only: refetch the segment's lines after them.")
    job: Job | None = strawberry.field(
        default=None,
        description="Set when the action runs as a job (SEGMENT_ACTION): its estimated size is above the "
                    "server's SEGMENTUM_ACTION_JOB_THRESHOLD, or an earlier action of the segment is still a job. "
                    "The lines change when the job ends, and `job.segmentAction` then has the counts, warnings and "
                    "userErrors; meanwhile the counts here are 0. Follow it with the jobUpdated subscription.")


@strawberry.type
class SegmentLinePayload:
    line: SegmentLine | None
    user_errors: list[UserError]


@strawberry.type
class SavedSegmentCriteriaPayload:
    saved_criteria: SavedSegmentCriteria | None
    user_errors: list[UserError]
