"""ContactCriteria and its filter inputs (schema.inputs.plain gives the criteria engine their plain form)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry

from segmentum.resolvers.criteria import EXPRESSION_LIMITS
from segmentum.schema import terms
from segmentum.schema.masters.classifications import classification_criteria

if TYPE_CHECKING:  # the same classes; schema.enums registers them with GraphQL
    from segmentum.models.enums import ContactType, CorrespondenceType, Evaluation, InformationFlow, InitiatedBy
else:
    from segmentum.schema.enums import ContactType, CorrespondenceType, Evaluation, InformationFlow, InitiatedBy


def _optional(description: str, name: str | None = None) -> Any:
    """A field the client may leave out (UNSET: no condition), described; `name` when Python's differs."""
    return strawberry.field(name=name, default=strawberry.UNSET, description=description)


@strawberry.input(description="A filter on a text field; every operator given must hold.")
class StringFilter:
    eq: str | None = _optional(terms.EQ)
    ne: str | None = _optional(terms.NE)
    in_: list[str] | None = _optional(terms.IN, name="in")
    not_in: list[str] | None = _optional("Equal to none of these values.")
    starts_with: str | None = _optional("Starts with this text.")
    contains: str | None = _optional("Contains this text.")
    is_blank: bool | None = _optional(terms.IS_BLANK)
    expr: str | None = _optional(
        "Business Central filter expression: \"GENT|BRUGGE\", \"1000..2000\", \"A*\", \"Hans?n\", \"<>''\", "
        "\"<>X&<>Y\"; a leading @ matches case-insensitively; blank is no filter. Ranges and <, >, <=, >= compare in "
        "linguistic order (a < B < c, brugge < Brugge). " + EXPRESSION_LIMITS
    )


@strawberry.input(description="A filter on a date field; every operator given must hold.")
class DateFilter:
    eq: datetime.date | None = _optional(terms.EQ)
    from_: datetime.date | None = _optional("Inclusive.", name="from")
    to: datetime.date | None = _optional("Inclusive.")
    within_last_days: int | None = _optional("From today minus this many days up to today, at evaluation time.")
    older_than_days: int | None = _optional("Before today minus this many days, at evaluation time.")
    is_blank: bool | None = _optional(terms.IS_BLANK)


@strawberry.input(description="A filter on an amount (whole cents); every operator given must hold, exact and the same "
                              "on every database (`lt: \"2.505\"` is below 2.51).")
class DecimalFilter:
    eq: Decimal | None = _optional(terms.EQ)
    ne: Decimal | None = _optional(terms.NE)
    in_: list[Decimal] | None = _optional(terms.IN, name="in")
    from_: Decimal | None = _optional("Inclusive.", name="from")
    to: Decimal | None = _optional("Inclusive.")
    lt: Decimal | None = _optional(terms.LT)
    lte: Decimal | None = _optional(terms.LTE)
    gt: Decimal | None = _optional(terms.GT)
    gte: Decimal | None = _optional(terms.GTE)


@strawberry.input(description="A filter on a whole number; every operator given must hold.")
class IntFilter:
    eq: int | None = _optional(terms.EQ)
    ne: int | None = _optional(terms.NE)
    in_: list[int] | None = _optional(terms.IN, name="in")
    from_: int | None = _optional("Inclusive.", name="from")
    to: int | None = _optional("Inclusive.")
    lt: int | None = _optional(terms.LT)
    lte: int | None = _optional(terms.LTE)
    gt: int | None = _optional(terms.GT)
    gte: int | None = _optional(terms.GTE)


@strawberry.input(description="Conditions on the contact's own fields; all given conditions must hold.")
class ContactFieldsFilter:
    no: StringFilter | None = _optional("Condition on the contact's number (BC's No.).")
    type: ContactType | None = _optional("Only companies, or only persons.")
    name: StringFilter | None = _optional("Condition on the name.")
    company_no: StringFilter | None = _optional(terms.condition(
        "companyNo", "The number of the company a contact belongs to (a company's own number for a company)."))
    city: StringFilter | None = _optional("Condition on the city.")
    post_code: StringFilter | None = _optional("Condition on the post code.")
    country_code: StringFilter | None = _optional(terms.condition("countryCode", terms.COUNTRY_CODE))
    county: StringFilter | None = _optional("Condition on the county.")
    territory_code: StringFilter | None = _optional(terms.warned_code("territory"))
    salesperson_code: StringFilter | None = _optional(terms.warned_code("salesperson"))
    language_code: StringFilter | None = _optional(terms.condition("languageCode", terms.LANGUAGE_CODE))
    job_title: StringFilter | None = _optional("Condition on the job title.")
    email: StringFilter | None = _optional("Condition on the email.")
    correspondence_type: list[CorrespondenceType] | None = _optional(
        terms.condition("correspondenceType", terms.CORRESPONDENCE_TYPE))
    exclude_from_segment: bool | None = _optional(terms.condition("excludeFromSegment", terms.EXCLUDE_FROM_SEGMENT))
    privacy_blocked: bool | None = _optional(terms.condition("privacyBlocked", terms.PRIVACY_BLOCKED))
    created_at: DateFilter | None = _optional("Condition on when the contact was created (its UTC date).")


