"""Descriptions for what the code leaves undescribed, applied once when the schema is built.

Most of the API repeats a few shapes (Relay connections and edges, payloads with userErrors, inputs of create /
update / delete mutations, paging arguments) and a vocabulary of Business Central terms used by many types (`no`,
LCY, correspondence type, salesperson code, ...). Rules describe the shapes and `schema/glossary.py` the terms,
so each is written once and reads the same everywhere; a description written next to a field in the code wins.
tests/schema/test_descriptions.py fails on any element that is still undescribed.
"""

from __future__ import annotations

import re

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from schema.glossary import ARGUMENTS, ENUM_VALUES, FIELDS, MUTATIONS, TYPES

PAGING = {
    "first": "Page forward: at most this many items after `after` (default 20 when neither `first` nor `last` is "
             "given, at most 100).",
    "after": "Page forward from this cursor (an edge's `cursor` or `pageInfo.endCursor`); omitted: from the start.",
    "last": "Page backward: at most this many items before `before` (at most 100).",
    "before": "Page backward from this cursor (an edge's `cursor` or `pageInfo.startCursor`); omitted: from the end.",
}
RELAY_FIELDS = {
    "edges": "The items of this page with their cursors: page with `edges` and `pageInfo` (Apollo's "
             "relayStylePagination merges them).",
    "nodes": "The items of this page without cursors (a shortcut for `edges { node }`).",
    "pageInfo": "Where this page sits: whether there are more items and the cursors to ask for them.",
    "totalCount": "How many items the whole list has, every page together (costs a count: ask only when shown).",
    "cursor": "Opaque position of this item: pass it as `after` (or `before`) to page from here.",
    "node": "The item.",
}
# The operators of StringFilter / DateFilter / DecimalFilter / IntFilter: described as such, never as conditions
# on a field.
OPERATORS = {"eq", "ne", "in", "notIn", "startsWith", "contains", "isBlank", "expr", "from", "to", "withinLastDays",
             "olderThanDays", "lt", "lte", "gt", "gte"}
PAGE_INFO = {
    "hasNextPage": "True when items follow this page (page on with `after: endCursor`).",
    "hasPreviousPage": "True when items precede this page (page back with `before: startCursor`).",
    "startCursor": "Cursor of the first item of this page; null when the page is empty.",
    "endCursor": "Cursor of the last item of this page; null when the page is empty.",
}


def words(name: str) -> str:
    """`interactionLogEntry` / `InteractionLogEntry` -> "interaction log entry"; `companyNo` -> "company number"."""
    spaced = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return re.sub(r"\bno\b", "number", spaced)


def _type_description(t: GraphQLNamedType) -> str | None:
    name = t.name
    if name in TYPES:
        return TYPES[name]
    if name.endswith("Connection"):
        return f"A page of {words(name[:-len('Connection')])} items, in Relay's connection shape (edges, pageInfo)."
    if name.endswith("Edge"):
        return f"One {words(name[:-len('Edge')])} of a page, with its cursor."
    if name.endswith("CreateInput"):
        return f"A new {words(name[:-len('CreateInput')])}."
    if name.endswith("UpdateInput"):
        return f"Changes to a {words(name[:-len('UpdateInput')])}: only the fields given change."
    if name.endswith("Filter"):
        return f"Conditions on {words(name[:-len('Filter')])}; all given conditions must hold."
    if name.endswith("Payload"):
        return (f"The result of a {words(name[:-len('Payload')])} mutation: what it changed, as it is now, and "
                "userErrors (empty on success; when not empty, nothing was changed).")
    return None


def _field_description(owner: str, name: str, field: GraphQLField | GraphQLInputField, is_input: bool) -> str | None:
    key = f"{owner}.{name}"
    if key in FIELDS:
        return FIELDS[key]
    if owner == "PageInfo" and name in PAGE_INFO:
        return PAGE_INFO[name]
    if (owner.endswith("Connection") or owner.endswith("Edge")) and name in RELAY_FIELDS:
        return RELAY_FIELDS[name]
    if name == "userErrors":
        return "Why the mutation changed nothing, one error per problem, each naming its input field; empty on success."
    if is_input and name == "id":
        return "Global ID of the record to change."
    if owner.endswith("Payload") and isinstance(get_named_type(field.type), GraphQLObjectType):
        return f"The {words(get_named_type(field.type).name)} as the mutation left it; null when it had userErrors."
    if is_input and owner.endswith("Filter") and name in FIELDS and name not in OPERATORS:
        meaning = FIELDS[name]
        if len(meaning.split()) <= 4:  # "City.", "Post code.": the name says it all
            return f"Condition on the {words(name)}."
        return f"Condition on `{name}`: {meaning}"
    if name in FIELDS:
        return FIELDS[name]
    if name.endswith("Code") and is_input and owner.endswith("Filter"):
        return (f"Condition on the code of the {words(name[:-4])}; a code that names no record is a warning "
                "UNKNOWN_CODE.")
    if name.endswith("Code") and is_input:
        return f"Code of the {words(name[:-4])} (looked up; a code that names none is a userError NOT_FOUND)."
    return None


def _argument_description(owner: str, field: str, name: str, arg: GraphQLArgument, mutation: bool) -> str | None:
    key = f"{owner}.{field}({name})"
    if key in ARGUMENTS:
        return ARGUMENTS[key]
    if mutation and name == "input":
        return f"The input of {field}: see {get_named_type(arg.type).name}."
    if name in PAGING:
        return PAGING[name]
    return ARGUMENTS.get(name)


def _mutation_description(name: str) -> str | None:
    if name in MUTATIONS:
        return MUTATIONS[name]
    for suffix, verb in (("Create", "Create"), ("Update", "Change"), ("Delete", "Delete")):
        if name.endswith(suffix):
            thing = words(name[: -len(suffix)])
            if suffix == "Update":
                return f"{verb} a {thing}: only the fields given are changed (null clears an optional one)."
            if suffix == "Delete":
                return f"{verb} a {thing}; refused (IN_USE) while other records use it. Returns its ID as deletedId."
            return f"{verb} a {thing}; its code must be new (ALREADY_EXISTS otherwise)."
    return None


def _relay_boilerplate(owner: str, field: str) -> bool:
    return (owner == "PageInfo" and field in PAGE_INFO) or (
        (owner.endswith("Connection") or owner.endswith("Edge")) and field in ("edges", "pageInfo", "cursor", "node"))


def describe(schema: GraphQLSchema) -> None:
    """Fills every missing description of `schema` from the rules and the glossary."""
    for t in schema.type_map.values():
        if t.name.startswith("__"):
            continue
        if not t.description:
            t.description = _type_description(t)
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            mutation = t is schema.mutation_type
            for fname, field in t.fields.items():
                if _relay_boilerplate(t.name, fname):
                    field.description = None  # Strawberry's generic words: ours say how to page
                if not field.description:
                    field.description = (_mutation_description(fname) if mutation
                                         else _field_description(t.name, fname, field, False))
                for aname, arg in field.args.items():
                    if not arg.description:
                        arg.description = _argument_description(t.name, fname, aname, arg, mutation)
        elif isinstance(t, GraphQLInputObjectType):
            for fname, input_field in t.fields.items():
                if not input_field.description:
                    input_field.description = _field_description(t.name, fname, input_field, True)
        elif isinstance(t, GraphQLEnumType):
            for vname, value in t.values.items():
                if not value.description:
                    value.description = ENUM_VALUES.get(f"{t.name}.{vname}")
