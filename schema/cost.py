"""Query cost: one per selected field, multiplied by the page size of every connection it sits in.

Worked out from the document and the request's variables before execution; a page size is capped at the
maximum a resolver accepts (a larger one fails there with BAD_USER_INPUT), and a connection without
`first`/`last` counts as the default page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
    is_interface_type,
    is_object_type,
)

from resolvers.pagination import DEFAULT_PAGE_SIZE


class _Walker:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None,
                 defaults: Mapping[str, Any], max_page_size: int) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.defaults = defaults
        self.max_page_size = max_page_size
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}

    def argument(self, field: FieldNode, name: str) -> Any:
        for arg in field.arguments or ():
            if arg.name.value != name:
                continue
            value = arg.value
            if isinstance(value, VariableNode):
                var = value.name.value
                return self.variables.get(var, self.defaults.get(var))
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, ListValueNode):
                return list(value.values)
        return None

    def multiplier(self, field: FieldNode, named: GraphQLNamedType | None) -> int:
        if named is not None and named.name.endswith("Connection"):
            size = self.argument(field, "first")
            if size is None:
                size = self.argument(field, "last")
            if not isinstance(size, int) or isinstance(size, bool):
                size = DEFAULT_PAGE_SIZE if size is None else self.max_page_size
            return max(1, min(size, self.max_page_size))
        ids = self.argument(field, "ids")
        return max(1, len(ids)) if isinstance(ids, list) else 1

    def selection_set(self, node: SelectionSetNode | None, parent: GraphQLNamedType | None, factor: int,
                      seen: frozenset[str] = frozenset()) -> int:
        if node is None:
            return 0
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += factor
                if selection.selection_set is None:
                    continue
                named = self.field_type(parent, selection.name.value)
                total += self.selection_set(selection.selection_set, named,
                                            factor * self.multiplier(selection, named), seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(selection.selection_set, target, factor, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value)
                total += self.selection_set(fragment.selection_set, target, factor, seen | {name})
        return total

    def field_type(self, parent: GraphQLNamedType | None, name: str) -> GraphQLNamedType | None:
        if name == "__schema":
            return self.schema.get_type("__Schema")
        if name == "__type":
            return self.schema.get_type("__Type")
        if parent is not None and (is_object_type(parent) or is_interface_type(parent)):
            field = parent.fields.get(name)  # type: ignore[attr-defined]
            if field is not None:
                return get_named_type(field.type)
        return None


def query_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
               variables: Mapping[str, Any] | None, max_page_size: int) -> int:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            defaults[definition.variable.name.value] = int(definition.default_value.value)
    walker = _Walker(schema, document, variables, defaults, max_page_size)
    return walker.selection_set(operation.selection_set, root, 1)
