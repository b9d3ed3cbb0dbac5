"""Inputs of the contact mutations and the contact list order."""

from __future__ import annotations

from enum import Enum

import strawberry

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models.enums import ContactType, CorrespondenceType
from schema.masters.classifications import classification_codes


@strawberry.enum
class ContactOrderField(Enum):
    NO = "NO"
    NAME = "NAME"
    CITY = "CITY"
    CREATED_AT = "CREATED_AT"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class ContactOrder:
    field: ContactOrderField
    direction: OrderDirection | None = OrderDirection.ASC


@strawberry.input
class ContactCreateInput:
    no: str | None = strawberry.field(default=None, description="Omitted: the next number of the contact series.")
    external_id: str | None = strawberry.field(
        default=None, description="A partner's own key for the contact: at most 100 characters, unique.")
    type: ContactType
    name: str | None = strawberry.field(default=None, description="Persons: built from the name parts when omitted.")
    first_name: str | None = None
    middle_name: str | None = None
    surname: str | None = None
    job_title: str | None = None
    company_id: strawberry.ID | None = strawberry.field(default=None, description="Persons only: the company.")
    email: str | None = None
    phone_no: str | None = None
    mobile_phone_no: str | None = None
    address: str | None = None
    address2: str | None = None
    city: str | None = None
    post_code: str | None = None
    county: str | None = None
    country_code: str | None = None
    language_code: str | None = None
    salesperson_code: str | None = None
    territory_code: str | None = None
    correspondence_type: CorrespondenceType | None = None
    exclude_from_segment: bool | None = None
    privacy_blocked: bool | None = None


@strawberry.input(description="Every field optional: an omitted field is left as it is, an explicit null clears it.")
class ContactUpdateInput:
    id: strawberry.ID
    external_id: str | None = strawberry.field(
        default=strawberry.UNSET, description="A partner's own key for the contact: at most 100 characters, unique; "
                                              "null clears it.")
    name: str | None = strawberry.UNSET
    first_name: str | None = strawberry.UNSET
    middle_name: str | None = strawberry.UNSET
    surname: str | None = strawberry.UNSET
    job_title: str | None = strawberry.UNSET
    company_id: strawberry.ID | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone_no: str | None = strawberry.UNSET
    mobile_phone_no: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    address2: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    post_code: str | None = strawberry.UNSET
    county: str | None = strawberry.UNSET
    country_code: str | None = strawberry.UNSET
    language_code: str | None = strawberry.UNSET
    salesperson_code: str | None = strawberry.UNSET
    territory_code: str | None = strawberry.UNSET
    correspondence_type: CorrespondenceType | None = strawberry.UNSET
    exclude_from_segment: bool | None = strawberry.UNSET
    privacy_blocked: bool | None = strawberry.UNSET


@strawberry.input
class ProfileAnswerRef:
    questionnaire_code: str
    answer_line_no: int


@strawberry.input(description="Each list given replaces that classification of the contact; an omitted list is "
                              "left as it is.")
class ContactSetClassificationInput:
    id: strawberry.ID
    classification_codes(vars())  # one list of codes per classification (models/classifications.py)
    profile_answers: list[ProfileAnswerRef] | None = None
