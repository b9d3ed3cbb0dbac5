"""The descriptions no definition can carry, applied once when the schema is built.

Every type, field, argument and enum value is described where it is defined, but for these:
- Strawberry makes one connection type per node type from the generic `Connection` (schema/relay.py), and a
  generic type's description cannot name its node type, so "ContactConnection" is described here.
- Every mutation takes one argument, `input`, whose description only names the mutation and the input type (both
  given by the signature): it is written from them, the same for all.
- The classifications and the criteria inputs, whose descriptions schema/glossary.py still lists.
tests/schema/test_descriptions.py fails on any element that is still undescribed.
"""

from __future__ import annotations

import re

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from segmentum.schema.glossary import DESCRIPTIONS


def words(name: str) -> str:
    """`InteractionLogEntry` -> "interaction log entry"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _connection(t: GraphQLNamedType) -> str | None:
    if t.name.endswith("Connection"):
        return f"A page of {words(t.name[:-len('Connection')])} items, in Relay's connection shape (edges, pageInfo)."
    return None


def describe(schema: GraphQLSchema) -> None:
    """Fills every missing description of `schema`: connection types, mutation inputs, the glossary's entries."""
    for t in schema.type_map.values():
        if t.name.startswith("__"):
            continue
        if not t.description:
            t.description = DESCRIPTIONS.get(t.name) or _connection(t)
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for fname, field in t.fields.items():
                field.description = field.description or DESCRIPTIONS.get(f"{t.name}.{fname}")
                for aname, arg in field.args.items():
                    if not arg.description and t is schema.mutation_type and aname == "input":
                        arg.description = f"The input of {fname}: see {get_named_type(arg.type).name}."
                    arg.description = arg.description or DESCRIPTIONS.get(f"{t.name}.{fname}({aname})")
        elif isinstance(t, GraphQLInputObjectType):
            for fname, input_field in t.fields.items():
                input_field.description = input_field.description or DESCRIPTIONS.get(f"{t.name}.{fname}")
        elif isinstance(t, GraphQLEnumType):
            for vname, value in t.values.items():
                value.description = value.description or DESCRIPTIONS.get(f"{t.name}.{vname}")
