"""The GraphQL execution context, tuned for pages of Tortoise models. Results are the same as graphql-core's.

graphql-core executes every field of every object alike: a path, a resolve info, the resolver behind
Strawberry's argument conversion, an awaitable check, a completion. On a page of contacts that is some two
thousand field executions for values that are already in memory. Here the fields of a selection set are
sorted out once per request (a plan per collected field set, shared by every object of a list):

- a plain attribute of scalar or enum type (a Strawberry field without resolver, arguments or extensions)
  is read and coerced directly;
- a resolver that takes only `self` and `info` (no arguments, no field extensions, no exception handlers)
  is called directly, with the same resolve info graphql-core would build, and its value completed as
  graphql-core completes it;
- `__typename` is the type's name;
- everything else goes through graphql-core as usual.

Any case off the direct path (null for a non-null field, an exception, a value that does not coerce) is
handed to graphql-core's own execution of that field, so errors and their paths are reported as before.

Tortoise models define `__await__` (awaiting an instance gives it back), so graphql-core's awaitable check
would take every resolved model, and every list of models item by item, down its asynchronous path: a
coroutine and a task per object for a value that is already there. Model instances are plain values here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    TypeNameMetaFieldDef,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, gather_with_cancel
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField
from tortoise.models import Model

_NEVER_AWAITABLE = frozenset({type(None), bool, int, float, str, list, dict, tuple})


def is_awaitable(value: Any) -> bool:
    if type(value) in _NEVER_AWAITABLE or isinstance(value, Model):
        return False
    return optimized_is_awaitable(value)


# How a field is resolved, decided once per resolver function.
GENERIC, ATTRIBUTE, CALL, TYPENAME = range(4)


class Resolution(NamedTuple):
    kind: int
    # ATTRIBUTE: the attribute's name; CALL: the resolver's function and the name of its info parameter.
    name: str = ""
    function: Callable[..., Any] | None = None
    field: StrawberryField | None = None


_GENERIC = Resolution(GENERIC)
_resolutions: WeakKeyDictionary[Callable[..., Any], Resolution] = WeakKeyDictionary()


def _closure(function: Callable[..., Any]) -> dict[str, Any]:
    cells = getattr(function, "__closure__", None) or ()
    return {name: cell.cell_contents for name, cell in zip(function.__code__.co_freevars, cells, strict=True)}


def _resolution_of(field_def: GraphQLField) -> Resolution:
    """ATTRIBUTE or CALL for the two resolvers Strawberry builds for a field (`from_resolver`), when nothing
    else (arguments, field extensions, exception handlers, a wrapper) stands in between; else GENERIC."""
    resolve = field_def.resolve
    field = field_def.extensions.get("strawberry-definition")
    if resolve is None or not isinstance(field, StrawberryField) or field_def.args or field.extensions:
        return _GENERIC
    owner = getattr(resolve, "__qualname__", "")
    if not owner.startswith("GraphQLCoreConverter.from_resolver.<locals>."):
        return _GENERIC
    variables = _closure(resolve)
    if resolve.__name__ == "_get_basic_result":
        if field.base_resolver is None and field.default_resolver is getattr:
            return Resolution(ATTRIBUTE, field.python_name)
        return _GENERIC
    resolver = field.base_resolver
    if (resolve.__name__ != "_resolver" or variables.get("field_exception_handlers") or resolver is None
            or resolver.is_async or field.arguments or resolver.parent_parameter or resolver.root_parameter
            or not resolver.self_parameter or resolver.info_parameter is None):
        return _GENERIC
    names = list(resolver.signature.parameters)
    if names != [resolver.self_parameter.name, resolver.info_parameter.name]:
        return _GENERIC
    function = resolver.wrapped_func
    if not inspect.isfunction(function):
        return _GENERIC
    return Resolution(CALL, resolver.info_parameter.name, function, field)


def resolution(field_def: GraphQLField) -> Resolution:
    if field_def is TypeNameMetaFieldDef:
        return Resolution(TYPENAME)
    resolve = field_def.resolve
    if resolve is None:
        return _GENERIC
    try:
        return _resolutions[resolve]
    except (KeyError, TypeError):
        pass
    found = _resolution_of(field_def)
    try:
        _resolutions[resolve] = found
    except TypeError:  # not weakly referenceable: decided again next time
        pass
    return found


class Step(NamedTuple):
    """One field of a plan: the response key and how to get its value."""

    response_name: str
    kind: int
    field_details_list: list[FieldDetails]
    field_def: GraphQLField | None
    name: str
    # ATTRIBUTE: the leaf type and whether null is allowed; CALL: the function, field and field nodes.
    leaf: GraphQLLeafType | None
    nullable: bool
    function: Callable[..., Any] | None
    field: StrawberryField | None
    nodes: list[Any]


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = is_awaitable  # type: ignore[assignment]
        manager = self.middleware_manager
        # Middleware wraps every resolver: then nothing is resolved directly.
        self.direct = manager is None or not manager.middlewares
        # id of a collected field set -> (the field set, kept alive so that its id stays its own; its plan)
        self._plans: dict[int, tuple[Any, list[Step]]] = {}
        # Strawberry's Info class, as its resolvers receive it.
        self.info_class = self.schema._strawberry_schema.config.info_class  # type: ignore[attr-defined]

    def plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[Step]:
        steps: list[Step] = []
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            field_def = self.schema.get_field(parent_type, node.name.value)
            how = resolution(field_def) if field_def is not None and self.direct else _GENERIC
            kind, leaf, nullable = how.kind, None, True
            if kind == ATTRIBUTE:
                assert field_def is not None
                nullable = not isinstance(field_def.type, GraphQLNonNull)
                named = field_def.type if nullable else field_def.type.of_type  # type: ignore[union-attr]
                if is_leaf_type(named):
                    leaf = named  # type: ignore[assignment]
                else:
                    kind = GENERIC
            if kind == CALL and node.arguments:
                kind = GENERIC  # graphql-core reports arguments the field does not take
            nodes = [details.node for details in field_details_list]
            steps.append(Step(response_name, kind, field_details_list, field_def, how.name, leaf, nullable,
                              how.function, how.field, nodes))
        return steps

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Path | None,
                       grouped_field_set: Any, position_context: Any) -> Any:
        known = self._plans.get(id(grouped_field_set))
        if known is None or known[0] is not grouped_field_set:
            known = (grouped_field_set, self.plan(parent_type, grouped_field_set))
            self._plans[id(grouped_field_set)] = known
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for step in known[1]:
                kind = step.kind
                if kind == ATTRIBUTE:
                    value = self.attribute(step, source_value)
                    if value is not Undefined:
                        results[step.response_name] = value
                        continue
                elif kind == TYPENAME:
                    results[step.response_name] = parent_type.name
                    continue
                field_path = Path(path, step.response_name, parent_type.name)
                if kind == CALL:
                    result = self.call(step, parent_type, source_value, field_path, position_context)
                else:
                    result = self.execute_field(parent_type, source_value, step.field_details_list, field_path,
                                                position_context)
                if result is not Undefined:
                    results[step.response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(step.response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self.gather_fields(results, awaitable_fields)

    @staticmethod
    async def gather_fields(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
        # The rest of graphql-core's execute_fields: settle the fields that are still pending.
        if len(awaitable_fields) == 1:
            name = awaitable_fields[0]
            results[name] = await results[name]
        else:
            awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    def complete_value(self, return_type: GraphQLOutputType, field_details_list: Any, info: Any, path: Any,
                       result: Any, position_context: Any) -> Any:
        # An object (non-null or not) that is there goes straight to its fields; everything else, null and
        # errors included, is graphql-core's.
        inner = return_type.of_type if type(return_type) is GraphQLNonNull else return_type
        if (type(inner) is GraphQLObjectType and result is not None and result is not Undefined
                and not isinstance(result, Exception)):
            return self.complete_object_value(inner, field_details_list, info, path, result, position_context)
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    def complete_object_value(self, return_type: GraphQLObjectType, field_details_list: Any, info: Any, path: Any,
                              result: Any, position_context: Any) -> Any:
        is_type_of = return_type.is_type_of
        if is_type_of is not None:
            matches = is_type_of(result, info)
            if not matches or is_awaitable(matches):
                return super().complete_object_value(return_type, field_details_list, info, path, result,
                                                     position_context)
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(return_type, field_details_list)
        if new_defer_usages or position_context is not None:
            return self.execute_collected_subfields(return_type, result, path, grouped_field_set,
                                                    new_defer_usages, position_context)
        return self.execute_fields(return_type, result, path, grouped_field_set, None)

    @staticmethod
    def attribute(step: Step, source: Any) -> Any:
        """The coerced value of a plain leaf attribute, or Undefined when graphql-core should have its say."""
        try:
            value = getattr(source, step.name)
            if value is None:
                return None if step.nullable else Undefined
            coerced = step.leaf.coerce_output_value(value)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - reported by graphql-core's path
            return Undefined
        return Undefined if coerced is None else coerced

    def call(self, step: Step, parent_type: GraphQLObjectType, source: Any, path: Path,
             position_context: Any) -> Any:
        """graphql-core's execute_field for a resolver of `self` and `info` only, called without the layers
        between: the same resolve info, the same completion and error handling."""
        field_def = step.field_def
        assert field_def is not None and step.function is not None
        return_type: GraphQLOutputType = field_def.type
        info = self.build_resolve_info(field_def, step.nodes, parent_type, path)
        field_details_list = step.field_details_list
        try:
            result = step.function(source, **{step.name: self.info_class(_raw_info=info, _field=step.field)})
            if is_awaitable(result):
                return self.complete_awaitable_value(return_type, field_details_list, info, path, result,
                                                     position_context)
            completed = self.complete_value(return_type, field_details_list, info, path, result,
                                            position_context)
            if is_awaitable(completed):
                return self.await_completed(completed, return_type, field_details_list, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    async def await_completed(self, completed: Any, return_type: GraphQLOutputType,
                              field_details_list: list[FieldDetails], path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

