"""What each criteria source can filter: dict key, BC caption, kind and where the value lives.

The lists are in the order of BC's field numbers, which is the order the filter texts show them in
(BC's GetFilters does the same: "City: GENT|BRUGGE; Type: PERSON").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.enums import CriteriaSource


class Kind(StrEnum):
    TEXT = "text"  # StringFilter, values as given
    CODE = "code"  # StringFilter on a code or number, stored upper-cased: filter values upper-cased too
    DATE = "date"  # DateFilter on a date column
    DATETIME = "datetime"  # DateFilter on a date-time column (its UTC date)
    ENUM = "enum"  # one enum value
    ENUM_LIST = "enum_list"  # any of a list of enum values
    BOOL = "bool"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    column: str  # on the filtered row; for a reference, the foreign key column
    ref: tuple[str, str] | None = None  # (master table, key column) reached through `column`


@dataclass(frozen=True)
class LinkSource:
    """A classification: the contact (or its company) has at least one link whose master code matches."""

    key: str
    source: CriteriaSource
    label: str
    link_table: str
    link_fk: str
    master_table: str
    on_company: bool


CONTACT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("no", "No.", Kind.CODE, "no"),
    FieldSpec("name", "Name", Kind.TEXT, "name"),
    FieldSpec("city", "City", Kind.TEXT, "city"),
    FieldSpec("territory_code", "Territory Code", Kind.CODE, "territory_id", ("territory", "code")),
    FieldSpec("language_code", "Language Code", Kind.TEXT, "language_code"),
    FieldSpec("salesperson_code", "Salesperson Code", Kind.CODE, "salesperson_id", ("salesperson", "code")),
    FieldSpec("country_code", "Country/Region Code", Kind.TEXT, "country_code"),
    FieldSpec("post_code", "Post Code", Kind.TEXT, "post_code"),
    FieldSpec("county", "County", Kind.TEXT, "county"),
    FieldSpec("email", "E-Mail", Kind.TEXT, "email"),
    FieldSpec("privacy_blocked", "Privacy Blocked", Kind.BOOL, "privacy_blocked"),
    FieldSpec("type", "Type", Kind.ENUM, "type"),
    FieldSpec("company_no", "Company No.", Kind.CODE, "company_id", ("contact", "no")),
    FieldSpec("job_title", "Job Title", Kind.TEXT, "job_title"),
    FieldSpec("exclude_from_segment", "Exclude from Segment", Kind.BOOL, "exclude_from_segment"),
    FieldSpec("correspondence_type", "Correspondence Type", Kind.ENUM_LIST, "correspondence_type"),
    FieldSpec("created_at", "Created At", Kind.DATETIME, "created_at"),
)

INTERACTION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", "Date", Kind.DATE, "date"),
    FieldSpec("information_flow", "Information Flow", Kind.ENUM, "information_flow"),
    FieldSpec("initiated_by", "Initiated By", Kind.ENUM, "initiated_by"),
    FieldSpec("group_code", "Interaction Group Code", Kind.CODE, "group_id", ("interaction_group", "code")),
    FieldSpec("template_code", "Interaction Template Code", Kind.CODE, "template_id", ("interaction_template", "code")),
    FieldSpec("campaign_no", "Campaign No.", Kind.CODE, "campaign_id", ("campaign", "no")),
    FieldSpec("campaign_response", "Campaign Response", Kind.BOOL, "campaign_response"),
    FieldSpec("campaign_target", "Campaign Target", Kind.BOOL, "campaign_target"),
    FieldSpec("segment_no", "Segment No.", Kind.CODE, "segment_no"),
    FieldSpec("evaluation", "Evaluation", Kind.ENUM_LIST, "evaluation"),
    FieldSpec("attempt_failed", "Attempt Failed", Kind.BOOL, "attempt_failed"),
    FieldSpec("salesperson_code", "Salesperson Code", Kind.CODE, "salesperson_id", ("salesperson", "code")),
    FieldSpec("canceled", "Canceled", Kind.BOOL, "canceled"),
)

LINK_SOURCES: tuple[LinkSource, ...] = (
    LinkSource(
        "mailing_group",
        CriteriaSource.MAILING_GROUP,
        "Mailing Group",
        "contact_mailing_group",
        "mailing_group_id",
        "mailing_group",
        on_company=False,
    ),
    LinkSource(
        "job_responsibility",
        CriteriaSource.JOB_RESPONSIBILITY,
        "Job Responsibility",
        "contact_job_responsibility",
        "job_responsibility_id",
        "job_responsibility",
        on_company=False,
    ),
    LinkSource(
        "industry_group",
        CriteriaSource.INDUSTRY_GROUP,
        "Industry Group",
        "contact_industry_group",
        "industry_group_id",
        "industry_group",
        on_company=True,
    ),
    LinkSource(
        "business_relation",
        CriteriaSource.BUSINESS_RELATION,
        "Business Relation",
        "contact_business_relation",
        "business_relation_id",
        "business_relation",
        on_company=True,
    ),
)

# The top-level keys of the criteria dict, in CriteriaSource order.
SOURCE_KEYS: dict[str, CriteriaSource] = {
    "contact": CriteriaSource.CONTACT,
    "profile_answer": CriteriaSource.PROFILE_ANSWER,
    "mailing_group": CriteriaSource.MAILING_GROUP,
    "interaction": CriteriaSource.INTERACTION,
    "job_responsibility": CriteriaSource.JOB_RESPONSIBILITY,
    "industry_group": CriteriaSource.INDUSTRY_GROUP,
    "business_relation": CriteriaSource.BUSINESS_RELATION,
    "segment": CriteriaSource.SEGMENT,
}


def camel(key: str) -> str:
    """The GraphQL name of a dict key, for error paths."""
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)
