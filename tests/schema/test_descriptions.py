"""Every type, field, argument, input field, enum value and mutation of the schema is described: the schema is
the documentation clients read (GraphiQL's docs, editors, generated client code)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)


def elements(gql: GraphQLSchema) -> list[tuple[str, str, str | None]]:
    """(kind, name, description) of every element of the schema, introspection's own aside."""
    out: list[tuple[str, str, str | None]] = []
    for name, t in sorted(gql.type_map.items()):
        if name.startswith("__"):
            continue
        out.append(("type", name, t.description))
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for fname, field in t.fields.items():
                kind = "mutation" if t is gql.mutation_type else "field"
                out.append((kind, f"{name}.{fname}", field.description))
                for aname, arg in field.args.items():
                    out.append(("argument", f"{name}.{fname}({aname})", arg.description))
        elif isinstance(t, GraphQLInputObjectType):
            for fname, field in t.fields.items():
                out.append(("input field", f"{name}.{fname}", field.description))
        elif isinstance(t, GraphQLEnumType):
            for vname, value in t.values.items():
                out.append(("enum value", f"{name}.{vname}", value.description))
        elif isinstance(t, GraphQLUnionType):
            pass
    return out


def coverage(schema: Any) -> dict[str, tuple[int, int]]:
    """Per kind: (described, total)."""
    counts: dict[str, list[int]] = {}
    for kind, _, description in elements(schema._schema):
        c = counts.setdefault(kind, [0, 0])
        c[0] += bool(description and description.strip())
        c[1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def test_every_element_of_the_schema_is_described(schema):
    missing = [f"{kind} {name}" for kind, name, description in elements(schema._schema)
               if not (description and description.strip())]
    assert missing == [], f"{len(missing)} undescribed:\n" + "\n".join(missing)


def test_business_central_terms_and_defaults_are_explained(schema):
    gql = schema._schema
    assert "No." in gql.type_map["Contact"].fields["no"].description
    assert "local currency" in gql.type_map["InteractionLogEntry"].fields["costLcy"].description
    assert "Correspondence Type" in gql.type_map["Contact"].fields["correspondenceType"].description
    assert "default 20" in gql.query_type.fields["contacts"].args["first"].description
    assert "edges" in gql.type_map["ContactConnection"].fields["edges"].description
    assert gql.type_map["PageInfo"].fields["endCursor"].description


def test_the_coverage_figures(schema):
    figures = coverage(schema)
    assert all(described == total for described, total in figures.values()), figures
    assert figures["mutation"][1] >= 50 and figures["enum value"][1] >= 50


def test_only_connections_and_mutation_inputs_are_described_apart_from_their_definitions(monkeypatch):
    """Every description sits beside its definition, but for the two kinds schema/describe.py writes because no
    definition can carry them: a connection type's and a mutation's `input` argument's."""
    from segmentum.schema import describe
    from segmentum.schema.root import build_schema

    monkeypatch.setattr(describe, "describe", lambda _: None)
    gql = build_schema()._schema
    undescribed = {(kind, name) for kind, name, description in elements(gql) if not description}
    apart = {(kind, name) for kind, name in undescribed
             if (kind == "type" and name.endswith("Connection"))
             or (kind == "argument" and name.startswith(f"{gql.mutation_type.name}.") and name.endswith("(input)"))}
    assert sorted(undescribed - apart) == [], "described nowhere beside their definitions"
    assert ("type", "ContactConnection") in apart and ("argument", "Mutation.segmentCreate(input)") in apart
    assert {name for _, name, _ in elements(gql) if name.endswith("Connection")} <= {name for _, name in apart}


def test_an_exposed_enum_describes_every_value_and_only_those():
    from segmentum.schema.enums import expose

    class Shade(Enum):
        LIGHT = "LIGHT"
        DARK = "DARK"

    with pytest.raises(ValueError, match=r"describe \['DARK'\], no such value as \['DIM'\]"):
        expose(Shade, "A shade.", LIGHT="Light.", DIM="Dim.")
