"""Inputs of the contact mutations and the contact list order."""

from __future__ import annotations

from enum import Enum

import strawberry

from segmentum.models.enums import ContactType, CorrespondenceType
from segmentum.schema import terms
from segmentum.schema.enums import expose  # also registers the model enums with Strawberry
from segmentum.schema.masters.classifications import classification_codes


class ContactOrderField(Enum):
    NO = "NO"
    NAME = "NAME"
    CITY = "CITY"
    CREATED_AT = "CREATED_AT"


class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


expose(ContactOrderField, "A field the contacts list can be sorted by.",
       NO="By number.", NAME="By name.", CITY="By city.", CREATED_AT="By creation time.")
expose(OrderDirection, "Ascending or descending.", ASC="Smallest first.", DESC="Largest first.")


@strawberry.input(description="One sort key of the contacts list.")
class ContactOrder:
    field: ContactOrderField = strawberry.field(description="The field to sort by.")
    direction: OrderDirection | None = strawberry.field(
        default=OrderDirection.ASC, description="ASC (default) or DESC.")


@strawberry.input(description="A new contact: its type and name, the rest optional; `no` comes from the contact number "
                              "series when omitted.")
class ContactCreateInput:
    no: str | None = strawberry.field(default=None, description="Omitted: the next number of the contact series.")
    external_id: str | None = strawberry.field(
        default=None, description="A partner's own key for the contact: at most 100 characters, unique.")
    type: ContactType = strawberry.field(description=terms.CONTACT_TYPE)
    name: str | None = strawberry.field(default=None, description="Persons: built from the name parts when omitted.")
    first_name: str | None = strawberry.field(default=None, description=terms.FIRST_NAME)
    middle_name: str | None = strawberry.field(default=None, description=terms.MIDDLE_NAME)
    surname: str | None = strawberry.field(default=None, description=terms.SURNAME)
    job_title: str | None = strawberry.field(default=None, description=terms.JOB_TITLE)
    company_id: strawberry.ID | None = strawberry.field(default=None, description="Persons only: the company.")
    email: str | None = strawberry.field(default=None, description=terms.EMAIL)
    phone_no: str | None = strawberry.field(default=None, description=terms.PHONE_NO)
    mobile_phone_no: str | None = strawberry.field(default=None, description=terms.MOBILE_PHONE_NO)
    address: str | None = strawberry.field(default=None, description=terms.ADDRESS)
    address2: str | None = strawberry.field(default=None, description=terms.ADDRESS2)
    city: str | None = strawberry.field(default=None, description=terms.CITY)
    post_code: str | None = strawberry.field(default=None, description=terms.POST_CODE)
    county: str | None = strawberry.field(default=None, description=terms.COUNTY)
    country_code: str | None = strawberry.field(default=None, description=terms.COUNTRY_CODE)
    language_code: str | None = strawberry.field(default=None, description=terms.LANGUAGE_CODE)
    salesperson_code: str | None = strawberry.field(default=None, description=terms.looked_up("salesperson"))
    territory_code: str | None = strawberry.field(default=None, description=terms.looked_up("territory"))
    correspondence_type: CorrespondenceType | None = strawberry.field(
        default=None, description=terms.CORRESPONDENCE_TYPE)
    exclude_from_segment: bool | None = strawberry.field(default=None, description=terms.EXCLUDE_FROM_SEGMENT)
    privacy_blocked: bool | None = strawberry.field(default=None, description=terms.PRIVACY_BLOCKED)


@strawberry.input(description="Every field optional: an omitted field is left as it is, an explicit null clears it.")
class ContactUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    external_id: str | None = strawberry.field(
        default=strawberry.UNSET, description="A partner's own key for the contact: at most 100 characters, unique; "
                                              "null clears it.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description=terms.NAME)
    first_name: str | None = strawberry.field(default=strawberry.UNSET, description=terms.FIRST_NAME)
    middle_name: str | None = strawberry.field(default=strawberry.UNSET, description=terms.MIDDLE_NAME)
    surname: str | None = strawberry.field(default=strawberry.UNSET, description=terms.SURNAME)
    job_title: str | None = strawberry.field(default=strawberry.UNSET, description=terms.JOB_TITLE)
    company_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Global ID of the company the person works for; null makes the person "
                                              "independent.")
    email: str | None = strawberry.field(default=strawberry.UNSET, description=terms.EMAIL)
    phone_no: str | None = strawberry.field(default=strawberry.UNSET, description=terms.PHONE_NO)
    mobile_phone_no: str | None = strawberry.field(default=strawberry.UNSET, description=terms.MOBILE_PHONE_NO)
    address: str | None = strawberry.field(default=strawberry.UNSET, description=terms.ADDRESS)
    address2: str | None = strawberry.field(default=strawberry.UNSET, description=terms.ADDRESS2)
    city: str | None = strawberry.field(default=strawberry.UNSET, description=terms.CITY)
    post_code: str | None = strawberry.field(default=strawberry.UNSET, description=terms.POST_CODE)
    county: str | None = strawberry.field(default=strawberry.UNSET, description=terms.COUNTY)
    country_code: str | None = strawberry.field(default=strawberry.UNSET, description=terms.COUNTRY_CODE)
    language_code: str | None = strawberry.field(default=strawberry.UNSET, description=terms.LANGUAGE_CODE)
    salesperson_code: str | None = strawberry.field(
        default=strawberry.UNSET, description=terms.looked_up("salesperson"))
    territory_code: str | None = strawberry.field(default=strawberry.UNSET, description=terms.looked_up("territory"))
    correspondence_type: CorrespondenceType | None = strawberry.field(
        default=strawberry.UNSET, description=terms.CORRESPONDENCE_TYPE)
    exclude_from_segment: bool | None = strawberry.field(
        default=strawberry.UNSET, description=terms.EXCLUDE_FROM_SEGMENT)
    privacy_blocked: bool | None = strawberry.field(default=strawberry.UNSET, description=terms.PRIVACY_BLOCKED)


@strawberry.input(description="An answer of a questionnaire, by the questionnaire's code and the answer's line number.")
class ProfileAnswerRef:
    questionnaire_code: str = strawberry.field(description=terms.QUESTIONNAIRE_CODE)
    answer_line_no: int = strawberry.field(description=terms.ANSWER_LINE_NO)


@strawberry.input(description="Each list given replaces that classification of the contact; an omitted list is "
                              "left as it is.")
class ContactSetClassificationInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    classification_codes(vars())  # one list of codes per classification (models/classifications.py)
    profile_answers: list[ProfileAnswerRef] | None = strawberry.field(
        default=None, description="The contact's profile answers (replaces all of the questionnaires named; [] removes "
                                  "all).")
