"""The GraphQL side of the classifications (models/classifications.py), derived from their declarations.

Each classification is a type of its own name (BusinessRelation, ...) with its payload, its two queries and its
three mutations, a list on Contact, a list of codes on ContactSetClassificationInput and a field of ContactCriteria;
descriptions come from the declaration or from its level. Annotations are real objects here (no postponed
evaluation): the types are built in functions, where Strawberry could not resolve a name.
"""

from collections.abc import MutableMapping
from typing import Annotated, Any, ClassVar

import strawberry
from strawberry import relay

from segmentum.models.classifications import CLASSIFICATIONS, Classification
from segmentum.models.enums import ContactType, CriteriaSource
from segmentum.resolvers import contact_loaders as cl
from segmentum.resolvers import masters
from segmentum.resolvers.commands import CodeDescriptionFields
from segmentum.resolvers.loaders import load_now
from segmentum.resolvers.master_loaders import contact_counts
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import CodeDescriptionInput, CodeDescriptionUpdateInput, command
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.relay import After, Before, Connection, First, Last, ModelNode


def _words(c: Classification, plural: bool = False) -> str:
    return (c.plural if plural else c.key).replace("_", " ")


def _type(c: Classification) -> type:
    async def no_of_contacts(root: strawberry.Parent[Any], info: strawberry.Info) -> int:
        return await contact_counts(info.context.loaders, c).load(root.id)

    namespace = {
        "__module__": __name__,
        "__annotations__": {"model": ClassVar, "id": relay.NodeID[int], "code": str, "description": str},
        "model": c.master,
        "code": strawberry.field(description=terms.CODE),
        "description": strawberry.field(description=terms.DESCRIPTION),
        "no_of_contacts": strawberry.field(resolver=no_of_contacts, description="Number of contacts that have it."),
    }
    return strawberry.type(type(c.name, (ModelNode,), namespace), description=c.description)


def _payload(c: Classification, node: type) -> type:
    namespace = {"__module__": __name__, "__annotations__": {c.key: node | None, "user_errors": list[UserError]},
                 c.key: strawberry.field(description=terms.payload_record(_words(c))),
                 "user_errors": strawberry.field(description=terms.USER_ERRORS)}
    return strawberry.type(type(f"{c.name}Payload", (), namespace), description=terms.payload(_words(c)))


TYPES: dict[str, type] = {c.name: _type(c) for c in CLASSIFICATIONS}
PAYLOADS: dict[str, type] = {c.name: _payload(c, TYPES[c.name]) for c in CLASSIFICATIONS}


# ------------------------------------------------------------------------------------------ root fields


def _page_query(c: Classification) -> Any:
    async def page(first: First = None, after: After = None, last: Last = None, before: Before = None) -> Any:
        return Connection.from_page(await masters.page_by_code(c.master, first, after, last, before))

    page.__annotations__["return"] = Connection[TYPES[c.name]]  # type: ignore[name-defined,valid-type]
    return strawberry.field(resolver=page, description=f"{_words(c, True).capitalize()}, by code.")


def _code_query(c: Classification) -> Any:
    async def by_code(info: strawberry.Info,
                      code: Annotated[str, strawberry.argument(description=terms.CODE_ARGUMENT)]) -> Any:
        return await masters.by_code(info.context.loaders, c.master, code)

    by_code.__annotations__["return"] = TYPES[c.name] | None
    return strawberry.field(resolver=by_code, description=f"The {_words(c)} with this code, or null.")


def _mutations(c: Classification) -> dict[str, Any]:
    payload = PAYLOADS[c.name]

    async def create(input: CodeDescriptionInput) -> Any:
        new = command(CodeDescriptionFields, input, nulls=False)
        obj, errors = await perform(lambda: masters.create_code_description(c.master, new))
        return payload(**{c.key: obj, "user_errors": errors})

    async def update(input: CodeDescriptionUpdateInput) -> Any:
        changes = command(CodeDescriptionFields, input, skip=("id",))
        obj, errors = await perform(lambda: masters.update_code_description(c.master, input.id, changes))
        return payload(**{c.key: obj, "user_errors": errors})

    async def delete(input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_code_description(c.master, input.id), input)

    create.__annotations__["return"] = update.__annotations__["return"] = payload
    return {f"{c.key}_create": strawberry.mutation(resolver=create, description=terms.create_mutation(_words(c))),
            f"{c.key}_update": strawberry.mutation(resolver=update, description=terms.update_mutation(_words(c))),
            f"{c.key}_delete": strawberry.mutation(resolver=delete, description=terms.delete_mutation(_words(c)))}


# The lists first, then the look-ups by code; each classification's mutations together.
ClassificationQueries = strawberry.type(type("ClassificationQueries", (), {
    "__module__": __name__,
    **{c.plural: _page_query(c) for c in CLASSIFICATIONS},
    **{c.key: _code_query(c) for c in CLASSIFICATIONS},
}))
ClassificationMutations = strawberry.type(type("ClassificationMutations", (), {
    "__module__": __name__, **{name: field for c in CLASSIFICATIONS for name, field in _mutations(c).items()},
}))


# ------------------------------------------------------------------------------------------ on other types
# These fill the namespace of a class body (`classification_lists(vars())`), so that the fields take their
# place among the others in the SDL.


def _list(c: Classification) -> Any:
    def assigned(self: Any, info: strawberry.Info) -> Any:
        if c.level == ContactType.COMPANY:  # persons inherit their company's
            return [] if self.company_id is None else load_now(cl.assigned(info.context.loaders, c), self.company_id)
        if c.level is not None and self.type != c.level:
            return []
        return load_now(cl.assigned(info.context.loaders, c), self.id)

    assigned.__annotations__["return"] = list[TYPES[c.name]]  # type: ignore[name-defined,valid-type]
    description = {ContactType.COMPANY: "Of its company (persons inherit them); none for an independent person.",
                   ContactType.PERSON: "Persons only.",
                   None: f"The {_words(c, True)} the contact belongs to."}[c.level]
    return strawberry.field(resolver=assigned, description=description)


def classification_lists(namespace: MutableMapping[str, Any]) -> None:
    """Contact's list of each classification."""
    namespace.update({c.plural: _list(c) for c in CLASSIFICATIONS})


def classification_codes(namespace: MutableMapping[str, Any]) -> None:
    """ContactSetClassificationInput's list of codes of each classification."""
    for c in CLASSIFICATIONS:
        namespace["__annotations__"][c.codes_key] = list[str] | None
        namespace[c.codes_key] = strawberry.field(default=None, description=c.codes_description)


def _criterion(c: Classification) -> Any:
    description = {ContactType.COMPANY: "Evaluated on the contact's company.",
                   ContactType.PERSON: f"Persons with a {_words(c)} matching the filter.",
                   None: f"Contacts in a {_words(c)} matching the filter."}[c.level]
    return strawberry.field(default=strawberry.UNSET, description=description)


def classification_criteria(namespace: MutableMapping[str, Any], filter_type: type) -> None:
    """ContactCriteria's field of each classification; the fields then follow CriteriaSource's order (its keys are
    the snake_case names of the values)."""
    annotations = namespace["__annotations__"]
    for c in CLASSIFICATIONS:
        annotations[c.key] = filter_type | None
        namespace[c.key] = _criterion(c)
    order = {source.value.lower(): i for i, source in enumerate(CriteriaSource)}
    namespace["__annotations__"] = dict(sorted(annotations.items(), key=lambda item: order.get(item[0], len(order))))
