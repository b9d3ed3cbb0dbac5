"""The classifications of a contact: business relations, industry groups, mailing groups, job responsibilities.

Each is the same concept with different facts: a code-and-description master, a link table assigning its records
to contacts, the level it is assigned on (companies, persons or any contact), its place among the criteria sources
of a segment, and its description. One declaration below states those facts; the models, the criteria source
(models/criteria/registry.py), the assignment and in-use rules (models/rules/), the loaders (resolvers/) and the
GraphQL types, fields, queries and mutations (schema/masters/classifications.py) are derived from it. A new
classification is its declaration, its migration and its tests.

Interaction groups share only the master part (`CodeDescription`): no link table, level or criteria source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import ContactType, CriteriaSource


class CodeDescription(Model):
    """A master of the code-and-description kind."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=10, unique=True)
    description = fields.CharField(max_length=100)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Classification:
    name: str  # of the model and of the GraphQL type: "BusinessRelation"
    plural: str  # of Contact's list and of the root query: "business_relations"
    level: ContactType | None  # COMPANY: companies only, persons inherit them; PERSON: persons only; None: any
    criteria: CriteriaSource  # its criteria source (the enum's order is the criteria's order)
    description: str  # what it is (GraphQL type)
    codes_description: str  # the list of codes of ContactSetClassificationInput
    master: type[CodeDescription] = field(init=False, repr=False)
    link: type[Model] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "master", _master(self.name, self.table))
        object.__setattr__(self, "link", _link(self.name, self.key))

    @property
    def key(self) -> str:
        """business_relation: the master's table, the criteria key, the link's foreign key field."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.name).lower()

    @property
    def table(self) -> str:
        return self.key

    @property
    def link_table(self) -> str:
        return self.link._meta.db_table

    @property
    def link_fk(self) -> str:
        """The link table's column naming the master record."""
        return f"{self.key}_id"

    @property
    def codes_key(self) -> str:
        """The key of its list of codes in a contact's classification (and a contact import's row)."""
        return f"{self.key}_codes"

    @property
    def codes_field(self) -> str:
        """businessRelationCodes: that list as GraphQL and a contact import's header name it."""
        head, *rest = self.codes_key.split("_")
        return head + "".join(part.capitalize() for part in rest)

    @property
    def label(self) -> str:
        """Business relation: as messages name it."""
        return self.key.replace("_", " ").capitalize()

    @property
    def title(self) -> str:
        """Business Relation: as BC's filter texts name it."""
        return self.key.replace("_", " ").title()

    @property
    def criteria_description(self) -> str:
        """The company's business relations: what its criteria source reads."""
        owner = {ContactType.COMPANY: "company", ContactType.PERSON: "person", None: "contact"}[self.level]
        return f"The {owner}'s {self.plural.replace('_', ' ')}."

    def on(self, contact_type: ContactType | None) -> bool:
        """Whether a contact of this type may have it assigned."""
        return self.level is None or self.level == contact_type


def _master(name: str, table: str) -> type[CodeDescription]:
    meta = type("Meta", (), {"table": table, "ordering": ["code"]})
    return type(name, (CodeDescription,), {"__module__": __name__, "__qualname__": name, "Meta": meta})


def _link(name: str, key: str) -> type[Model]:
    # The assignments: one row per contact and record; the index serves the in-use checks and the counts.
    meta = type("Meta", (), {"table": f"contact_{key}", "unique_together": (("contact", key),),
                             "indexes": ((f"{key}_id", "contact_id"),)})
    return type(f"Contact{name}", (Model,), {
        "__module__": __name__,
        "__qualname__": f"Contact{name}",
        "id": fields.IntField(primary_key=True),
        "contact": fields.ForeignKeyField("models.Contact", related_name=f"{key}_links", on_delete=fields.CASCADE),
        key: fields.ForeignKeyField(f"models.{name}", related_name="contact_links", on_delete=fields.RESTRICT),
        "Meta": meta,
    })


BUSINESS_RELATION = Classification(
    "BusinessRelation", "business_relations", ContactType.COMPANY, CriteriaSource.BUSINESS_RELATION,
    "A kind of relationship with a company (customer, vendor, bank, ...): BC's Business Relation.",
    "The business relations the company has, by code (replaces all; [] removes all).",
)
INDUSTRY_GROUP = Classification(
    "IndustryGroup", "industry_groups", ContactType.COMPANY, CriteriaSource.INDUSTRY_GROUP,
    "A sector a company works in (retail, wholesale, ...): BC's Industry Group.",
    "The industry groups of the company, by code (replaces all; [] removes all).",
)
MAILING_GROUP = Classification(
    "MailingGroup", "mailing_groups", None, CriteriaSource.MAILING_GROUP,
    "A group of contacts that receive the same mailings (newsletter, Christmas card, ...).",
    "The mailing groups of the contact, by code (replaces all; [] removes all).",
)
JOB_RESPONSIBILITY = Classification(
    "JobResponsibility", "job_responsibilities", ContactType.PERSON, CriteriaSource.JOB_RESPONSIBILITY,
    "A responsibility a person has in a company (purchasing, IT, management, ...).",
    "The job responsibilities of the person, by code (replaces all; [] removes all).",
)

# In the order of their inputs, Contact's lists, the root queries and mutations.
CLASSIFICATIONS: tuple[Classification, ...] = (BUSINESS_RELATION, INDUSTRY_GROUP, MAILING_GROUP, JOB_RESPONSIBILITY)
# Every model of the classifications under its name, for the ORM to find (models/__init__.py).
MODELS: dict[str, type[Model]] = {m.__name__: m for c in CLASSIFICATIONS for m in (c.master, c.link)}
