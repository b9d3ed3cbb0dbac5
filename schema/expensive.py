"""Expensive fields take turns: within a request one at a time, and within the process as many as the
database slots allow (resolvers/capacity.py). Thirty aliased previews in one request so hold one connection,
not the whole pool; the health check and cheap reads keep theirs.

The resolvers of the expensive fields (schema/cost.py: EXPENSIVE_FIELDS, the totalCount of a root connection,
any field given a criteria argument) are wrapped once, when the schema is built.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from strawberry import UNSET

from segmentum.resolvers.capacity import expensive_slots
from segmentum.schema.cost import CRITERIA_ARGUMENTS, EXPENSIVE_FIELDS, LINE_REACHING_UPDATES, reaches_lines

Condition = Callable[[GraphQLResolveInfo, dict[str, Any]], bool]


def _always(info: GraphQLResolveInfo, args: dict[str, Any]) -> bool:
    return True


def _given_criteria(info: GraphQLResolveInfo, args: dict[str, Any]) -> bool:
    return any(args.get(name) is not None for name in CRITERIA_ARGUMENTS)


def _reaching_lines(info: GraphQLResolveInfo, args: dict[str, Any]) -> bool:
    data = args.get("input")
    # Strawberry passes the input as its object; the names the client sent are in the field's arguments.
    if data is not None and not isinstance(data, dict):
        data = {_camel(key): value for key, value in vars(data).items() if value is not UNSET}
    return reaches_lines(data)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _of_a_root_connection(info: GraphQLResolveInfo, args: dict[str, Any]) -> bool:
    # contacts { totalCount } counts a whole table; persons { totalCount } inside a page is batched.
    return info.path.prev is not None and info.path.prev.prev is None


def _condition(type_name: str, field_name: str, arguments: Any) -> Condition | None:
    if (type_name, field_name) in EXPENSIVE_FIELDS:
        return _always
    if (type_name, field_name) in LINE_REACHING_UPDATES:
        return _reaching_lines
    if field_name == "totalCount" and type_name.endswith("Connection"):
        return _of_a_root_connection
    if any(name in CRITERIA_ARGUMENTS for name in arguments):
        return _given_criteria
    return None


def _guarded(resolve: Callable[..., Any], expensive: Condition) -> Callable[..., Any]:
    def run(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        lock = getattr(info.context, "expensive_lock", None)
        if lock is None or not expensive(info, args):
            return resolve(source, info, **args)

        async def in_turn() -> Any:
            async with lock, expensive_slots():
                result = resolve(source, info, **args)
                return await result if inspect.isawaitable(result) else result

        return in_turn()

    run.__name__ = f"expensive_{getattr(resolve, '__name__', 'resolver')}"
    return run


def guard_expensive_fields(schema: GraphQLSchema) -> None:
    for type_name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            condition = _condition(type_name, field_name, field.args)
            if condition is not None and field.resolve is not None:
                field.resolve = _guarded(field.resolve, condition)
