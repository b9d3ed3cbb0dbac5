"""The commands the schema hands the resolvers: typed values, so that what crosses from schema/ to resolvers/
names its parts. IDs are still the global IDs of the input (a resolver decodes them); criteria are the
ContactCriteria input in its plain form (models.criteria), which the resolver reads once into a `Criteria`.

A command of fields a client may leave out (`Changes`) tells "not sent" from an explicit null: a field not sent
is `OMITTED` (an update leaves it as it is), None clears it. schema/inputs.py's `command` builds every command
from its input, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, Final

from segmentum.models.enums import (
    ContactType,
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    SegmentKind,
)
from segmentum.models.worksheet.options import ActionOptions

__all__ = [
    "OMITTED", "ActionOptions", "CampaignFields", "Changes", "CodeDescriptionFields", "ContactFields", "CriteriaAction",
    "InteractionFields", "PreviewRequest", "RatingFields", "ReuseLogged", "SalespersonFields", "SegmentHeader",
    "SegmentLineChanges", "TemplateFields", "TerritoryFields",
]

CriteriaInput = Mapping[str, Any]


class _Omitted:
    """The value of a field the client did not send."""

    def __repr__(self) -> str:
        return "OMITTED"


OMITTED: Final[Any] = _Omitted()


@dataclass(frozen=True)
class Changes:
    """Fields a client may leave out; the rules take the ones sent as a mapping of field names."""

    def given(self) -> dict[str, Any]:
        """The fields sent (explicit nulls as None), by name."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not OMITTED}


# ------------------------------------------------------------------------------------ segments


@dataclass(frozen=True)
class CriteriaAction:
    """Add, Reduce or Refine contacts of a segment."""

    segment_id: Any
    criteria: CriteriaInput | None
    options: ActionOptions


@dataclass(frozen=True)
class PreviewRequest:
    """What an Add of these criteria with these options would bring: the count (when `count`) and the first
    `sample` contacts."""

    criteria: CriteriaInput | None
    options: ActionOptions
    count: bool
    sample: int


@dataclass(frozen=True)
class SegmentHeader(Changes):
    """A segment header's fields, of a new segment or the changes to one."""

    no: str | None = OMITTED
    description: str | None = OMITTED
    date: date | None = OMITTED
    kind: SegmentKind | None = OMITTED
    refresh_interval_minutes: int | None = OMITTED
    salesperson_code: str | None = OMITTED
    campaign_no: str | None = OMITTED
    campaign_target: bool | None = OMITTED
    campaign_response: bool | None = OMITTED
    interaction_template_code: str | None = OMITTED
    unit_cost_lcy: Decimal | None = OMITTED
    unit_duration_min: int | None = OMITTED
    information_flow: InformationFlow | None = OMITTED
    initiated_by: InitiatedBy | None = OMITTED
    correspondence_type_default: CorrespondenceType | None = OMITTED
    ignore_contact_corres_type: bool | None = OMITTED
    subject_default: str | None = OMITTED
    language_code_default: str | None = OMITTED
    send_word_docs_as_attmt: bool | None = OMITTED


@dataclass(frozen=True)
class SegmentLineChanges(Changes):
    """The changes to one segment line; a new `contact_id` replaces its contact."""

    contact_id: Any = OMITTED
    description: str | None = OMITTED
    date: date | None = OMITTED
    subject: str | None = OMITTED
    salesperson_code: str | None = OMITTED
    interaction_template_code: str | None = OMITTED
    cost_lcy: Decimal | None = OMITTED
    duration_min: int | None = OMITTED
    correspondence_type: CorrespondenceType | None = OMITTED
    campaign_no: str | None = OMITTED
    campaign_target: bool | None = OMITTED
    campaign_response: bool | None = OMITTED
    evaluation: Evaluation | None = OMITTED
    attempt_failed: bool | None = OMITTED


@dataclass(frozen=True)
class ReuseLogged:
    """Reuse Logged Segment: add the contacts of a logged segment to a segment."""

    segment_id: Any
    logged_segment_id: Any
    ignore_exclusion: bool
    confirm_existing_criteria: bool


