"""Persisted and registered documents, compiled: a query known by its hash is planned once (schema/compile_plan.py)
and then answered from its plan, without graphql-core's execution, per-field resolvers or loaders.

Every request still passes what the general path checks: the document parsed within the token limit, its shape
(depth, aliases, fragments), validation and the operation to run, once at compile time; per request the variables
are coerced, every argument goes through the argument guard, the cost with these variables is within the budget
(an expensive one takes the general path, which takes its concurrency lease), and the key was checked before (its
rate too). Whatever does not fit (a bad variable, a refused argument, a malformed cursor or criteria, a failure)
is answered by the general path, which reports it as it always does: a compiled answer is only ever a success.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.types.arguments import convert_arguments

from segmentum.config.settings import Settings
from segmentum.resolvers.readplan import ContactsRunner
from segmentum.schema.compile_plan import NotPlanned, plan_operation
from segmentum.schema.contacts.inputs import OrderDirection
from segmentum.schema.cost import query_cost
from segmentum.schema.document_cache import SizedLRU, cacheable, weight
from segmentum.schema.document_shape import Limits, operation_name_error, shape_errors
from segmentum.schema.input_guard import first_problem
from segmentum.schema.inputs import plain
from segmentum.schema.throttle import Lease, Refusal, Throttle

logger = logging.getLogger("segmentum.compiled")


class Compiled:
    """One operation of one document, planned."""

    def __init__(self, schema: Any, settings: Settings, document: Any, operation: OperationDefinitionNode,
                 operation_name: str | None, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema, self.settings, self.document = schema, settings, document
        self.operation, self.operation_name = operation, operation_name
        plan, self.field_node = plan_operation(schema._schema, operation, fragments)
        self.plan = plan
        self.field_def = schema._schema.query_type.fields[plan.field]
        self.strawberry_field = self.field_def.extensions["strawberry-definition"]
        self.runner = ContactsRunner(plan)

    async def answer(self, variables: dict[str, Any] | None, lease: Leasing) -> dict[str, Any] | None:
        """{"data": ...}, or None when the general path is to answer."""
        graphql_schema = self.schema._schema
        coerced = get_variable_values(graphql_schema, self.operation.variable_definitions or (), variables or {},
                                      max_errors=1)
        if isinstance(coerced, list):
            return None
        try:
            args = get_argument_values(self.field_def, self.field_node, coerced)
        except GraphQLError:
            return None
        if first_problem(args) is not None:
            return None
        settings = self.settings
        cost = query_cost(graphql_schema, self.document, self.operation_name, variables, settings.max_page_size)
        if cost > settings.max_query_cost:
            return None
        taken = await lease.acquire() if cost >= settings.expensive_cost else None
        if isinstance(taken, Refusal):
            return None  # the general path answers RATE_LIMITED
        try:
            return await self.run(args)
        finally:
            if taken is not None:
                await lease.release(taken)

    async def run(self, args: dict[str, Any]) -> dict[str, Any] | None:
        kwargs = convert_arguments(args, self.strawberry_field.arguments,
                                   scalar_registry=self.schema.schema_converter.scalar_registry,
                                   config=self.schema.config)
        order = [(o.field.value, o.direction == OrderDirection.DESC) for o in kwargs.get("order_by") or []]
        criteria = plain(kwargs["filter"]) if kwargs.get("filter") is not None else None
        try:
            connection = await self.runner.answer(
                first=kwargs.get("first"), after=kwargs.get("after"), last=kwargs.get("last"),
                before=kwargs.get("before"), criteria=criteria, order=order or None)
        except Exception:  # noqa: BLE001 - the general path answers (and reports) whatever went wrong
            logger.debug("The plan of %s did not answer; the general path does", self.operation_name,
                         exc_info=True)
            return None
        return {"data": {self.plan.key: connection}}


class Leasing:
    """The key's concurrency lease for an expensive request (schema/throttle.py), as the general path takes it."""

    def __init__(self, throttle: Throttle | None, key_name: str, redis: Any) -> None:
        self.throttle, self.key_name, self.redis = throttle, key_name, redis

    async def acquire(self) -> Lease | Refusal | None:
        return await self.throttle.acquire(self.key_name, self.redis) if self.throttle is not None else None

    async def release(self, lease: Lease | Refusal | None) -> None:
        if self.throttle is not None and isinstance(lease, Lease):
            await self.throttle.release(lease)


class CompiledDocuments:
    """The compiled operations of persisted documents, by hash and operation name (None: not compilable)."""

    def __init__(self, schema: Any, settings: Settings) -> None:
        self.schema, self.settings = schema, settings
        self.limits = Limits(max_depth=settings.max_query_depth, max_aliases=settings.max_aliases,
                             max_fragment_depth=settings.max_fragment_depth,
                             max_repeats=settings.max_field_repeats)
        # Bounded by bytes, as the parsed documents are (schema/document_cache.py); an entry weighs its text's
        # syntax tree (the plan is small beside it).
        self._cache: SizedLRU[tuple[str, str | None], Compiled | None] = SizedLRU(settings.document_cache_bytes)
        self.answered = 0  # requests answered from a plan (for tests and diagnostics)

    async def answer(self, sha: str, text: str, operation_name: str | None, variables: dict[str, Any] | None,
                     lease: Leasing) -> dict[str, Any] | None:
        """The answer from the document's plan, or None when the general path is to answer."""
        compiled = self.get(sha, text, operation_name)
        answer = await compiled.answer(variables, lease) if compiled is not None else None
        if answer is not None:
            self.answered += 1
        return answer

    def get(self, sha: str, text: str, operation_name: str | None) -> Compiled | None:
        if not cacheable(text):
            return None  # longer than a client's document needs to be: the general path answers
        key = (sha, operation_name)
        if key in self._cache:
            return self._cache.get(key)
        compiled = self.compile(text, operation_name)
        self._cache.put(key, compiled, weight(text))
        return compiled

    def compile(self, text: str, operation_name: str | None) -> Compiled | None:
        try:
            document = parse(text, max_tokens=self.settings.max_tokens)
        except GraphQLError:
            return None
        if operation_name_error(document, operation_name) is not None or shape_errors(document, self.limits):
            return None
        if validate(self.schema._schema, document):
            return None
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return None
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        try:
            return Compiled(self.schema, self.settings, document, operation, operation_name, fragments)
        except (NotPlanned, KeyError):
            return None
