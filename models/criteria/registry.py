"""The registry of criteria sources: every source of a ContactCriteria, in CriteriaSource order.

The classifications' sources are derived from their declarations (models/classifications.py).

Compiling, validating and rendering criteria walk this tuple, so a source declared here is compiled,
checked and rendered everywhere. Field lists are in the order of BC's field numbers, which is the order
the filter texts show them in (BC's GetFilters does the same: "City: GENT|BRUGGE; Type: PERSON").
A test checks that the GraphQL ContactCriteria input describes the same sources and fields.
"""

from __future__ import annotations

from segmentum.models.classifications import CLASSIFICATIONS, Classification
from segmentum.models.criteria.fields import FieldSpec, Kind
from segmentum.models.criteria.sources import ContactSource, InteractionSource, LinkSource, ProfileSource, Source
from segmentum.models.enums import (
    ContactType,
    CorrespondenceType,
    CriteriaSource,
    Evaluation,
    InformationFlow,
    InitiatedBy,
)

CONTACT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("no", "No.", Kind.CODE, "no"),
    FieldSpec("name", "Name", Kind.TEXT, "name"),
    FieldSpec("city", "City", Kind.TEXT, "city"),
    FieldSpec("territory_code", "Territory Code", Kind.CODE, "territory_id", ("territory", "code")),
    FieldSpec("language_code", "Language Code", Kind.CODE, "language_code"),
    FieldSpec("salesperson_code", "Salesperson Code", Kind.CODE, "salesperson_id", ("salesperson", "code")),
    FieldSpec("country_code", "Country/Region Code", Kind.CODE, "country_code"),
    FieldSpec("post_code", "Post Code", Kind.CODE, "post_code"),
    FieldSpec("county", "County", Kind.TEXT, "county"),
    FieldSpec("email", "E-Mail", Kind.TEXT, "email"),
    FieldSpec("privacy_blocked", "Privacy Blocked", Kind.BOOL, "privacy_blocked"),
    FieldSpec("type", "Type", Kind.ENUM, "type", enum=ContactType),
    FieldSpec("company_no", "Company No.", Kind.CODE, "company_id", ("contact", "no")),
    FieldSpec("job_title", "Job Title", Kind.TEXT, "job_title"),
    FieldSpec("exclude_from_segment", "Exclude from Segment", Kind.BOOL, "exclude_from_segment"),
    FieldSpec("correspondence_type", "Correspondence Type", Kind.ENUM_LIST, "correspondence_type",
              enum=CorrespondenceType),
    FieldSpec("created_at", "Created At", Kind.DATETIME, "created_at"),
)

INTERACTION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", "Date", Kind.DATE, "date"),
    FieldSpec("description", "Description", Kind.TEXT, "description"),
    FieldSpec("information_flow", "Information Flow", Kind.ENUM, "information_flow", enum=InformationFlow),
    FieldSpec("initiated_by", "Initiated By", Kind.ENUM, "initiated_by", enum=InitiatedBy),
    FieldSpec("cost_lcy", "Cost (LCY)", Kind.DECIMAL, "cost_lcy"),
    FieldSpec("duration_min", "Duration (Min.)", Kind.INTEGER, "duration_min"),
    FieldSpec("group_code", "Interaction Group Code", Kind.CODE, "group_id", ("interaction_group", "code")),
    FieldSpec("template_code", "Interaction Template Code", Kind.CODE, "template_id", ("interaction_template", "code")),
    FieldSpec("campaign_no", "Campaign No.", Kind.CODE, "campaign_id", ("campaign", "no")),
    FieldSpec("campaign_response", "Campaign Response", Kind.BOOL, "campaign_response"),
    FieldSpec("campaign_target", "Campaign Target", Kind.BOOL, "campaign_target"),
    FieldSpec("segment_no", "Segment No.", Kind.CODE, "segment_no"),
    FieldSpec("evaluation", "Evaluation", Kind.ENUM_LIST, "evaluation", enum=Evaluation),
    FieldSpec("attempt_failed", "Attempt Failed", Kind.BOOL, "attempt_failed"),
    FieldSpec("salesperson_code", "Salesperson Code", Kind.CODE, "salesperson_id", ("salesperson", "code")),
    FieldSpec("canceled", "Canceled", Kind.BOOL, "canceled"),
    FieldSpec("correspondence_type", "Correspondence Type", Kind.ENUM_LIST, "correspondence_type",
              enum=CorrespondenceType),
    FieldSpec("logged_segment_entry_no", "Logged Segment Entry No.", Kind.INTEGER, "logged_segment_id"),
    FieldSpec("language_code", "Interaction Language Code", Kind.CODE, "language_code"),
    FieldSpec("subject", "Subject", Kind.TEXT, "subject"),
)

def _classification(c: Classification) -> LinkSource:
    # Company-level ones are matched on the contact's company (an independent person never matches); a person
    # level one holds only persons' rows, so the contact's own rows serve.
    return LinkSource(c.key, c.criteria, c.title, link_table=c.link_table, link_fk=c.link_fk, master_table=c.table,
                      on_company=c.level == ContactType.COMPANY)


_SOURCES: tuple[Source, ...] = (
    ContactSource("contact", CriteriaSource.CONTACT, CONTACT_FIELDS),
    ProfileSource("profile_answer", CriteriaSource.PROFILE_ANSWER),
    InteractionSource("interaction", CriteriaSource.INTERACTION, INTERACTION_FIELDS),
    *(_classification(c) for c in CLASSIFICATIONS),
    # Beyond BC: member of an open segment, read from its stored lines.
    LinkSource("segment", CriteriaSource.SEGMENT, "Segment No.", link_table="segment_line", link_fk="segment_id",
               master_table="segment", on_company=False, code_key="segment_no", code_column="no"),
)
SOURCES: tuple[Source, ...] = tuple(sorted(_SOURCES, key=lambda s: list(CriteriaSource).index(s.source)))

# The top-level keys of the criteria dict, in CriteriaSource order.
SOURCE_KEYS: dict[str, CriteriaSource] = {source.key: source.source for source in SOURCES}
