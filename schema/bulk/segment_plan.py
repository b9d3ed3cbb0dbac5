"""The read plan of a segments export: `{ segments { nodes { ... lines { nodes { ... contact { ... } } } } } }`.

The segment's fields and its lines' fields (with the line's contact) are planned as `contacts` is
(schema/compile_plan.py); the job then walks the segments and, for each, its lines by keyset pages with the contact
joined into the same statement, instead of running the schema page by page. Anything else in the document (a
second nested connection, arguments, a field with no plan) leaves it to the schema's path: NotPlanned.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)

from segmentum.models.readplan.plan import ObjectPlan
from segmentum.schema.bulk.document import is_connection
from segmentum.schema.compile_plan import NotPlanned, Planner, collect


@dataclass(frozen=True)
class SegmentLinesPlan:
    segment: ObjectPlan  # the segment's own line (its fields but `lines`)
    line: ObjectPlan  # one line of the segment, written with `__parentId`


def _nodes(planner: Planner, connection: list[FieldNode], type_: GraphQLObjectType,
           ) -> tuple[GraphQLObjectType, list[FieldNode]]:
    """The node type and the node selections of a connection selected as `nodes` or `edges { node }` (its other
    parts, pageInfo and totalCount, are not written)."""
    found: list[tuple[GraphQLObjectType, list[FieldNode]]] = []
    for field_nodes in planner.sub_fields(connection, type_).values():
        name = field_nodes[0].name.value
        if name not in ("nodes", "edges"):
            continue
        item = get_named_type(planner.field(type_, field_nodes).type)
        assert isinstance(item, GraphQLObjectType)
        if name == "nodes":
            found.append((item, field_nodes))
            continue
        for edge_nodes in planner.sub_fields(field_nodes, item).values():
            if edge_nodes[0].name.value == "node":
                node_type = get_named_type(planner.field(item, edge_nodes).type)
                assert isinstance(node_type, GraphQLObjectType)
                found.append((node_type, edge_nodes))
    if len(found) != 1:
        raise NotPlanned("a connection's nodes selected other than once")
    return found[0]


def plan_segment_lines(schema: GraphQLSchema, operation: OperationDefinitionNode,
                       fragments: dict[str, FragmentDefinitionNode]) -> SegmentLinesPlan:
    """The plan of a bulk `segments` query with its `lines`; NotPlanned otherwise."""
    root = schema.query_type
    assert root is not None
    fields = collect(operation.selection_set, fragments, root.name)
    if len(fields) != 1:
        raise NotPlanned("several root fields")
    [nodes] = fields.values()
    if nodes[0].name.value != "segments" or len(nodes) != 1 or nodes[0].arguments:
        raise NotPlanned("not the segments connection")
    planner = Planner(schema, fragments)
    connection_type = get_named_type(root.fields["segments"].type)
    assert isinstance(connection_type, GraphQLObjectType)
    segment_type, segment_nodes = _nodes(planner, nodes, connection_type)
    own: list[FieldNode] = []
    lines: list[list[FieldNode]] = []
    for field_nodes in planner.sub_fields(segment_nodes, segment_type).values():
        field_def = segment_type.fields.get(field_nodes[0].name.value)
        if field_def is not None and is_connection(get_named_type(field_def.type)):
            if field_nodes[0].name.value != "lines" or any(n.arguments for n in field_nodes):
                raise NotPlanned("a nested connection other than lines")
            lines.append(field_nodes)
        else:
            own += field_nodes
    if len(lines) != 1:
        raise NotPlanned("no lines, or lines selected under several keys")
    lines_type = get_named_type(segment_type.fields["lines"].type)
    assert isinstance(lines_type, GraphQLObjectType)
    line_type, line_nodes = _nodes(planner, lines[0], lines_type)
    segment = planner.object(segment_type, [FieldNode(name=segment_nodes[0].name, alias=segment_nodes[0].alias,
                                                      arguments=(), directives=(),
                                                      selection_set=SelectionSetNode(selections=tuple(own)))])
    return SegmentLinesPlan(segment=segment, line=planner.object(line_type, line_nodes))
