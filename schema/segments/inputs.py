"""Inputs and payloads of the segment worksheet, named as the contract fixes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from segmentum.schema import terms
from segmentum.schema.criteria.inputs import ContactCriteria
from segmentum.schema.enums import CorrespondenceType, Evaluation, InformationFlow, InitiatedBy, SegmentKind
from segmentum.schema.errors import UserError, Warning
from segmentum.schema.jobs.types import Job
from segmentum.schema.segments.types import SavedSegmentCriteria, Segment, SegmentLine

UNSET = strawberry.UNSET


@strawberry.input(description="A new segment header; `no` comes from the segment number series when omitted.")
class SegmentCreateInput:
    no: str | None = strawberry.field(default=None, description=terms.NO)
    description: str | None = strawberry.field(default=UNSET, description=terms.DESCRIPTION)
    date: date | None = strawberry.field(default=None, description=terms.DATE)
    kind: SegmentKind | None = strawberry.field(default=SegmentKind.STATIC, description="STATIC (default) or DYNAMIC.")
    refresh_interval_minutes: int | None = strawberry.field(default=UNSET, description=terms.REFRESH_INTERVAL_MINUTES)
    salesperson_code: str | None = strawberry.field(default=UNSET, description=terms.looked_up("salesperson"))
    campaign_no: str | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_NO)
    campaign_target: bool | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_TARGET)
    campaign_response: bool | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_RESPONSE)
    interaction_template_code: str | None = strawberry.field(default=UNSET, description=terms.TEMPLATE_CODE)
    unit_cost_lcy: Decimal | None = strawberry.field(default=UNSET, description=terms.UNIT_COST_LCY)
    unit_duration_min: int | None = strawberry.field(default=UNSET, description=terms.UNIT_DURATION_MIN)
    correspondence_type_default: CorrespondenceType | None = strawberry.field(
        default=UNSET, description=terms.CORRESPONDENCE_TYPE_DEFAULT)
    ignore_contact_corres_type: bool | None = strawberry.field(
        default=UNSET, description=terms.IGNORE_CONTACT_CORRES_TYPE)
    subject_default: str | None = strawberry.field(default=UNSET, description=terms.SUBJECT_DEFAULT)
    language_code_default: str | None = strawberry.field(default=UNSET, description=terms.LANGUAGE_CODE_DEFAULT)
    send_word_docs_as_attmt: bool | None = strawberry.field(default=UNSET, description=terms.SEND_WORD_DOCS_AS_ATTMT)


@strawberry.input(description="Changes to a segment header: only the fields given change.")
class SegmentUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    description: str | None = strawberry.field(default=UNSET, description=terms.DESCRIPTION)
    date: date | None = strawberry.field(default=UNSET, description=terms.DATE)
    kind: SegmentKind | None = strawberry.field(default=UNSET, description="STATIC or DYNAMIC.")
    refresh_interval_minutes: int | None = strawberry.field(default=UNSET, description=terms.REFRESH_INTERVAL_MINUTES)
    salesperson_code: str | None = strawberry.field(default=UNSET, description=terms.looked_up("salesperson"))
    campaign_no: str | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_NO)
    campaign_target: bool | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_TARGET)
    campaign_response: bool | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_RESPONSE)
    interaction_template_code: str | None = strawberry.field(default=UNSET, description=terms.TEMPLATE_CODE)
    unit_cost_lcy: Decimal | None = strawberry.field(default=UNSET, description=terms.UNIT_COST_LCY)
    unit_duration_min: int | None = strawberry.field(default=UNSET, description=terms.UNIT_DURATION_MIN)
    information_flow: InformationFlow | None = strawberry.field(default=UNSET, description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy | None = strawberry.field(default=UNSET, description=terms.INITIATED_BY)
    correspondence_type_default: CorrespondenceType | None = strawberry.field(
        default=UNSET, description=terms.CORRESPONDENCE_TYPE_DEFAULT)
    ignore_contact_corres_type: bool | None = strawberry.field(
        default=UNSET, description=terms.IGNORE_CONTACT_CORRES_TYPE)
    subject_default: str | None = strawberry.field(default=UNSET, description=terms.SUBJECT_DEFAULT)
    language_code_default: str | None = strawberry.field(default=UNSET, description=terms.LANGUAGE_CODE_DEFAULT)
    send_word_docs_as_attmt: bool | None = strawberry.field(default=UNSET, description=terms.SEND_WORD_DOCS_AS_ATTMT)
    apply_to_lines: bool | None = strawberry.field(
        default=True, description="Copy the changed interaction fields to every line too (default true), as BC asks.")


@strawberry.input(description="The segment to act on.")
class SegmentRefInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)


@strawberry.input(description="Add Contacts: the criteria and the options of BC's Add Contacts page.")
class SegmentAddContactsInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    criteria: ContactCriteria | None = strawberry.field(default=None, description=terms.CRITERIA)
    allow_existing_contacts: bool | None = strawberry.field(default=False, description=terms.ALLOW_EXISTING_CONTACTS)
    expand_companies: bool | None = strawberry.field(default=False, description=terms.EXPAND_COMPANIES)
    allow_related_companies: bool | None = strawberry.field(default=False, description=terms.ALLOW_RELATED_COMPANIES)
    ignore_exclusion: bool | None = strawberry.field(default=False, description=terms.IGNORE_EXCLUSION)
    allow_no_filter: bool | None = strawberry.field(
        default=False, description="Without it, an action with no filter at all is refused (NO_FILTER)."
    )


@strawberry.input(description="Reduce or Refine Contacts: the criteria and options.")
class SegmentRemoveContactsInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    criteria: ContactCriteria | None = strawberry.field(default=None, description=terms.CRITERIA)
    entire_companies: bool | None = strawberry.field(default=False, description=terms.ENTIRE_COMPANIES)
    allow_no_filter: bool | None = strawberry.field(default=False, description=terms.ALLOW_NO_FILTER)


@strawberry.input(description="The contact to add to a segment by hand.")
class SegmentLineAddInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    contact_id: strawberry.ID = strawberry.field(description=terms.CONTACT_ID)


@strawberry.input(description="Changes to one segment line: only the fields given change.")
class SegmentLineUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    contact_id: strawberry.ID | None = strawberry.field(default=UNSET, description=terms.CONTACT_ID)
    description: str | None = strawberry.field(default=UNSET, description=terms.DESCRIPTION)
    date: date | None = strawberry.field(default=UNSET, description=terms.DATE)
    subject: str | None = strawberry.field(default=UNSET, description=terms.SUBJECT)
    salesperson_code: str | None = strawberry.field(default=UNSET, description=terms.looked_up("salesperson"))
    interaction_template_code: str | None = strawberry.field(default=UNSET, description=terms.TEMPLATE_CODE)
    cost_lcy: Decimal | None = strawberry.field(default=UNSET, description=terms.COST_LCY)
    duration_min: int | None = strawberry.field(default=UNSET, description=terms.DURATION_MIN)
    correspondence_type: CorrespondenceType | None = strawberry.field(
        default=UNSET, description=terms.CORRESPONDENCE_TYPE)
    campaign_no: str | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_NO)
    campaign_target: bool | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_TARGET)
    campaign_response: bool | None = strawberry.field(default=UNSET, description=terms.CAMPAIGN_RESPONSE)
    evaluation: Evaluation | None = strawberry.field(default=UNSET, description=terms.EVALUATION)
    attempt_failed: bool | None = strawberry.field(default=UNSET, description=terms.ATTEMPT_FAILED)


@strawberry.input(description="The segment line to remove.")
class SegmentLineRemoveInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)


@strawberry.input(description="Save Criteria: keep the segment's criteria actions under a code, to reuse them.")
class SegmentSaveCriteriaInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    code: str = strawberry.field(description=terms.CODE)
    description: str | None = strawberry.field(default=None, description=terms.DESCRIPTION)


@strawberry.input(description="Reuse Criteria: apply the actions of saved criteria to the segment.")
class SegmentReuseCriteriaInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    saved_criteria_code: str = strawberry.field(description="Code of the saved criteria to reuse.")
    confirm_existing_criteria: bool | None = strawberry.field(
        default=False, description=terms.CONFIRM_EXISTING_CRITERIA)


@strawberry.type(description=terms.payload("segment"))
class SegmentPayload:
    segment: Segment | None = strawberry.field(description=terms.payload_record("segment"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("segment action"))
class SegmentActionPayload:
    segment: Segment | None = strawberry.field(description=terms.payload_record("segment"))
    lines_added: int = strawberry.field(default=0, description=terms.LINES_ADDED)
    lines_removed: int = strawberry.field(default=0, description=terms.LINES_REMOVED)
    skipped_excluded: int = strawberry.field(default=0, description="Exclude from Segment")
    skipped_existing: int = strawberry.field(default=0, description="Already on a line, allowExistingContacts false")
    skipped_privacy_blocked: int = strawberry.field(
        default=0, description="Contacts selected but not added because they are privacy blocked.")
    user_errors: list[UserError] = strawberry.field(default_factory=list, description=terms.USER_ERRORS)
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


@strawberry.type(description=terms.payload("segment line"))
class SegmentLinePayload:
    line: SegmentLine | None = strawberry.field(description=terms.payload_record("segment line"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("saved segment criteria"))
class SavedSegmentCriteriaPayload:
    saved_criteria: SavedSegmentCriteria | None = strawberry.field(
        description=terms.payload_record("saved segment criteria"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)
