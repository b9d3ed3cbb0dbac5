"""Query cost: what the fields of an operation would do, worked out before anything runs.

A field costs one, multiplied by the page size of every connection whose items it belongs to (a page size is
capped at the maximum a resolver accepts, a larger one fails there with BAD_USER_INPUT; a connection without
`first`/`last` counts as the default page); `totalCount` and `pageInfo` count once per connection. Fields that
make the database count or filter a whole table weigh what that costs (EXPENSIVE_FIELDS), and each source of a
criteria argument adds CRITERIA_SOURCE_WEIGHT: 30 aliases of `segmentPreview` cost 30 previews. A criteria
argument also weighs what it asks for (models/criteria/weight.py: terms, ranges, patterns, values), each unit
CRITERIA_UNIT_WEIGHT, evaluated per row: 834 case-insensitive ranges in one `expr` make a filter expensive,
a single-page app's filter on a name and a city stays cheap. A list that is not a connection counts its items
by its `ids` or its `first` (SegmentPreview.sample: 20 unless asked for more).

Each fragment is costed once per page size it is spread at, and a spread adds that cost: fragments that spread
the next one three times cost their true (exponential) total in linear time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_interface_type,
    is_list_type,
    is_object_type,
    value_from_ast_untyped,
)

from segmentum.resolvers.criteria import filter_units
from segmentum.resolvers.pagination import DEFAULT_PAGE_SIZE

# (parent type, field) -> weight. Each runs at least one statement over a whole table (a criteria
# evaluation, a worksheet action), per alias.
EXPENSIVE_FIELDS: dict[tuple[str, str], int] = {
    ("Query", "segmentPreview"): 5_000,
    ("Mutation", "segmentAddContacts"): 5_000,
    ("Mutation", "segmentReduceContacts"): 5_000,
    ("Mutation", "segmentRefineContacts"): 5_000,
    ("Mutation", "segmentReuseCriteria"): 5_000,
    ("Mutation", "segmentReuseLogged"): 5_000,
    ("Mutation", "segmentLog"): 5_000,
    # Reads the segment's whole history (every stint) to find those open at the moment asked for.
    ("Segment", "members"): 1_000,
}
# Header updates that rewrite every line of the segment (a new template, unit cost, ...): as expensive as an
# action, per alias. Fields outside LINE_FREE_FIELDS reach the lines unless `applyToLines: false`.
LINE_REACHING_UPDATES = frozenset({("Mutation", "segmentUpdate")})
LINE_REACHING_WEIGHT = 5_000
LINE_FREE_FIELDS = frozenset({"id", "kind", "refreshIntervalMinutes", "applyToLines"})


def reaches_lines(data: Any) -> bool:
    """Whether a segmentUpdate input (Python data) changes a header field that is copied to its lines."""
    if not isinstance(data, Mapping) or data.get("applyToLines") is False:
        return False
    return any(key not in LINE_FREE_FIELDS for key in data)


# The total of a root connection counts over a whole (filtered) table; nested connections count their parents'
# items, batched into one grouped statement per page, and weigh as any field.
ROOT_TOTAL_COUNT_WEIGHT = 1_000
# The fields of a connection that hold its items: they count once per item of the page.
PAGE_FIELDS = frozenset({"edges", "nodes"})
# Arguments holding criteria, and what each source given in them adds (a filter over a whole table).
CRITERIA_ARGUMENTS = frozenset({"criteria", "filter"})
CRITERIA_SOURCE_WEIGHT = 1_000
# What each unit of a criteria's conditions adds (an exact value 1 unit, a range 2, a pattern 4, `@` twice).
CRITERIA_UNIT_WEIGHT = 5


def field_weight(parent: str, name: str, root_connection: bool = False) -> int:
    if root_connection and name == "totalCount":
        return ROOT_TOTAL_COUNT_WEIGHT
    return EXPENSIVE_FIELDS.get((parent, name), 1)


class _Costing:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None,
                 defaults: Mapping[str, Any], max_page_size: int) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.defaults = defaults
        self.max_page_size = max_page_size
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.fragment_costs: dict[tuple[str, int, bool], int] = {}
        self.in_progress: set[str] = set()

    def value(self, node: ValueNode) -> Any:
        if isinstance(node, VariableNode):
            name = node.name.value
            return self.variables.get(name, self.defaults.get(name))
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return list(node.values)
        if isinstance(node, ObjectValueNode):
            return {f.name.value: f.value for f in node.fields}
        return node

    def argument(self, field: FieldNode, name: str) -> Any:
        for arg in field.arguments or ():
            if arg.name.value == name:
                return self.value(arg.value)
        return None

    def page_size(self, field: FieldNode) -> int:
        size = self.argument(field, "first")
        if size is None:
            size = self.argument(field, "last")
        if not isinstance(size, int) or isinstance(size, bool):
            size = DEFAULT_PAGE_SIZE if size is None else self.max_page_size
        return max(1, min(size, self.max_page_size))

    def list_size(self, field: FieldNode, parent: GraphQLNamedType | None) -> int:
        """How many items a field's list holds at most: its `ids`, or its `first` (the field's default when not
        given, e.g. SegmentPreview.sample's 20); 1 for anything else."""
        ids = self.argument(field, "ids")
        if isinstance(ids, list):
            return max(1, len(ids))
        definition = self.field_definition(parent, field.name.value)
        if definition is None or "first" not in definition.args \
                or not is_list_type(get_nullable_type(definition.type)):
            return 1
        size = self.argument(field, "first")
        if size is None:
            size = definition.args["first"].default_value
        if not isinstance(size, int) or isinstance(size, bool):
            size = self.max_page_size
        return max(1, min(size, self.max_page_size))

    def criteria_weight(self, field: FieldNode) -> int:
        total = 0
        for arg in field.arguments or ():
            value = self.value(arg.value)
            if arg.name.value == "input" and isinstance(value, Mapping):
                # A segment action carries its criteria in its input.
                value = value.get("criteria")
                if isinstance(value, ValueNode):
                    value = self.value(value)
            elif arg.name.value not in CRITERIA_ARGUMENTS:
                continue
            if isinstance(value, Mapping):
                total += CRITERIA_SOURCE_WEIGHT * max(1, len(value))
                total += CRITERIA_UNIT_WEIGHT * filter_units(self.plain(value))
        return total

    def plain(self, value: Any) -> Any:
        """A criteria value as Python data: literals in the document read, variables put in."""
        if isinstance(value, ValueNode):
            return value_from_ast_untyped(value, dict(self.variables))
        if isinstance(value, Mapping):
            return {key: self.plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.plain(item) for item in value]
        return value

    def selection_set(self, node: SelectionSetNode | None, parent: GraphQLNamedType | None, page: int = 1,
                      root_connection: bool = False) -> int:
        """The cost of a selection set; inside a connection, `page` is its page size, by which the fields of
        its items (PAGE_FIELDS) count; `root_connection` when that connection is a root field."""
        if node is None:
            return 0
        total = 0
        parent_name = parent.name if parent is not None else ""
        is_root = parent is not None and parent in (self.schema.query_type, self.schema.mutation_type)
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                cost = field_weight(parent_name, name, root_connection)
                if selection.arguments:
                    cost += self.criteria_weight(selection)
                    if (parent_name, name) in LINE_REACHING_UPDATES and reaches_lines(
                            self.plain(self.argument(selection, "input"))):
                        cost += LINE_REACHING_WEIGHT
                if selection.selection_set is not None:
                    named = self.field_type(parent, name)
                    if named is not None and named.name.endswith("Connection"):
                        cost += self.selection_set(selection.selection_set, named, self.page_size(selection),
                                                   is_root)
                    else:
                        cost += self.list_size(selection, parent) * self.selection_set(selection.selection_set,
                                                                                        named)
                total += (page if name in PAGE_FIELDS else 1) * cost
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(selection.selection_set, target, page, root_connection)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, page, root_connection)
        return total

    def fragment(self, name: str, page: int, root_connection: bool) -> int:
        cost = self.fragment_costs.get((name, page, root_connection))
        if cost is not None:
            return cost
        fragment = self.fragments.get(name)
        if fragment is None or name in self.in_progress:  # unknown or cyclic: validation refuses the document
            return 0
        self.in_progress.add(name)
        target = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.fragment_costs[(name, page, root_connection)] = self.selection_set(
            fragment.selection_set, target, page, root_connection)
        self.in_progress.discard(name)
        return cost

    def field_definition(self, parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
        if parent is not None and (is_object_type(parent) or is_interface_type(parent)):
            found: GraphQLField | None = parent.fields.get(name)  # type: ignore[attr-defined]
            return found
        return None

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
    """The cost of the operation that would run. The document has passed the shape checks (depth, fragment
    nesting, no cycles), which bound the recursion here."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            defaults[definition.variable.name.value] = int(definition.default_value.value)
    return _Costing(schema, document, variables, defaults, max_page_size).selection_set(operation.selection_set,
                                                                                        root)
