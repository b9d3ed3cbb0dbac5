"""The columns an import file may have: the names of contactCreate's input (camelCase, matched without regard to
case or underscores), each with its staged column."""

from __future__ import annotations

import re

from segmentum.models.classifications import CLASSIFICATIONS

# Staged column -> the name a file uses (the API's field name).
COLUMNS: dict[str, str] = {
    "no": "no",
    "external_id": "externalId",
    "type": "type",
    "name": "name",
    "first_name": "firstName",
    "middle_name": "middleName",
    "surname": "surname",
    "job_title": "jobTitle",
    "company_no": "companyNo",
    "company_external_id": "companyExternalId",
    "email": "email",
    "phone_no": "phoneNo",
    "mobile_phone_no": "mobilePhoneNo",
    "address": "address",
    "address2": "address2",
    "city": "city",
    "post_code": "postCode",
    "county": "county",
    "country_code": "countryCode",
    "language_code": "languageCode",
    "salesperson_code": "salespersonCode",
    "territory_code": "territoryCode",
    "correspondence_type": "correspondenceType",
    "exclude_from_segment": "excludeFromSegment",
    "privacy_blocked": "privacyBlocked",
    **{c.codes_key: c.codes_field for c in CLASSIFICATIONS},
}
# Classification lists: in CSV the codes of one cell are separated by "|"; in JSON Lines they are an array.
CODE_LISTS = tuple(c.codes_key for c in CLASSIFICATIONS)
LIST_SEPARATOR = "|"
BOOLEANS = ("exclude_from_segment", "privacy_blocked")

_BY_KEY = {re.sub(r"[_\s]", "", name).lower(): column for column, name in COLUMNS.items()}


def column_of(header: str) -> str | None:
    """The staged column a header names (None: an unknown column)."""
    return _BY_KEY.get(re.sub(r"[_\s]", "", header).lower())
