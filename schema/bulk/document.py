"""A bulk query's document: checked before its job starts, and rewritten into the documents the job runs.

A bulk query is one read operation whose one root field is a connection; the nodes of that connection may select
connections of their own (one level, as Shopify's bulk operations allow), which are written as lines of their own
with `__parentId`. The usual depth, alias and token limits hold; the cost budget does not (the export's size is
the point). The job runs the root connection page by page (`first` and `after` as variables, its `pageInfo` under
an alias) and continues a nested connection that has more than one page from its parent, through `node(id:)`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    parse,
    print_ast,
    validate,
)

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.schema.document_shape import Limits, shape_errors

PAGING = frozenset({"first", "after", "last", "before"})
# Connections in one bulk query (the root one included), as Shopify's bulk operations allow.
MAX_CONNECTIONS = 5
# Aliases the job adds to the documents it runs (a client's own names never start with two underscores).
PAGE, NODE_ID, NODE = "__bulkPage", "__bulkId", "__bulkNode"
FIRST, AFTER, NESTED_FIRST, PARENT = "__bulkFirst", "__bulkAfter", "__bulkNestedFirst", "__bulkParent"


def refuse(code: ErrorCode, message: str) -> DomainError:
    return DomainError(code, message, ["query"])


@dataclass(frozen=True)
class Listing:
    """Where a connection's answer holds its nodes: `nodes`, or `edges { node }` (response keys)."""

    nodes_key: str | None
    edges_key: str | None = None
    node_key: str | None = None

    def nodes(self, connection: dict[str, Any]) -> list[dict[str, Any]]:
        if self.nodes_key is not None:
            return connection[self.nodes_key]  # type: ignore[no-any-return]
        assert self.edges_key is not None and self.node_key is not None
        return [edge[self.node_key] for edge in connection[self.edges_key]]


@dataclass(frozen=True)
class Nested:
    """A connection of the root connection's nodes, and the document that continues it from one parent."""

    key: str
    listing: Listing
    continuation: str


@dataclass(frozen=True)
class BulkDocument:
    root_key: str
    root_field: str
    listing: Listing
    nested: tuple[Nested, ...]
    page: str  # the root connection's page: variables __bulkFirst, __bulkAfter (and __bulkNestedFirst)
    count: str | None  # the root connection's totalCount with the same arguments, when it has one
    node_type: str

    @property
    def keys_added(self) -> frozenset[str]:
        return frozenset({NODE_ID, *(n.key for n in self.nested)})


def check(text: str, schema: GraphQLSchema, limits: Limits, max_tokens: int, max_chars: int) -> BulkDocument:
    """The bulk document of `text`, or a DomainError (code and message) naming what is wrong with it."""
    if len(text) > max_chars:
        raise refuse(ErrorCode.TOO_LARGE, f"The query has {len(text)} characters, more than the limit of "
                                          f"{max_chars}.")
    try:
        document = parse(text, max_tokens=max_tokens)
    except GraphQLError as exc:
        code = ErrorCode.TOO_LARGE if f"more than {max_tokens} tokens" in exc.message else ErrorCode.INVALID
        raise refuse(code, f"The query does not parse: {exc.message}") from exc
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"The document holds {len(operations)} operations; a bulk "
                                                  "query is one query operation.")
    [operation] = operations
    if operation.operation != OperationType.QUERY:
        raise refuse(ErrorCode.NOT_A_QUERY, f"A bulk query reads: this document is a "
                                            f"{operation.operation.value}.")
    if operation.variable_definitions:
        raise refuse(ErrorCode.UNSUPPORTED_QUERY, "A bulk query takes no variables: write the values into it.")
    problems = shape_errors(document, limits)
    if problems:
        raise refuse(ErrorCode.TOO_LARGE, problems[0].message)
    invalid = validate(schema, document)
    if invalid:
        raise refuse(ErrorCode.INVALID, f"The query is not valid: {invalid[0].message}")
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    inlined = _Inliner(fragments, max_tokens).selection_set(operation.selection_set)
    return _Rewriter(schema).operation(inlined)


