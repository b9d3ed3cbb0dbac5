"""ContactCriteria and its filter inputs (schema.inputs.plain gives the criteria engine their plain form)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import strawberry

from segmentum.resolvers.criteria import EXPRESSION_LIMITS
from segmentum.schema.masters.classifications import classification_criteria

if TYPE_CHECKING:  # the same classes; schema.enums registers them with GraphQL
    from segmentum.models.enums import ContactType, CorrespondenceType, Evaluation, InformationFlow, InitiatedBy
else:
    from segmentum.schema.enums import ContactType, CorrespondenceType, Evaluation, InformationFlow, InitiatedBy


@strawberry.input(description="A filter on a text field; every operator given must hold.")
class StringFilter:
    eq: str | None = strawberry.UNSET
    ne: str | None = strawberry.UNSET
    in_: list[str] | None = strawberry.field(name="in", default=strawberry.UNSET)
    not_in: list[str] | None = strawberry.UNSET
    starts_with: str | None = strawberry.UNSET
    contains: str | None = strawberry.UNSET
    is_blank: bool | None = strawberry.UNSET
    expr: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Business Central filter expression: \"GENT|BRUGGE\", \"1000..2000\", \"A*\", \"Hans?n\", "
        "\"<>''\", \"<>X&<>Y\"; a leading @ matches case-insensitively; blank is no filter. Ranges and <, >, <=, >= "
        "compare in linguistic order (a < B < c, brugge < Brugge). " + EXPRESSION_LIMITS,
    )


@strawberry.input(description="A filter on a date field; every operator given must hold.")
class DateFilter:
    eq: datetime.date | None = strawberry.UNSET
    from_: datetime.date | None = strawberry.field(name="from", default=strawberry.UNSET,
                                                   description="Inclusive.")
    to: datetime.date | None = strawberry.field(default=strawberry.UNSET, description="Inclusive.")
    within_last_days: int | None = strawberry.field(
        default=strawberry.UNSET, description="From today minus this many days up to today, at evaluation time."
    )
    older_than_days: int | None = strawberry.field(
        default=strawberry.UNSET, description="Before today minus this many days, at evaluation time."
    )
    is_blank: bool | None = strawberry.UNSET


@strawberry.input(description="A filter on an amount (whole cents); every operator given must hold, exact and the same "
                              "on every database (`lt: \"2.505\"` is below 2.51).")
class DecimalFilter:
    eq: Decimal | None = strawberry.UNSET
    ne: Decimal | None = strawberry.UNSET
    in_: list[Decimal] | None = strawberry.field(name="in", default=strawberry.UNSET)
    from_: Decimal | None = strawberry.field(name="from", default=strawberry.UNSET, description="Inclusive.")
    to: Decimal | None = strawberry.field(default=strawberry.UNSET, description="Inclusive.")
    lt: Decimal | None = strawberry.UNSET
    lte: Decimal | None = strawberry.UNSET
    gt: Decimal | None = strawberry.UNSET
    gte: Decimal | None = strawberry.UNSET


@strawberry.input(description="A filter on a whole number; every operator given must hold.")
class IntFilter:
    eq: int | None = strawberry.UNSET
    ne: int | None = strawberry.UNSET
    in_: list[int] | None = strawberry.field(name="in", default=strawberry.UNSET)
    from_: int | None = strawberry.field(name="from", default=strawberry.UNSET, description="Inclusive.")
    to: int | None = strawberry.field(default=strawberry.UNSET, description="Inclusive.")
    lt: int | None = strawberry.UNSET
    lte: int | None = strawberry.UNSET
    gt: int | None = strawberry.UNSET
    gte: int | None = strawberry.UNSET


@strawberry.input
class ContactFieldsFilter:
    no: StringFilter | None = strawberry.UNSET
    type: ContactType | None = strawberry.UNSET
    name: StringFilter | None = strawberry.UNSET
    company_no: StringFilter | None = strawberry.UNSET
    city: StringFilter | None = strawberry.UNSET
    post_code: StringFilter | None = strawberry.UNSET
    country_code: StringFilter | None = strawberry.UNSET
    county: StringFilter | None = strawberry.UNSET
    territory_code: StringFilter | None = strawberry.UNSET
    salesperson_code: StringFilter | None = strawberry.UNSET
    language_code: StringFilter | None = strawberry.UNSET
    job_title: StringFilter | None = strawberry.UNSET
    email: StringFilter | None = strawberry.UNSET
    correspondence_type: list[CorrespondenceType] | None = strawberry.UNSET
    exclude_from_segment: bool | None = strawberry.UNSET
    privacy_blocked: bool | None = strawberry.UNSET
    created_at: DateFilter | None = strawberry.UNSET


@strawberry.input(description="At least one answer of the contact itself.")
class ProfileAnswerFilter:
    questionnaire_code: str
    answer_line_nos: list[int] | None = strawberry.UNSET


@strawberry.input
class CodeFilter:
    code: StringFilter


@strawberry.input(description="At least one interaction log entry of the contact itself matches every field given.")
class InteractionFilter:
    date: DateFilter | None = strawberry.UNSET
    template_code: StringFilter | None = strawberry.UNSET
    group_code: StringFilter | None = strawberry.UNSET
    campaign_no: StringFilter | None = strawberry.UNSET
    segment_no: StringFilter | None = strawberry.UNSET
    salesperson_code: StringFilter | None = strawberry.UNSET
    evaluation: list[Evaluation] | None = strawberry.UNSET
    information_flow: InformationFlow | None = strawberry.UNSET
    initiated_by: InitiatedBy | None = strawberry.UNSET
    campaign_target: bool | None = strawberry.UNSET
    campaign_response: bool | None = strawberry.UNSET
    attempt_failed: bool | None = strawberry.UNSET
    canceled: bool | None = strawberry.UNSET
    description: StringFilter | None = strawberry.UNSET
    subject: StringFilter | None = strawberry.UNSET
    cost_lcy: DecimalFilter | None = strawberry.UNSET
    duration_min: IntFilter | None = strawberry.UNSET
    language_code: StringFilter | None = strawberry.field(
        default=strawberry.UNSET,
        description="Condition on the entry's interaction language code (a Code: upper-cased).",
    )
    correspondence_type: list[CorrespondenceType] | None = strawberry.UNSET
    logged_segment_entry_no: IntFilter | None = strawberry.field(
        default=strawberry.UNSET, description="Condition on the entry number of the logged segment the entry belongs "
                                              "to (LoggedSegment.entryNo); an entry of a deleted log has none."
    )


@strawberry.input(description="Beyond BC: has a line in an open segment.")
class SegmentMembershipFilter:
    segment_no: StringFilter


@strawberry.input(description="All sources given must hold; a related source needs one record matching all its fields.")
class ContactCriteria:
    contact: ContactFieldsFilter | None = strawberry.UNSET
    profile_answer: ProfileAnswerFilter | None = strawberry.UNSET
    interaction: InteractionFilter | None = strawberry.UNSET
    segment: SegmentMembershipFilter | None = strawberry.UNSET
    # A code filter per classification (models/classifications.py), each in its place among the sources.
    classification_criteria(vars(), CodeFilter)

