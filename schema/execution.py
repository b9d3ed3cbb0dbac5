"""The GraphQL execution context, tuned for pages of Tortoise models. Results are the same as graphql-core's.

- Tortoise models define `__await__` (awaiting an instance gives it back), so graphql-core's awaitable check
  would take every resolved model, and every list of models item by item, down its asynchronous path: a
  coroutine and a task per object for a value that is already there. Model instances are plain values here.
- A plain attribute of scalar or enum type (a Strawberry field without resolver, arguments or middleware)
  is read and coerced directly, without building the per-field resolve info that nothing would read. Any
  case off that path (null, an error, a value that does not coerce) goes through graphql-core as usual, so
  errors are reported exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLLeafType, GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from tortoise.models import Model


def is_awaitable(value: Any) -> bool:
    return optimized_is_awaitable(value) and not isinstance(value, Model)


# (resolver, leaf type, nullable) of a plain scalar field, or None; per object type and field name.
Plain = tuple[Callable[..., Any], GraphQLLeafType, bool] | None
_plain_fields: dict[tuple[GraphQLObjectType, str], Plain] = {}


def _plain(parent_type: GraphQLObjectType, name: str) -> Plain:
    key = (parent_type, name)
    try:
        return _plain_fields[key]
    except KeyError:
        pass
    field = parent_type.fields.get(name)
    found: Plain = None
    if field is not None and not field.args:
        resolve = field.resolve
        nullable = not isinstance(field.type, GraphQLNonNull)
        leaf = field.type if nullable else field.type.of_type
        # Strawberry's resolver for a field without resolver function: it reads the attribute, ignoring info.
        if resolve is not None and getattr(resolve, "__name__", "") == "_get_basic_result" and is_leaf_type(leaf):
            found = (resolve, leaf, nullable)
    _plain_fields[key] = found
    return found


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = is_awaitable  # type: ignore[assignment]
        manager = self.middleware_manager
        self.direct_leaves = manager is None or not manager.middlewares

    def execute_field(self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any, path: Any,
                      position_context: Any) -> Any:
        if self.direct_leaves:
            plain = _plain(parent_type, field_details_list[0].node.name.value)
            if plain is not None:
                resolve, leaf, nullable = plain
                try:
                    value = resolve(source, None)
                    if value is None and nullable:
                        return None
                    if value is not None and not is_awaitable(value):
                        coerced = leaf.coerce_output_value(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # noqa: BLE001, S110 - reported by the regular path below
                    pass
        return super().execute_field(parent_type, source, field_details_list, path, position_context)
