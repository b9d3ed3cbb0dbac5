"""A query document made into a read plan (models/readplan), when every field it selects has one.

Planned: the root `contacts` connection (`edges { cursor node }`, `nodes`, `pageInfo`, `totalCount`), and on its
nodes every plain column of a Contact, `id`, `company`, `salesperson`, `territory`, the classification lists and
`statistics`, the columns and `id` of the records these reach, and `__typename` anywhere. Anything else (another
root field, a field with arguments below the root, a directive, a type condition that does not hold) leaves the
document to the general executor: `None`, and it runs as any other.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from strawberry.utils.str_converters import to_camel_case

from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.enums import ContactType
from segmentum.models.readplan import plan as rp
from segmentum.schema.execution import ATTRIBUTE, resolution

LEAF_FORMATS = {"String": rp.PLAIN, "ID": rp.PLAIN, "Int": rp.INT, "LineNo": rp.INT, "Float": rp.FLOAT,
                "Boolean": rp.BOOL, "Date": rp.DATE, "DateTime": rp.DATETIME, "Decimal": rp.DECIMAL}
# The relations of a Contact, as its resolvers in schema/contacts/types.py answer them.
TO_ONE = {"company": "company_id", "salesperson": "salesperson_id", "territory": "territory_id"}
# field -> (link model, its field naming the record, the contact column it is keyed by, the only contact type):
# the list of each classification (models/classifications.py); a company-level one is read on the company.
MANY = {
    to_camel_case(c.plural): (c.link.__name__, c.key, "company_id" if c.level == ContactType.COMPANY else "id",
                              c.level.value if c.level == ContactType.PERSON else None)
    for c in CLASSIFICATIONS
}
CONNECTIONS = frozenset({"contacts"})
# The to-one relations of other records that a bulk export of them plans (type -> field -> foreign key column).
RECORD_TO_ONE = {"SegmentLine": {"contact": "contact_id"}}


class NotPlanned(Exception):
    """Some part of the document has no plan: the general executor runs it."""


Fields = dict[str, list[FieldNode]]


def collect(selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], type_name: str,
            into: Fields | None = None) -> Fields:
    """The fields of a selection set by response key, fragments whose type condition is `type_name` merged."""
    fields: Fields = {} if into is None else into
    for selection in selection_set.selections:
        if selection.directives:
            raise NotPlanned("a directive")
        if isinstance(selection, FieldNode):
            fields.setdefault((selection.alias or selection.name).value, []).append(selection)
            continue
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            if fragment.directives:
                raise NotPlanned("a directive")
            condition, inner = fragment.type_condition.name.value, fragment.selection_set
        else:
            assert isinstance(selection, InlineFragmentNode)
            condition = selection.type_condition.name.value if selection.type_condition else type_name
            inner = selection.selection_set
        if condition != type_name:
            raise NotPlanned(f"a fragment on {condition}")
        collect(inner, fragments, type_name, fields)
    return fields


class Planner:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema, self.fragments = schema, fragments

    def sub_fields(self, nodes: list[FieldNode], type_: GraphQLObjectType) -> Fields:
        fields: Fields = {}
        for node in nodes:
            if node.selection_set is None:
                raise NotPlanned("an object without a selection")
            collect(node.selection_set, self.fragments, type_.name, fields)
        return fields

    def field(self, type_: GraphQLObjectType, nodes: list[FieldNode]) -> Any:
        name = nodes[0].name.value
        if any(node.arguments for node in nodes):
            raise NotPlanned(f"{type_.name}.{name} with arguments")
        field_def = type_.fields.get(name)
        if field_def is None:
            raise NotPlanned(name)
        return field_def

    def object(self, type_: GraphQLObjectType, nodes: list[FieldNode], *, leaves_only: bool = False) -> rp.ObjectPlan:
        origin = getattr(type_.extensions.get("strawberry-definition"), "origin", None)
        model = getattr(origin, "model", None)
        if model is None:
            raise NotPlanned(f"{type_.name} is not a record")
        entries: list[rp.Entry] = []
        for key, field_nodes in self.sub_fields(nodes, type_).items():
            name = field_nodes[0].name.value
            if name == "__typename":
                entries.append(rp.Typename(key, type_.name))
                continue
            field_def = self.field(type_, field_nodes)
            if name == "id":
                entries.append(rp.GlobalId(key, type_.name))
            elif resolution(field_def).kind == ATTRIBUTE:
                entries.append(self.leaf(key, field_def, resolution(field_def).name, model))
            elif not leaves_only and name in RECORD_TO_ONE.get(type_.name, {}):
                target = get_named_type(field_def.type)
                assert isinstance(target, GraphQLObjectType)
                entries.append(rp.ToOne(key, RECORD_TO_ONE[type_.name][name], self.object(target, field_nodes)))
            elif leaves_only or type_.name != "Contact":
                raise NotPlanned(f"{type_.name}.{name}")
            elif name in TO_ONE:
                target = get_named_type(field_def.type)
                assert isinstance(target, GraphQLObjectType)
                entries.append(rp.ToOne(key, TO_ONE[name], self.object(target, field_nodes)))
            elif name in MANY:
                link, link_fk, key_column, only_type = MANY[name]
                target = get_named_type(field_def.type)
                assert isinstance(target, GraphQLObjectType)
                entries.append(rp.Many(key, link, link_fk, key_column,
                                       self.object(target, field_nodes, leaves_only=True), only_type=only_type))
            elif name == "statistics":
                entries.append(self.statistics(key, field_def, field_nodes))
            else:
                raise NotPlanned(f"Contact.{name}")
        return rp.ObjectPlan(model.__name__, tuple(entries))

    def leaf(self, key: str, field_def: Any, python_name: str, model: Any) -> rp.Leaf:
        named = get_named_type(field_def.type)
        fmt = rp.ENUM if isinstance(named, GraphQLEnumType) else LEAF_FORMATS.get(named.name)
        if fmt is None or python_name not in model._meta.fields_map or isinstance(
                field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type, GraphQLList):
            raise NotPlanned(f"{model.__name__}.{python_name}")
        return rp.Leaf(key, python_name, fmt)

    def statistics(self, key: str, field_def: Any, nodes: list[FieldNode]) -> rp.Stats:
        type_ = get_named_type(field_def.type)
        assert isinstance(type_, GraphQLObjectType)
        fields: list[tuple[str, str, str]] = []
        for sub_key, sub_nodes in self.sub_fields(nodes, type_).items():
            name = sub_nodes[0].name.value
            if name == "__typename":
                raise NotPlanned("__typename of statistics")
            sub_def = self.field(type_, sub_nodes)
            how = resolution(sub_def)
            fmt = LEAF_FORMATS.get(get_named_type(sub_def.type).name)
            if how.kind != ATTRIBUTE or fmt is None:
                raise NotPlanned(f"statistics.{name}")
            fields.append((sub_key, how.name, fmt))
        return rp.Stats(key, tuple(fields))

    def connection(self, key: str, field_def: Any, nodes: list[FieldNode]) -> rp.ConnectionPlan:
        type_ = get_named_type(field_def.type)
        assert isinstance(type_, GraphQLObjectType)
        parts: list[rp.Part] = []
        node_plans: list[rp.ObjectPlan] = []
        for sub_key, sub_nodes in self.sub_fields(nodes, type_).items():
            name = sub_nodes[0].name.value
            if name == "__typename":
                parts.append(rp.Part(sub_key, "typename", name=type_.name))
                continue
            sub_def = self.field(type_, sub_nodes)
            inner = get_named_type(sub_def.type)
            if name == "nodes":
                assert isinstance(inner, GraphQLObjectType)
                node_plans.append(self.object(inner, sub_nodes))
                parts.append(rp.Part(sub_key, "nodes"))
            elif name == "edges":
                assert isinstance(inner, GraphQLObjectType)
                edge_parts = []
                for edge_key, edge_nodes in self.sub_fields(sub_nodes, inner).items():
                    edge_name = edge_nodes[0].name.value
                    if edge_name == "__typename":
                        edge_parts.append(rp.Part(edge_key, "typename", name=inner.name))
                    elif edge_name == "node":
                        node_type = get_named_type(self.field(inner, edge_nodes).type)
                        assert isinstance(node_type, GraphQLObjectType)
                        node_plans.append(self.object(node_type, edge_nodes))
                        edge_parts.append(rp.Part(edge_key, "node"))
                    elif edge_name == "cursor":
                        edge_parts.append(rp.Part(edge_key, "cursor"))
                    else:
                        raise NotPlanned(f"edge {edge_name}")
                parts.append(rp.Part(sub_key, "edges", tuple(edge_parts)))
            elif name == "pageInfo":
                assert isinstance(inner, GraphQLObjectType)
                info = [rp.Part(k, "typename", name=inner.name) if n[0].name.value == "__typename"
                        else rp.Part(k, self.page_info_field(inner, n)) for k, n in self.sub_fields(sub_nodes,
                                                                                                    inner).items()]
                parts.append(rp.Part(sub_key, "pageInfo", tuple(info)))
            elif name == "totalCount":
                parts.append(rp.Part(sub_key, "totalCount"))
            else:
                raise NotPlanned(f"connection {name}")
        if len(set(node_plans)) > 1:
            raise NotPlanned("nodes and edges selecting different fields")
        node = node_plans[0] if node_plans else rp.ObjectPlan("Contact", ())
        return rp.ConnectionPlan(key, nodes[0].name.value, tuple(parts), node)

    def page_info_field(self, type_: GraphQLObjectType, nodes: list[FieldNode]) -> str:
        self.field(type_, nodes)
        name = nodes[0].name.value
        if name not in ("hasNextPage", "hasPreviousPage", "startCursor", "endCursor"):
            raise NotPlanned(f"pageInfo {name}")
        return name


def plan_operation(schema: GraphQLSchema, operation: OperationDefinitionNode,
                   fragments: dict[str, FragmentDefinitionNode]) -> tuple[rp.ConnectionPlan, FieldNode]:
    """The plan of a query that selects one root connection; NotPlanned otherwise."""
    if operation.operation.value != "query" or operation.directives:
        raise NotPlanned("not a query")
    root = schema.query_type
    assert root is not None
    fields = collect(operation.selection_set, fragments, root.name)
    if len(fields) != 1:
        raise NotPlanned("several root fields")
    [(key, nodes)] = fields.items()
    name = nodes[0].name.value
    if name not in CONNECTIONS or len(nodes) != 1:
        raise NotPlanned(f"root field {name}")
    return Planner(schema, fragments).connection(key, root.fields[name], nodes), nodes[0]