class _Inliner:
    """Named fragments spread as inline fragments (the job rewrites one tree), within a budget of selections:
    fragments spread several times over could otherwise multiply."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], budget: int) -> None:
        self.fragments, self.left = fragments, budget

    def selection_set(self, node: SelectionSetNode) -> SelectionSetNode:
        return SelectionSetNode(selections=tuple(self.selection(s) for s in node.selections))

    def selection(self, node: SelectionNode) -> SelectionNode:
        self.left -= 1
        if self.left < 0:
            raise refuse(ErrorCode.TOO_LARGE, "The query's fragments spread into too many fields.")
        if isinstance(node, FragmentSpreadNode):
            fragment = self.fragments[node.name.value]
            return InlineFragmentNode(type_condition=fragment.type_condition, directives=node.directives,
                                      selection_set=self.selection_set(fragment.selection_set))
        if node.selection_set is None:  # type: ignore[attr-defined]
            return node
        return replace(node, selection_set=self.selection_set(node.selection_set))  # type: ignore[attr-defined,call-arg]


def _name(value: str) -> NameNode:
    return NameNode(value=value)


def _field(name: str, alias: str | None = None, selections: tuple[SelectionNode, ...] = (),
           arguments: tuple[ArgumentNode, ...] = ()) -> FieldNode:
    return FieldNode(alias=_name(alias) if alias else None, name=_name(name), arguments=arguments, directives=(),
                     selection_set=SelectionSetNode(selections=selections) if selections else None)


def _argument(name: str, variable: str) -> ArgumentNode:
    return ArgumentNode(name=_name(name), value=VariableNode(name=_name(variable)))


def _variable(name: str, type_name: str, required: bool) -> VariableDefinitionNode:
    named = NamedTypeNode(name=_name(type_name))
    return VariableDefinitionNode(variable=VariableNode(name=_name(name)),
                                  type=NonNullTypeNode(type=named) if required else named, directives=())


def _query(selection: FieldNode, variables: list[VariableDefinitionNode]) -> str:
    operation = OperationDefinitionNode(operation=OperationType.QUERY, name=None,
                                        variable_definitions=tuple(variables), directives=(),
                                        selection_set=SelectionSetNode(selections=(selection,)))
    return print_ast(DocumentNode(definitions=(operation,)))


def _page_info() -> FieldNode:
    return _field("pageInfo", PAGE, (_field("hasNextPage"), _field("endCursor")))


def _key(node: FieldNode) -> str:
    return (node.alias or node.name).value


def is_connection(type_: Any) -> bool:
    return isinstance(type_, GraphQLObjectType) and "pageInfo" in type_.fields and (
        "nodes" in type_.fields or "edges" in type_.fields)


def _fields(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    """The fields of a selection set, inline fragments opened (their type conditions hold: validated)."""
    found: list[FieldNode] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found += _fields(selection.selection_set)
    return found


class _Rewriter:
    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.connections = 0

    def operation(self, selection_set: SelectionSetNode) -> BulkDocument:
        roots = _fields(selection_set)
        names = sorted({_key(f) for f in roots})
        if len(roots) != 1:
            raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"The query selects {len(roots)} root fields "
                                                      f"({', '.join(names)}); a bulk query selects one connection.")
        [root] = roots
        query_type = self.schema.query_type
        assert query_type is not None
        field_def = query_type.fields[root.name.value]
        connection_type = get_named_type(field_def.type)
        if not is_connection(connection_type) or root.directives:
            raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"The root field {root.name.value!r} is not a connection "
                                                      "(a list with pageInfo, such as contacts or segments).")
        self.paging_refused(root)
        self.connections = 1
        selections, listing, node_type, nested = self.connection(root, connection_type, nested_level=False)
        arguments = tuple(root.arguments or ())
        page_field = replace(root, arguments=(*arguments, _argument("first", FIRST), _argument("after", AFTER)),
                             selection_set=SelectionSetNode(selections=(*selections, _page_info())))
        variables = [_variable(FIRST, "Int", True), _variable(AFTER, "String", False)]
        if nested:
            variables.append(_variable(NESTED_FIRST, "Int", True))
        count = None
        if "totalCount" in connection_type.fields:
            count = _query(replace(root, selection_set=SelectionSetNode(selections=(_field("totalCount"),))), [])
        return BulkDocument(root_key=_key(root), root_field=root.name.value, listing=listing, nested=tuple(nested),
                            page=_query(page_field, variables), count=count, node_type=node_type)

    def paging_refused(self, field: FieldNode) -> None:
        given = sorted(a.name.value for a in field.arguments or () if a.name.value in PAGING)
        if given:
            raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{field.name.value}: leave out {', '.join(given)}; a bulk "
                                                      "query pages through every item itself.")

    def connection(self, field: FieldNode, type_: GraphQLObjectType, *, nested_level: bool,
                   ) -> tuple[tuple[SelectionNode, ...], Listing, str, list[Nested]]:
        """The connection's selections rewritten, where its nodes are, their type and their nested connections."""
        listing: Listing | None = None
        node_type: GraphQLObjectType | None = None
        nested: list[Nested] = []
        out: list[SelectionNode] = []
        for selection in _fields(field.selection_set):
            name = selection.name.value
            if name not in ("nodes", "edges"):
                out.append(selection)  # pageInfo, totalCount, __typename: asked, answered, not written
                continue
            if listing is not None or selection.directives:
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{field.name.value}: select its nodes once, as `nodes` "
                                                          "or `edges { node }`, without directives.")
            item_type = get_named_type(type_.fields[name].type)
            assert isinstance(item_type, GraphQLObjectType)
            if name == "nodes":
                node_type = item_type
                inner, nested = self.node(selection, node_type, nested_level)
                listing = Listing(nodes_key=_key(selection))
                out.append(replace(selection, selection_set=inner))
                continue
            node_fields = [f for f in _fields(selection.selection_set) if f.name.value == "node"]
            if len(node_fields) != 1 or node_fields[0].directives:
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{field.name.value}: select `node` once in `edges`.")
            [node_field] = node_fields
            node_type = get_named_type(item_type.fields["node"].type)  # type: ignore[assignment]
            assert isinstance(node_type, GraphQLObjectType)
            inner, nested = self.node(node_field, node_type, nested_level)
            listing = Listing(nodes_key=None, edges_key=_key(selection), node_key=_key(node_field))
            out.append(_field("edges", _key(selection), (replace(node_field, selection_set=inner),)))
        if listing is None or node_type is None:
            raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{field.name.value}: select its `nodes` (or `edges {{ node }}`)"
                                                      ", the items the file holds.")
        return tuple(out), listing, node_type.name, nested

    def node(self, field: FieldNode, type_: GraphQLObjectType, nested_level: bool,
             ) -> tuple[SelectionSetNode, list[Nested]]:
        nested: list[Nested] = []
        selections = self.node_selections(field.selection_set, type_, nested_level, nested)
        if nested:
            node_interface = self.schema.get_type("Node")
            if not isinstance(node_interface, GraphQLInterfaceType) or not self.schema.is_sub_type(
                    node_interface, type_):
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{type_.name} has no ID: its connections cannot be "
                                                          "exported as lines of their own.")
            selections = (*selections, _field("id", NODE_ID))
        return SelectionSetNode(selections=selections), nested

    def node_selections(self, selection_set: SelectionSetNode | None, type_: GraphQLObjectType, nested_level: bool,
                        nested: list[Nested]) -> tuple[SelectionNode, ...]:
        out: list[SelectionNode] = []
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, InlineFragmentNode):
                inner = self.node_selections(selection.selection_set, type_, nested_level, nested)
                out.append(replace(selection, selection_set=SelectionSetNode(selections=inner)))
                continue
            assert isinstance(selection, FieldNode)
            field_def = type_.fields.get(selection.name.value)
            target = get_named_type(field_def.type) if field_def is not None else None
            if not is_connection(target):
                self.no_connection_below(selection, target)
                out.append(selection)
                continue
            assert isinstance(target, GraphQLObjectType)
            if nested_level:
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{selection.name.value}: connections nest one level "
                                                          "below the root connection's nodes, not deeper.")
            self.connections += 1
            if self.connections > MAX_CONNECTIONS:
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"The query selects more than {MAX_CONNECTIONS} "
                                                          "connections.")
            if selection.directives:
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{selection.name.value}: a nested connection takes no "
                                                          "directives in a bulk query.")
            self.paging_refused(selection)
            inner, listing, _, _ = self.connection(selection, target, nested_level=True)
            selected = replace(selection, selection_set=SelectionSetNode(selections=(*inner, _page_info())))
            first = replace(selected, arguments=(*(selection.arguments or ()), _argument("first", NESTED_FIRST)))
            out.append(first)
            more = replace(selected, arguments=(*(selection.arguments or ()), _argument("first", FIRST),
                                                _argument("after", AFTER)))
            on_type = InlineFragmentNode(type_condition=NamedTypeNode(name=_name(type_.name)), directives=(),
                                         selection_set=SelectionSetNode(selections=(more,)))
            continuation = _query(_field("node", NODE, (on_type,), (_argument("id", PARENT),)), [
                _variable(PARENT, "ID", True), _variable(FIRST, "Int", True), _variable(AFTER, "String", False)])
            nested.append(Nested(key=_key(selection), listing=listing, continuation=continuation))
        return tuple(out)

    def no_connection_below(self, field: FieldNode, type_: Any) -> None:
        """A connection inside a node's object field (a contact's company's persons) has no parent line."""
        if field.selection_set is None or not isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            return
        for inner in _fields(field.selection_set):
            inner_def = type_.fields.get(inner.name.value)
            inner_type = get_named_type(inner_def.type) if inner_def is not None else None
            if is_connection(inner_type):
                raise refuse(ErrorCode.UNSUPPORTED_QUERY, f"{field.name.value}.{inner.name.value}: a connection "
                                                          "inside an object field is not exported; select it on a "
                                                          "node of a connection.")
            self.no_connection_below(inner, inner_type)
