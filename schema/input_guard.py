"""Every argument of every field is checked before its resolver runs, in one walk over the coerced values:
no string with a NUL character or an unpaired surrogate (PostgreSQL and the drivers refuse both), no list
longer than MAX_LIST_ITEMS, no decimal that is not finite or does not fit the amount columns.

A bad value of a mutation's input is a userError INVALID naming its path (["input", "name"]), and the
mutation does not run; elsewhere it is a BAD_USER_INPUT error whose message starts with the argument's path,
the path also in `extensions.fields`. Messages quote a short prefix of the value at most.

The resolvers are wrapped once, when the schema is built (`guard_arguments`): every field with arguments.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from graphql import GraphQLError, GraphQLNonNull, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from strawberry.relay import GlobalID

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import shown
from segmentum.schema.errors import BAD_USER_INPUT, InputError

MAX_LIST_ITEMS = 1_000
# Amounts are numeric(18, 2): below 10^16.
MAX_DECIMAL = Decimal(10) ** 16

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    if "\x00" in value:
        return f"{shown(value)} contains a NUL character"
    if not value.isascii() and _SURROGATE.search(value):
        return f"{shown(value)} contains an unpaired surrogate"
    return None


def _problem(value: Any) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        return f"the list holds {len(value):,} items; at most {MAX_LIST_ITEMS:,} are allowed"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f"{shown(value)} is not a finite number"
        if value.copy_abs() >= MAX_DECIMAL:
            return f"{shown(value)} is too large (at most 16 digits before the decimal point)"
    if isinstance(value, GlobalID):
        return text_problem(value.type_name) or text_problem(value.node_id)
    return None


def _children(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        yield from ((str(k), v) for k, v in value.items())
    elif isinstance(value, list):
        yield from ((str(i), v) for i, v in enumerate(value))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))


def first_problem(args: dict[str, Any]) -> tuple[list[str], str] | None:
    """(path, problem) of the first bad value in `args`, in argument order; None when all are fine."""
    stack: list[tuple[list[str], Any]] = [([name], value) for name, value in reversed(args.items())]
    while stack:
        path, value = stack.pop()
        problem = _problem(value)
        if problem is not None:
            return path, problem
        children = list(_children(value))
        stack.extend((path + [name], child) for name, child in reversed(children))
    return None


def bad_argument(path: list[str], problem: str) -> GraphQLError:
    return GraphQLError(f"{'.'.join(path)}: {problem}.", extensions={"code": BAD_USER_INPUT, "fields": [path],
                                                                      "argumentPath": path})


def _error_payload(payload: type) -> Callable[[list[str], str], Any]:
    """A payload of the mutation that only carries the userError; its other fields take their defaults."""
    required = [f.name for f in dataclasses.fields(payload)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                and f.name != "user_errors"]

    def build(path: list[str], problem: str) -> Any:
        error = InputError(field=path, message=f"{problem[0].upper()}{problem[1:]}.", code=ErrorCode.INVALID)
        return payload(**dict.fromkeys(required), user_errors=[error])

    return build


def _payload_class(field_type: Any) -> type | None:
    named = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    definition = (getattr(named, "extensions", None) or {}).get("strawberry-definition")
    origin = getattr(definition, "origin", None)
    if isinstance(origin, type) and dataclasses.is_dataclass(origin) and any(
            f.name == "user_errors" for f in dataclasses.fields(origin)):
        return origin
    return None


def _guarded(resolve: Callable[..., Any], payload: Callable[[list[str], str], Any] | None) -> Callable[..., Any]:
    def run(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        found = first_problem(args) if args else None
        if found is None:
            return resolve(source, info, **args)
        path, problem = found
        if payload is not None:
            return payload(path, problem)
        raise bad_argument(path, problem)

    run.__name__ = f"guarded_{getattr(resolve, '__name__', 'resolver')}"
    return run


def guard_arguments(schema: GraphQLSchema) -> None:
    mutation = schema.mutation_type
    for type_name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field in graphql_type.fields.values():
            if not field.args or field.resolve is None:
                continue
            payload_class = _payload_class(field.type) if graphql_type is mutation else None
            field.resolve = _guarded(field.resolve, _error_payload(payload_class) if payload_class else None)
