"""Query limits, on by default: document shape (depth, aliases, fragments), tokens, cost and per-key
concurrency; every error coded, internal errors masked, messages and logs cut to a short length."""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError, parse
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.schema.schema import validate_document

from segmentum.config.settings import Settings
from segmentum.models.db_errors import is_timeout
from segmentum.models.errors import DomainError, clipped
from segmentum.resolvers.pagination import PaginationError
from segmentum.schema.audit.recording import AuditRefusals
from segmentum.schema.auth import AuthorizationGate
from segmentum.schema.availability import (
    RETRY_AFTER_S,
    SERVICE_UNAVAILABLE,
    availability,
    reason_of,
    unavailable_service,
)
from segmentum.schema.cost import query_cost
from segmentum.schema.document_cache import DocumentCache
from segmentum.schema.document_shape import GRAPHQL_VALIDATION_FAILED, Limits, operation_name_error, shape_errors
from segmentum.schema.errors import BAD_USER_INPUT, INTERNAL_SERVER_ERROR, coded_error, refused_arguments
from segmentum.schema.throttle import RATE_LIMITED, Lease, Refusal

logger = logging.getLogger("segmentum.graphql")

TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
TIMEOUT = "TIMEOUT"

MAX_MESSAGE = 300  # characters of an error message
MAX_LOG_LINE = 500  # characters of one logged line

# Raised inside resolvers for bad arguments: the message is for the client.
USER_INPUT_ERRORS: tuple[type[Exception], ...] = (PaginationError, DomainError, GlobalIDValueError)


def with_code(error: GraphQLError, code: str, **extra: Any) -> GraphQLError:
    """A copy of `error` carrying extensions.code (errors may be shared through the validation cache), its
    message cut to MAX_MESSAGE characters."""
    return GraphQLError(clipped(error.message, MAX_MESSAGE), error.nodes, error.source, error.positions,
                        error.path, error.original_error,
                        extensions={**(error.extensions or {}), "code": code, **extra})


class CachedParse(SchemaExtension):
    """Parses through the process's document cache (schema/document_cache.py: bounded by bytes, long documents
    not kept), and leaves a syntax error to strawberry's own parse, which reports it inside the operation (so
    that the error is coded like any other) instead of escaping the extension hooks."""

    def __init__(self, cache: DocumentCache) -> None:
        self.cache = cache

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.query is not None:
            cached = self.cache.document(ctx.query, ctx.parse_options)
            if cached is not None:
                ctx.graphql_document = cached.document
            else:
                try:
                    ctx.graphql_document = parse(ctx.query, **ctx.parse_options)
                except GraphQLError:
                    pass
                else:
                    self.cache.keep(ctx.query, ctx.parse_options, ctx.graphql_document)
        yield


class ShapedValidation(SchemaExtension):
    """The document's shape first (schema/document_shape.py: linear, no recursion), then graphql-core's
    validation (kept with the cached document) only for a document within the limits; and one operation to
    run."""

    def __init__(self, limits: Limits, cache: DocumentCache) -> None:
        self.limits = limits
        self.cache = cache

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        assert document is not None
        # strawberry runs the first operation when none is named; graphql-core would refuse.
        unnamed = operation_name_error(document, getattr(ctx, "_provided_operation_name", None))
        errors = [unnamed] if unnamed is not None else shape_errors(document, self.limits)
        if not errors:
            rules = tuple(ctx.validation_rules)
            cached = self.cache.document(ctx.query, ctx.parse_options) if ctx.query is not None else None
            if cached is not None and cached.document is document and rules in cached.validations:
                errors = cached.validations[rules]
            else:
                errors = validate_document(ctx.schema._schema, document, rules)
                if cached is not None and cached.document is document:
                    cached.validations[rules] = errors
        ctx.pre_execution_errors = errors
        yield


class QueryCostLimiter(SchemaExtension):
    """Refuses, before anything runs, an operation whose estimated cost is over the budget; an expensive one
    runs only while its API key holds a concurrency lease (schema/throttle.py)."""

    def __init__(self, max_cost: int, max_page_size: int, expensive_cost: int) -> None:
        self.max_cost = max_cost
        self.max_page_size = max_page_size
        self.expensive_cost = expensive_cost

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        lease: Lease | None = None
        if ctx.result is None and ctx.graphql_document is not None:
            cost = query_cost(ctx.schema._schema, ctx.graphql_document, ctx.operation_name,
                              ctx.variables, self.max_page_size)
            if cost > self.max_cost:
                ctx.result = GraphQLExecutionResult(data=None, errors=[coded_error(
                    f"The query costs {cost}, more than the budget of {self.max_cost}; "
                    "ask for fewer fields or smaller pages.", QUERY_TOO_COMPLEX, cost=cost,
                    maxCost=self.max_cost)])
            elif cost >= self.expensive_cost:
                taken = await self.lease(cost)
                if isinstance(taken, Refusal):
                    ctx.result = GraphQLExecutionResult(data=None, errors=[coded_error(
                        taken.message, RATE_LIMITED, retryAfter=taken.retry_after, cost=cost)])
                else:
                    lease = taken
        try:
            yield
        finally:
            if lease is not None:
                throttle = getattr(self.execution_context.context, "throttle", None)
                if throttle is not None:
                    await throttle.release(lease)

    async def lease(self, cost: int) -> Lease | Refusal | None:
        context = self.execution_context.context
        throttle = getattr(context, "throttle", None)
        viewer = getattr(context, "viewer", None)
        if throttle is None or viewer is None:
            return None
        return await throttle.acquire(viewer.name, getattr(context, "queue", None))