# ------------------------------------------------------------------------------------ contacts


@dataclass(frozen=True)
class ContactFields(Changes):
    """A contact's fields, of a new contact (`type` given) or the changes to one."""

    no: str | None = OMITTED
    external_id: str | None = OMITTED
    type: ContactType = OMITTED
    name: str | None = OMITTED
    first_name: str | None = OMITTED
    middle_name: str | None = OMITTED
    surname: str | None = OMITTED
    job_title: str | None = OMITTED
    company_id: Any = OMITTED
    email: str | None = OMITTED
    phone_no: str | None = OMITTED
    mobile_phone_no: str | None = OMITTED
    address: str | None = OMITTED
    address2: str | None = OMITTED
    city: str | None = OMITTED
    post_code: str | None = OMITTED
    county: str | None = OMITTED
    country_code: str | None = OMITTED
    language_code: str | None = OMITTED
    salesperson_code: str | None = OMITTED
    territory_code: str | None = OMITTED
    correspondence_type: CorrespondenceType | None = OMITTED
    exclude_from_segment: bool | None = OMITTED
    privacy_blocked: bool | None = OMITTED


# ------------------------------------------------------------------------------------ masters


@dataclass(frozen=True)
class CodeDescriptionFields(Changes):
    """A code-and-description master's fields (a classification, an interaction group), new or changed."""

    code: str = OMITTED
    description: str | None = OMITTED


@dataclass(frozen=True)
class TerritoryFields(Changes):
    """A territory's fields, new or changed."""

    code: str = OMITTED
    name: str | None = OMITTED


@dataclass(frozen=True)
class SalespersonFields(Changes):
    """A salesperson's fields, new or changed."""

    code: str = OMITTED
    name: str | None = OMITTED
    email: str | None = OMITTED
    blocked: bool | None = OMITTED
    privacy_blocked: bool | None = OMITTED


@dataclass(frozen=True)
class RatingFields(Changes):
    """The points an answer counts towards a rating question (`points` omitted: the rating to delete)."""

    questionnaire_code: str = OMITTED
    question_line_no: int = OMITTED
    answer_questionnaire_code: str | None = OMITTED
    answer_line_no: int = OMITTED
    points: Decimal = OMITTED


# ------------------------------------------------------------------------------------ interaction setup


@dataclass(frozen=True)
class TemplateFields(Changes):
    """An interaction template's fields, new or changed."""

    code: str = OMITTED
    description: str | None = OMITTED
    group_code: str | None = OMITTED
    unit_cost_lcy: Decimal | None = OMITTED
    unit_duration_min: int | None = OMITTED
    information_flow: InformationFlow | None = OMITTED
    initiated_by: InitiatedBy | None = OMITTED
    campaign_no: str | None = OMITTED
    campaign_target: bool | None = OMITTED
    campaign_response: bool | None = OMITTED
    correspondence_type_default: CorrespondenceType | None = OMITTED
    ignore_contact_corres_type: bool | None = OMITTED
    language_code_default: str | None = OMITTED


@dataclass(frozen=True)
class CampaignFields(Changes):
    """A campaign's fields, new or changed."""

    no: str | None = OMITTED
    description: str | None = OMITTED
    starting_date: date | None = OMITTED
    ending_date: date | None = OMITTED
    salesperson_code: str | None = OMITTED


@dataclass(frozen=True)
class InteractionFields(Changes):
    """One interaction to record with a contact, from a template."""

    contact_id: Any = OMITTED
    template_code: str = OMITTED
    date: date | None = OMITTED
    description: str | None = OMITTED
    subject: str | None = OMITTED
    salesperson_code: str | None = OMITTED
    cost_lcy: Decimal | None = OMITTED
    duration_min: int | None = OMITTED
    campaign_no: str | None = OMITTED
    evaluation: Evaluation | None = OMITTED
    attempt_failed: bool | None = OMITTED
    correspondence_type: CorrespondenceType | None = OMITTED
