"""Document shape and cost: linear in the document whatever its fragments do, with the limits of the issue's
hostile documents (300 chained fragments, 20 fragments each spreading the next three times)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

import segmentum.schema.cost as cost_module
import segmentum.schema.document_shape as shape_module
from segmentum.schema.cost import query_cost
from segmentum.schema.document_shape import Limits, operation_name_error, shape_errors

LIMITS = Limits(max_depth=12, max_aliases=30, max_fragment_depth=20)


def chain(n: int) -> str:
    return "{ ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(n)) + \
        f" fragment F{n} on Query {{ viewer {{ name }} }}"


def fan_out(n: int, on: str = "Query", leaf: str = "viewer { name }") -> str:
    return " ".join(f"fragment G{i} on {on} {{ ...G{i + 1} ...G{i + 1} ...G{i + 1} {leaf} }}" for i in range(n)) + \
        f" fragment G{n} on {on} {{ {leaf} }}"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the selection sets the shape check reads: linear work reads each one once."""
    calls = [0]
    original = shape_module._read

    def counted(selection_set: Any) -> Any:
        calls[0] += 1
        return original(selection_set)

    monkeypatch.setattr(shape_module, "_read", counted)
    return calls


def codes(document: str, limits: Limits = LIMITS) -> list[Any]:
    return [(e.extensions or {}).get("code") for e in shape_errors(parse(document), limits)]


def test_depth_counts_fields_below_the_root_through_fragments() -> None:
    tight = Limits(max_depth=2, max_aliases=30, max_fragment_depth=20)
    assert codes("{ territories { nodes { code } } }", tight) == []
    assert codes("{ territories { edges { node { code } } } }", tight) == ["QUERY_TOO_DEEP"]
    assert codes("{ territories { ...E } } fragment E on TerritoryConnection { edges { node { code } } }",
                 tight) == ["QUERY_TOO_DEEP"]
    assert codes("{ territories { ... on TerritoryConnection { edges { node { code } } } } }",
                 tight) == ["QUERY_TOO_DEEP"]
    # Introspection nests by design (GraphiQL's query is deeper than any limit) and is not counted.
    assert codes("{ __schema { types { fields { type { ofType { ofType { name } } } } } } }", tight) == []


def test_aliases_count_each_time_their_fragment_is_spread() -> None:
    fragment = "fragment A on Query { " + " ".join(f"a{i}: __typename" for i in range(10)) + " }"
    assert codes("{ ...A ...A ...A } " + fragment) == []  # 30
    assert codes("{ ...A ...A ...A x: __typename } " + fragment) == ["TOO_MANY_ALIASES"]  # 31


def test_three_hundred_chained_fragments_are_refused_reading_each_once(reads: list[int]) -> None:
    errors = shape_errors(parse(chain(300)), LIMITS)
    assert reads[0] == 301 + 1  # the fragments, then the operation
    assert [e.extensions["code"] for e in errors] == ["FRAGMENTS_TOO_DEEP"]
    assert "301 deep" in errors[0].message and "maximum of 20" in errors[0].message
    assert codes(chain(19)) == []


def test_twenty_fragments_spreading_the_next_three_times_are_measured_reading_each_once(reads: list[int]) -> None:
    errors = shape_errors(parse("{ ...G0 } " + fan_out(19, leaf="a: __typename")), LIMITS)  # G0 ... G19
    assert reads[0] == 20 + 1
    [error] = errors
    assert error.extensions["code"] == "TOO_MANY_ALIASES"
    assert str((3**20 - 1) // 2) in error.message  # every alias as it would run: 1 + 3 + ... + 3^19


def test_a_fragment_cycle_is_refused_without_recursion() -> None:
    document = "{ ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{(i + 1) % 500} }}" for i in range(500))
    assert codes(document) == ["GRAPHQL_VALIDATION_FAILED"]


def test_several_operations_need_a_name() -> None:
    document = parse("query A { viewer { name } } query B { __typename }")
    assert operation_name_error(document, None) is not None
    assert operation_name_error(document, "B") is None
    assert operation_name_error(parse("{ __typename }"), None) is None


def test_cost_of_fanned_out_fragments_is_their_true_total_in_linear_time(schema: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    costed: list[str] = []
    original = cost_module._Costing.fragment

    def counted(self: Any, name: str, page: int, root_connection: bool) -> int:
        if (name, page, root_connection) not in self.fragment_costs:
            costed.append(name)
        return original(self, name, page, root_connection)

    monkeypatch.setattr(cost_module._Costing, "fragment", counted)
    document = parse("{ contact(no: \"X\") { ...G0 } } " + fan_out(19, on="Contact", leaf="name"))
    cost = query_cost(schema._schema, document, None, None, 100)
    assert cost == 1 + (3**20 - 1) // 2  # the contact field, and `name` once per expanded fragment
    assert sorted(costed) == sorted(f"G{i}" for i in range(20))  # each fragment costed once


def test_cost_counts_what_fields_do(schema: Any) -> None:
    def cost(document: str, variables: dict[str, Any] | None = None) -> int:
        return query_cost(schema._schema, parse(document), None, variables, 100)

    # Page items count per item; totalCount and pageInfo once per connection.
    assert cost("{ territories(first: 100) { nodes { code name } } }") == 1 + 100 * 3
    assert cost("{ territories(first: 100) { totalCount pageInfo { hasNextPage } } }") == 1 + 1_000 + 2
    # A nested totalCount is batched for the page: it weighs as any field, per item.
    assert cost("{ contacts(first: 10) { nodes { persons(first: 5) { totalCount } } } }") == 1 + 10 * (1 + 1 + 1)
    preview = "segmentPreview(criteria: {contact: {name: {expr: \"*a*\"}}}) { count }"
    one = cost("{ " + preview + " }")
    assert one == 5_000 + 1_000 + 4 * 5 + 1  # the preview, one criteria source and its pattern, count
    assert cost("{ " + " ".join(f"p{i}: {preview}" for i in range(30)) + " }") == 30 * one
    # Criteria in variables weigh the same; two sources weigh two.
    query = "query($c: ContactCriteria!) { segmentPreview(criteria: $c) { count } }"
    assert cost(query, {"c": {"contact": {"name": {"expr": "*a*"}}}}) == one
    assert cost(query, {"c": {"contact": {"name": {"expr": "*a*"}}, "mailingGroup": {"code": {"eq": "X"}}}}) == \
        one + 1_000 + 5  # a second source and its exact value
    # A segment action carries its criteria in its input.
    action = ("mutation($id: ID!) { segmentAddContacts(input: {segmentId: $id, criteria: {contact: {city: "
              "{eq: \"GENT\"}}}}) { linesAdded } }")
    assert cost(action, {"id": "x"}) == 5_000 + 1_000 + 5 + 1  # one exact value: 1 unit