@strawberry.input(description="At least one answer of the contact itself.")
class ProfileAnswerFilter:
    questionnaire_code: str = strawberry.field(
        description=terms.condition("questionnaireCode", terms.QUESTIONNAIRE_CODE))
    answer_line_nos: list[int] | None = _optional(terms.condition(
        "answerLineNos", "Line numbers of the answers; any of them matches (omitted: any answer of the questionnaire)."
    ))


@strawberry.input(description="A condition on a master's code (industry group, mailing group, ...), in BC's filter "
                              "syntax or with the operators.")
class CodeFilter:
    code: StringFilter = strawberry.field(description="The condition on the code.")


@strawberry.input(description="At least one interaction log entry of the contact itself matches every field given.")
class InteractionFilter:
    date: DateFilter | None = _optional(terms.condition("date", terms.DATE))
    template_code: StringFilter | None = _optional(terms.condition("templateCode", terms.TEMPLATE_CODE))
    group_code: StringFilter | None = _optional(terms.condition("groupCode", terms.GROUP_CODE))
    campaign_no: StringFilter | None = _optional(terms.condition("campaignNo", terms.CAMPAIGN_NO))
    segment_no: StringFilter | None = _optional(terms.condition("segmentNo", terms.SEGMENT_NO))
    salesperson_code: StringFilter | None = _optional(terms.warned_code("salesperson"))
    evaluation: list[Evaluation] | None = _optional(terms.condition("evaluation", terms.EVALUATION))
    information_flow: InformationFlow | None = _optional(terms.condition("informationFlow", terms.INFORMATION_FLOW))
    initiated_by: InitiatedBy | None = _optional(terms.condition("initiatedBy", terms.INITIATED_BY))
    campaign_target: bool | None = _optional(terms.condition("campaignTarget", terms.CAMPAIGN_TARGET))
    campaign_response: bool | None = _optional(terms.condition("campaignResponse", terms.CAMPAIGN_RESPONSE))
    attempt_failed: bool | None = _optional(terms.condition("attemptFailed", terms.ATTEMPT_FAILED))
    canceled: bool | None = _optional(terms.condition("canceled", terms.CANCELED))
    description: StringFilter | None = _optional(terms.condition("description", terms.DESCRIPTION))
    subject: StringFilter | None = _optional(terms.condition("subject", terms.SUBJECT))
    cost_lcy: DecimalFilter | None = _optional(terms.condition("costLcy", terms.COST_LCY))
    duration_min: IntFilter | None = _optional("Condition on the duration min.")
    language_code: StringFilter | None = _optional(
        "Condition on the entry's interaction language code (a Code: upper-cased)."
    )
    correspondence_type: list[CorrespondenceType] | None = _optional(
        terms.condition("correspondenceType", terms.CORRESPONDENCE_TYPE))
    logged_segment_entry_no: IntFilter | None = _optional(
        "Condition on the entry number of the logged segment the entry belongs to (LoggedSegment.entryNo); an entry "
        "of a deleted log has none."
    )


@strawberry.input(description="Beyond BC: has a line in an open segment.")
class SegmentMembershipFilter:
    segment_no: StringFilter = strawberry.field(description=terms.condition("segmentNo", terms.SEGMENT_NO))


@strawberry.input(description="All sources given must hold; a related source needs one record matching all its fields.")
class ContactCriteria:
    contact: ContactFieldsFilter | None = _optional("Conditions on the contact's own fields.")
    profile_answer: ProfileAnswerFilter | None = _optional(
        "Contacts with one of these answers to a profile questionnaire.")
    interaction: InteractionFilter | None = _optional("Contacts with an interaction log entry matching the filter.")
    segment: SegmentMembershipFilter | None = _optional("Contacts on a line of a segment matching the filter.")
    # A code filter per classification (models/classifications.py), each in its place among the sources.
    classification_criteria(vars(), CodeFilter)