class ErrorShaping(SchemaExtension):
    """Gives every error an extensions.code; masks (and logs) the ones that are not meant for clients.

    Listed first, so that it sees the result after every other extension.
    """

    def __init__(self) -> None:
        self.validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        self.validation_errors = {id(e) for e in self.execution_context.pre_execution_errors or ()}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            result.errors = [self.shape(e) for e in result.errors or ()]

    def request_id(self) -> str:
        rid = getattr(self.execution_context.context, "request_id", None)
        return str(rid) if rid else uuid.uuid4().hex[:16]

    def shape(self, error: GraphQLError) -> GraphQLError:
        code = (error.extensions or {}).get("code")
        if code:
            return error if len(error.message) <= MAX_MESSAGE else with_code(error, code)
        original = error.original_error
        if error.path is None:
            # Raised before any resolver ran: the document or the variables are at fault.
            if isinstance(error, GraphQLSyntaxError):
                code = TOO_MANY_TOKENS if "tokens. Parsing aborted" in error.message else GRAPHQL_PARSE_FAILED
                return with_code(error, code)
            if id(error) in self.validation_errors:
                return with_code(error, GRAPHQL_VALIDATION_FAILED)
            return with_code(error, BAD_USER_INPUT)
        if isinstance(original, DomainError):
            message, extensions = refused_arguments(original)
            return GraphQLError(message, error.nodes, error.source, error.positions, error.path, original,
                                extensions=extensions)
        if isinstance(original, USER_INPUT_ERRORS):
            coded: dict[str, Any] = {"code": BAD_USER_INPUT}
            if isinstance(original, PaginationError) and original.argument:
                coded["argumentPath"] = [original.argument]
            return GraphQLError(clipped(str(original), MAX_MESSAGE), error.nodes, error.source, error.positions,
                                error.path, original, extensions=coded)
        if original is not None and is_timeout(original):
            return GraphQLError(timeout_message(self.execution_context.context), error.nodes, error.source,
                                error.positions, error.path, original, extensions={"code": TIMEOUT})
        service = unavailable_service(original) if original is not None else None
        if service is not None:
            # Logged once per outage by `availability`, not with a traceback per field.
            availability.failed(service, reason_of(original))  # type: ignore[arg-type]
            return GraphQLError(availability.message(service), error.nodes, error.source, error.positions,
                                error.path, original,
                                extensions={"code": SERVICE_UNAVAILABLE, "retryAfter": RETRY_AFTER_S})
        return mask(error, self.request_id())


def timeout_message(context: Any) -> str:
    settings = getattr(context, "settings", None)
    limit = f" of {settings.statement_timeout_ms:,} ms" if settings is not None else ""
    return (f"The database took longer than the limit{limit} and the statement was canceled; nothing was "
            "written. Narrow the request or try again later.")


def mask(error: GraphQLError, request_id: str) -> GraphQLError:
    """The client sees only that something failed, and the id under which it was logged."""
    original = error.original_error or error
    logger.error("Internal error in request %s at %s: %s\n%s", request_id, error.path,
                 clipped(error.message, MAX_LOG_LINE), short_traceback(original))
    return GraphQLError("Internal server error", error.nodes, error.source, error.positions, error.path,
                        extensions={"code": INTERNAL_SERVER_ERROR, "requestId": request_id})


def short_traceback(exc: BaseException) -> str:
    """The traceback of `exc` with every line cut to MAX_LOG_LINE characters: an exception may quote a whole
    input value (a 900 KB code in a validation message), which must not reach the log whole."""
    lines = "".join(traceback.format_exception(exc)).splitlines()
    return "\n".join(clipped(line, MAX_LOG_LINE) for line in lines)


def limit_extensions(settings: Settings) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    limits = Limits(max_depth=settings.max_query_depth, max_aliases=settings.max_aliases,
                    max_fragment_depth=settings.max_fragment_depth,
                    max_repeats=settings.max_field_repeats)
    # One per schema: every request of the process shares it.
    cache = DocumentCache(settings.document_cache_bytes)
    return [
        ErrorShaping,
        # Around the gates below: sees a mutation they refused.
        AuditRefusals,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: CachedParse(cache),
        lambda: ShapedValidation(limits, cache),
        AuthorizationGate,
        lambda: QueryCostLimiter(settings.max_query_cost, settings.max_page_size, settings.expensive_cost),
    ]
