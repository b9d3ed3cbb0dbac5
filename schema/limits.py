"""Query limits, on by default: depth, aliases, tokens, cost; every error coded, internal errors masked."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from graphql import ASTValidationRule, GraphQLError, GraphQLSyntaxError, ValidationContext
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.relay.types import GlobalIDValueError

from config.settings import Settings
from models.errors import DomainError
from resolvers.pagination import PaginationError
from schema.auth import AuthorizationGate
from schema.cost import query_cost
from schema.errors import BAD_USER_INPUT, INTERNAL_SERVER_ERROR, coded_error, refused_arguments

logger = logging.getLogger("segmentum.graphql")

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"

CACHE_SIZE = 512

# Raised inside resolvers for bad arguments: the message is for the client.
USER_INPUT_ERRORS: tuple[type[Exception], ...] = (PaginationError, DomainError, GlobalIDValueError)


def with_code(error: GraphQLError, code: str, **extra: Any) -> GraphQLError:
    """A copy of `error` carrying extensions.code (errors may be shared through the validation cache)."""
    return GraphQLError(error.message, error.nodes, error.source, error.positions, error.path,
                        error.original_error, extensions={**(error.extensions or {}), "code": code, **extra})


def coded_rules(extension: AddValidationRules, code: str) -> list[type[ASTValidationRule]]:
    """The validation rules of a strawberry limiter, reporting their errors with `code`."""

    def coded(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
        class Coded(rule):  # type: ignore[valid-type,misc]
            def __init__(self, context: ValidationContext) -> None:
                # The limiters report while they are constructed, straight to the context.
                report = context.on_error
                context.on_error = lambda error: report(with_code(error, code))  # type: ignore[method-assign]
                try:
                    super().__init__(context)
                finally:
                    context.on_error = report  # type: ignore[method-assign]

        Coded.__name__ = f"Coded{rule.__name__}"
        return Coded

    return [coded(rule) for rule in extension.validation_rules]


class SafeParserCache(ParserCache):
    """ParserCache that leaves a syntax error to strawberry's own parse, which reports it inside the operation
    (so that the error is coded like any other) instead of escaping the extension hooks."""

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        try:
            ctx.graphql_document = self.cached_parse_document(ctx.query, **ctx.parse_options)
        except GraphQLError:
            pass
        yield


class QueryCostLimiter(SchemaExtension):
    """Refuses, before anything runs, an operation whose estimated cost is over the budget."""

    def __init__(self, max_cost: int, max_page_size: int) -> None:
        self.max_cost = max_cost
        self.max_page_size = max_page_size

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.result is None and ctx.graphql_document is not None:
            cost = query_cost(ctx.schema._schema, ctx.graphql_document, ctx.operation_name,
                              ctx.variables, self.max_page_size)
            if cost > self.max_cost:
                ctx.result = GraphQLExecutionResult(data=None, errors=[coded_error(
                    f"The query costs {cost}, more than the budget of {self.max_cost}; "
                    "ask for fewer fields or smaller pages.", QUERY_TOO_COMPLEX, cost=cost,
                    maxCost=self.max_cost)])
        yield


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
        if (error.extensions or {}).get("code"):
            return error
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
            return GraphQLError(str(original), error.nodes, error.source, error.positions, error.path,
                                original, extensions={"code": BAD_USER_INPUT})
        return mask(error, self.request_id())


def mask(error: GraphQLError, request_id: str) -> GraphQLError:
    """The client sees only that something failed, and the id under which it was logged."""
    original = error.original_error or error
    logger.error("Internal error in request %s at %s: %s", request_id, error.path, error.message,
                 exc_info=(type(original), original, original.__traceback__))
    return GraphQLError("Internal server error", error.nodes, error.source, error.positions, error.path,
                        extensions={"code": INTERNAL_SERVER_ERROR, "requestId": request_id})


def limit_extensions(settings: Settings) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    # Rule classes are built once: the validation cache is keyed on them.
    rules = [
        *coded_rules(QueryDepthLimiter(max_depth=settings.max_query_depth), QUERY_TOO_DEEP),
        *coded_rules(MaxAliasesLimiter(max_alias_count=settings.max_aliases), TOO_MANY_ALIASES),
    ]
    return [
        ErrorShaping,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: SafeParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        AuthorizationGate,
        lambda: QueryCostLimiter(settings.max_query_cost, settings.max_page_size),
    ]
