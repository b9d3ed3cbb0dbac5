"""The descriptions no definition can carry, applied once when the schema is built.

Every type, field, argument and enum value is described where it is defined, but for these:
- Strawberry makes one connection type per node type from the generic `Connection` (schema/relay.py), and a
  generic type's description cannot name its node type, so "ContactConnection" is described here.
- Every mutation takes one argument, `input`, whose description only names the mutation and the input type (both
  given by the signature): it is written from them, the same for all.
tests/schema/test_descriptions.py fails on any element that is still undescribed.
"""

from __future__ import annotations

import re

from graphql import GraphQLNamedType, GraphQLSchema, get_named_type


def words(name: str) -> str:
    """`InteractionLogEntry` -> "interaction log entry"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _connection(t: GraphQLNamedType) -> str | None:
    if t.name.endswith("Connection"):
        return f"A page of {words(t.name[:-len('Connection')])} items, in Relay's connection shape (edges, pageInfo)."
    return None


def describe(schema: GraphQLSchema) -> None:
    """Fills the descriptions no definition carries: the connection types', the mutations' `input` arguments'."""
    for t in schema.type_map.values():
        if not t.name.startswith("__") and not t.description:
            t.description = _connection(t)
    for fname, field in (schema.mutation_type.fields.items() if schema.mutation_type else ()):
        arg = field.args.get("input")
        if arg is not None and not arg.description:
            arg.description = f"The input of {fname}: see {get_named_type(arg.type).name}."
