"""A list that is not a connection is costed by how many items it may hold: SegmentPreview.sample by its
`first` (20 when not given), not as one item."""

from __future__ import annotations

from typing import Any

from graphql import parse

from segmentum.schema.cost import query_cost

PREVIEW = 'segmentPreview(criteria: {contact: {name: {expr: "*a*"}}})'
# The preview, one criteria source and its pattern (4 units of 5), the `sample` field itself.
BASE = 5_000 + 1_000 + 20 + 1


def cost(schema: Any, document: str, variables: dict[str, Any] | None = None) -> int:
    return query_cost(schema._schema, parse(document), None, variables, 100)


def test_the_sample_counts_its_items(schema: Any) -> None:
    assert cost(schema, "{ " + PREVIEW + " { sample { no name } } }") == BASE + 20 * 2
    assert cost(schema, "{ " + PREVIEW + " { sample(first: 100) { no name } } }") == BASE + 100 * 2
    assert cost(schema, "query($n: Int) { " + PREVIEW + " { sample(first: $n) { no name } } }", {"n": 7}) \
        == BASE + 7 * 2
    # Past the maximum the resolver caps it (and the cost too).
    assert cost(schema, "{ " + PREVIEW + " { sample(first: 5000) { no name } } }") == BASE + 100 * 2
    # Lists by ids count their ids, as before.
    assert cost(schema, '{ nodes(ids: ["a", "b", "c"]) { id } }') == 1 + 3 * 1
