"""Each classification is declared once (models/classifications.py); every place that names one is derived from
its declaration. This checks each derived place against the declaration's facts, so that a place that stops
deriving (or derives wrongly) fails here, before any database is involved."""

from __future__ import annotations

from graphql import get_named_type

from segmentum import models
from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.criteria.registry import SOURCES
from segmentum.models.enums import ContactType, CriteriaSource
from segmentum.models.imports.checks import LISTS
from segmentum.models.imports.columns import CODE_LISTS, COLUMNS
from segmentum.models.imports.tables import ContactImportRow
from segmentum.models.imports.write import LINK_TABLES
from segmentum.models.rules.masters import CODE_DESCRIPTION_REFS, LABELS
from segmentum.schema.compile_plan import MANY
from segmentum.schema.contacts.prefetch import BATCHES

# The facts as the SDL and the database have always had them: (type, table, level, list on Contact).
FACTS = {
    "BusinessRelation": ("business_relation", ContactType.COMPANY, "businessRelations"),
    "IndustryGroup": ("industry_group", ContactType.COMPANY, "industryGroups"),
    "MailingGroup": ("mailing_group", None, "mailingGroups"),
    "JobResponsibility": ("job_responsibility", ContactType.PERSON, "jobResponsibilities"),
}


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(p.capitalize() for p in rest)


def test_the_declarations_state_the_known_facts():
    assert {c.name: (c.table, c.level, camel(c.plural)) for c in CLASSIFICATIONS} == FACTS
    for c in CLASSIFICATIONS:
        assert c.master._meta.db_table == c.table and c.link._meta.db_table == f"contact_{c.table}"
        assert c.link._meta.fields_map[c.key].source_field == c.link_fk
        # The ORM finds both models among the package's attributes.
        assert getattr(models, c.name) is c.master and getattr(models, f"Contact{c.name}") is c.link


def test_the_domain_places_derive_from_the_declarations():
    sources = {s.key: s for s in SOURCES}
    assert [s.source for s in SOURCES] == list(CriteriaSource)  # the enum's order is the criteria's
    for c in CLASSIFICATIONS:
        source = sources[c.key]
        assert source.source == c.criteria
        assert (source.link_table, source.link_fk, source.master_table) == (c.link_table, c.link_fk, c.table)
        assert source.on_company == (c.level == ContactType.COMPANY)
        assert CODE_DESCRIPTION_REFS[c.master] == [(c.link, c.link_fk, "contacts")]
        assert LABELS[c.master] == c.label
        assert LISTS[c.codes_key] == (c.table, c.label, c.level)
        assert COLUMNS[c.codes_key] == c.codes_field and c.codes_key in CODE_LISTS
        assert LINK_TABLES[c.codes_key] == (c.link_table, c.link_fk)
        assert c.codes_key in ContactImportRow._meta.fields_map


def test_the_graphql_places_derive_from_the_declarations(schema):
    gql = schema._schema
    for c in CLASSIFICATIONS:
        many = camel(c.plural)
        single = camel(c.key)
        node = gql.type_map[c.name]
        assert list(node.fields) == ["id", "code", "description", "noOfContacts"]
        assert node.description and gql.type_map[f"{c.name}Payload"].fields[single].type.name == c.name
        query = gql.query_type.fields
        assert get_named_type(query[many].type).name == f"{c.name}Connection"
        assert get_named_type(query[single].type).name == c.name
        for verb in ("Create", "Update", "Delete"):
            assert f"{single}{verb}" in gql.mutation_type.fields
        assert get_named_type(gql.type_map["Contact"].fields[many].type).name == c.name
        assert c.codes_field in gql.type_map["ContactSetClassificationInput"].fields
        assert gql.type_map["ContactCriteria"].fields[single].type.name == "CodeFilter"
        assert gql.type_map["CriteriaSource"].values[c.criteria.value].description
        assert many in BATCHES
        link, key, column, only = MANY[many]
        assert (link, key) == (c.link.__name__, c.key)
        assert column == ("company_id" if c.level == ContactType.COMPANY else "id")
        assert only == (c.level.value if c.level == ContactType.PERSON else None)
