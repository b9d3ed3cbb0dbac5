"""The shape of a document, measured before graphql-core validates it: depth, aliases, fragment nesting and
fragment cycles, and which operation runs.

graphql-core's validation and execution walk fragment spreads recursively, so a long chain of fragments (or one
that spreads itself) costs them deep recursion; strawberry's depth and alias limiters follow every spread anew,
so fragments that spread the next one three times cost them 3^n. Here every selection set is read once, without
recursion: each fragment is summarised once (its depth, its aliases as they would run, its longest chain of
spreads) and a spread adds the summary of its fragment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TokenKind,
)

from segmentum.schema.field_repeats import repeat_errors
from segmentum.schema.transport import MAX_INTEGER_CHARS

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
FRAGMENTS_TOO_DEEP = "FRAGMENTS_TOO_DEEP"
TOO_MANY_INTROSPECTIONS = "TOO_MANY_INTROSPECTIONS"
# `__schema` fields per document: a full introspection answers some 320 KB in 0.3 s, and a client needs it once.
MAX_SCHEMA_INTROSPECTIONS = 1
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_fragment_depth: int
    # Copies of one response name in one selection set (schema/field_repeats.py).
    max_repeats: int = 20


@dataclass
class Summary:
    """What one selection set (with the fragments it spreads) amounts to."""

    depth: int = -1  # deepest field, the set's own fields at 0 (-1: no counted field); introspection not counted
    aliases: int = 0  # aliased fields as they would run: a fragment counts each time it is spread
    chain: int = 0  # longest chain of nested fragment spreads
    schemas: int = 0  # `__schema` fields as they would run


@dataclass
class _Local:
    """A selection set read without following its spreads."""

    depth: int = -1
    aliases: int = 0
    schemas: int = 0
    # (depth the spread sits at, or None inside an introspection field; fragment name)
    spreads: list[tuple[int | None, str]] = field(default_factory=list)


def _read(selection_set: SelectionSetNode) -> _Local:
    local = _Local()
    stack: list[tuple[SelectionSetNode, int | None]] = [(selection_set, 0)]
    while stack:
        node, level = stack.pop()
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                if selection.alias is not None:
                    local.aliases += 1
                if selection.name.value == "__schema":
                    local.schemas += 1
                if level is not None and not selection.name.value.startswith("__"):
                    local.depth = max(local.depth, level)
                if selection.selection_set is not None:
                    # Introspection (__schema, __type) nests deeply by design; it is not counted.
                    counted = level is not None and not selection.name.value.startswith("__")
                    stack.append((selection.selection_set, level + 1 if counted and level is not None else None))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, level))
            elif isinstance(selection, FragmentSpreadNode):
                local.spreads.append((level, selection.name.value))
    return local


class _CycleError(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _fragment_summaries(document: DocumentNode) -> dict[str, Summary]:
    """Each fragment's summary, in one post-order walk of the spread graph (no recursion); a cycle raises."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    locals_: dict[str, _Local] = {}
    done: dict[str, Summary] = {}
    active: set[str] = set()
    for root in fragments:
        if root in done:
            continue
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            name, children_done = stack.pop()
            if name in done:
                continue
            local = locals_.get(name)
            if local is None:
                local = locals_[name] = _read(fragments[name].selection_set)
            if not children_done:
                if name in active:
                    raise _CycleError(name)
                active.add(name)
                stack.append((name, True))
                for _, target in local.spreads:
                    if target in fragments and target not in done:
                        if target in active:
                            raise _CycleError(target)
                        stack.append((target, False))
                continue
            active.discard(name)
            done[name] = _combine(local, done)
    return done


def _combine(local: _Local, summaries: dict[str, Summary]) -> Summary:
    summary = Summary(depth=local.depth, aliases=local.aliases, schemas=local.schemas)
    for level, target in local.spreads:
        spread = summaries.get(target)
        if spread is None:  # an unknown fragment: graphql-core's validation names it
            continue
        summary.aliases += spread.aliases
        summary.schemas += spread.schemas
        summary.chain = max(summary.chain, spread.chain + 1)
        if level is not None and spread.depth >= 0:
            summary.depth = max(summary.depth, level + spread.depth)
    return summary


def operation_count(document: DocumentNode) -> int:
    return sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)


def long_integer_error(document: DocumentNode) -> GraphQLError | None:
    """An integer literal longer than any field takes: graphql-core's validation would quote Python's refusal
    to convert it (int_max_str_digits). Read from the document's tokens, once each."""
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        if token.kind == TokenKind.INT and token.value is not None and len(token.value) > MAX_INTEGER_CHARS:
            digits = len(token.value.lstrip("-"))
            return GraphQLError(f"An integer of {digits:,} digits at line {token.line}, column {token.column}: "
                                f"at most {MAX_INTEGER_CHARS} characters are accepted.",
                                extensions={"code": GRAPHQL_VALIDATION_FAILED})
        token = token.next
    return None


def shape_errors(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """Errors for a document over the depth, alias or fragment limits, with a fragment cycle or an integer
    longer than any field takes."""
    too_long = long_integer_error(document)
    if too_long is not None:
        return [too_long]
    try:
        fragments = _fragment_summaries(document)
    except _CycleError as cycle:
        return [GraphQLError(f"Cannot spread fragment '{cycle.name}' within itself.",
                             extensions={"code": GRAPHQL_VALIDATION_FAILED})]
    errors: list[GraphQLError] = []
    aliases = schemas = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        summary = _combine(_read(definition.selection_set), fragments)
        name = definition.name.value if definition.name else "anonymous"
        aliases += summary.aliases
        schemas += summary.schemas
        if summary.depth > limits.max_depth:
            errors.append(GraphQLError(
                f"'{name}' is {summary.depth} levels deep, more than the maximum operation depth of "
                f"{limits.max_depth}.", definition, extensions={"code": QUERY_TOO_DEEP}))
        if summary.chain > limits.max_fragment_depth:
            errors.append(GraphQLError(
                f"'{name}' nests fragment spreads {summary.chain} deep, more than the maximum of "
                f"{limits.max_fragment_depth}.", definition, extensions={"code": FRAGMENTS_TOO_DEEP}))
    if aliases > limits.max_aliases:
        errors.append(GraphQLError(f"{aliases} aliases found (fragments counted each time they are spread). "
                                   f"Allowed: {limits.max_aliases}.", extensions={"code": TOO_MANY_ALIASES}))
    if schemas > MAX_SCHEMA_INTROSPECTIONS:
        errors.append(GraphQLError(f"{schemas} `__schema` introspections found (fragments counted each time they "
                                   f"are spread). Allowed: {MAX_SCHEMA_INTROSPECTIONS}.",
                                   extensions={"code": TOO_MANY_INTROSPECTIONS}))
    # Read only once the fragments are known to be acyclic and their chains short.
    return errors or repeat_errors(document, limits.max_repeats)


def operation_name_error(document: DocumentNode, operation_name: str | None) -> GraphQLError | None:
    """A document with several operations must say which one to run (strawberry would run the first)."""
    if operation_name is None and operation_count(document) > 1:
        return GraphQLError("Must provide operation name if query contains multiple operations.",
                            extensions={"code": GRAPHQL_VALIDATION_FAILED})
    return None
