"""The registry of criteria sources: the same sources and fields as the GraphQL ContactCriteria input, in
CriteriaSource order, and every field of every source compiled, checked and rendered through it."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLType

from segmentum.models.criteria import SOURCE_KEYS, SOURCES, Criteria
from segmentum.models.criteria.fields import FieldSpec, Kind, camel
from segmentum.models.criteria.kinds import FieldKind, NumberKind
from segmentum.models.enums import CriteriaSource
from segmentum.models.sql import Params
from segmentum.schema.criteria.inputs import ContactCriteria


@pytest.fixture(autouse=True)
def _clean():
    """These tests never touch the database: no emptying of tables after each."""
    yield


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, criteria: ContactCriteria) -> bool:
        return True


INPUT = strawberry.Schema(query=Query)._schema.type_map["ContactCriteria"]


def type_name(t: GraphQLType) -> str:
    """A GraphQL type as written in SDL: "[Evaluation!]", "StringFilter!"."""
    if isinstance(t, GraphQLNonNull):
        return type_name(t.of_type) + "!"
    if isinstance(t, GraphQLList):
        return f"[{type_name(t.of_type)}]"
    return t.name  # type: ignore[attr-defined]


def expected_type(spec: FieldSpec) -> str:
    name = {
        Kind.TEXT: "StringFilter",
        Kind.CODE: "StringFilter",
        Kind.DATE: "DateFilter",
        Kind.DATETIME: "DateFilter",
        Kind.BOOL: "Boolean",
        Kind.KEY: "String",
        Kind.INT_LIST: "[Int!]",
        Kind.DECIMAL: "DecimalFilter",
        Kind.INTEGER: "IntFilter",
        Kind.ENUM: spec.enum.__name__ if spec.enum else "?",
        Kind.ENUM_LIST: f"[{spec.enum.__name__ if spec.enum else '?'}!]",
    }[spec.kind]
    return name + ("!" if spec.required else "")


def test_sources_are_in_criteria_source_order():
    assert [source.source for source in SOURCES] == list(CriteriaSource)
    assert list(SOURCE_KEYS.values()) == list(CriteriaSource)


def test_the_graphql_input_and_the_registry_describe_the_same_fields():
    assert isinstance(INPUT, GraphQLInputObjectType)
    assert set(INPUT.fields) == {camel(source.key) for source in SOURCES}
    for source in SOURCES:
        source_type = INPUT.fields[camel(source.key)].type
        assert isinstance(source_type, GraphQLInputObjectType), source.key  # optional in ContactCriteria
        described = {name: type_name(field.type) for name, field in source_type.fields.items()}
        declared = {camel(spec.key): expected_type(spec) for spec in source.fields}
        assert described == declared, source.key


SAMPLES: dict[FieldKind, Any] = {
    Kind.TEXT: {"expr": "A*|B?"},
    Kind.CODE: {"eq": "x1"},
    Kind.DATE: {"from": "2026-01-01"},
    Kind.DATETIME: {"within_last_days": 7},
    Kind.BOOL: True,
    Kind.KEY: "q",
    Kind.INT_LIST: [10000],
    Kind.DECIMAL: {"from": "1.5", "lt": "10"},
    Kind.INTEGER: {"eq": 3},
}


def sample(spec: FieldSpec) -> Any:
    if spec.kind == Kind.ENUM:
        return next(iter(spec.enum)).value  # type: ignore[arg-type]
    if spec.kind == Kind.ENUM_LIST:
        return [next(iter(spec.enum)).value]  # type: ignore[arg-type]
    return SAMPLES[spec.kind]


def test_every_field_of_every_source_is_compiled_checked_and_rendered():
    for source in SOURCES:
        for spec in source.fields:
            flt = {s.key: sample(s) for s in source.fields if s.required or s is spec}
            criteria, errors = Criteria.read({source.key: flt})
            assert errors == [] and criteria is not None, (source.key, spec.key)
            assert criteria.has_filter, (source.key, spec.key)
            params = Params("postgres")
            assert criteria.condition(params) != "1 = 1", (source.key, spec.key)
            assert params.values, (source.key, spec.key)
            rendered = criteria.texts()
            assert [s for s, _ in rendered] == [source.source], (source.key, spec.key)
            if spec.kind != Kind.INT_LIST:  # answer line numbers render as their question (needs the database)
                assert f"{spec.label}: " in rendered[0][1], (source.key, spec.key)


def test_code_fields_are_declared_as_code_and_upper_cased():
    """Every number and code of every source, post code, country code and language code (SPEC §2.1); an entry
    number is a whole number, not a code."""
    for source in SOURCES:
        for spec in source.fields:
            is_code = spec.key in ("no", "post_code", "country_code", "language_code") or spec.key.endswith(
                ("_no", "code")
            )
            is_code = is_code and not isinstance(spec.kind, NumberKind)
            assert spec.upper == is_code, (source.key, spec.key)
            if spec.kind == Kind.CODE:
                params = Params("postgres")
                Criteria.parse({source.key: {spec.key: {"eq": "be", "in": ["nl"]}}}).condition(params)
                assert params.values == ["BE", "NL"], (source.key, spec.key)
