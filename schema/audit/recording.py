"""Recording mutations in the audit trail, in one place for every mutation.

Each root mutation field is wrapped when the schema is built (`audit_mutations`): once it has answered, one small
INSERT records its name, the key, the outcome (OK, USER_ERROR with the codes, FORBIDDEN, ERROR) and the global IDs
its payload names. The field's own transaction has ended by then (committed, or rolled back for userErrors), so
the event commits by itself whatever became of the work. An operation refused before anything ran (no write
scope, over the cost budget, the key's concurrent expensive requests) is recorded by `AuditRefusals`: one row per
root field it asked for. Inputs are never stored: they may hold secrets and personal data.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from inspect import isawaitable
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry import relay
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType
from tortoise.models import Model

from segmentum.models.enums import AuditOutcome
from segmentum.models.errors import DomainError
from segmentum.resolvers.audit import AuditRecord, record_events
from segmentum.schema.errors import BAD_USER_INPUT, FORBIDDEN

logger = logging.getLogger("segmentum.audit")

RATE_LIMITED = "RATE_LIMITED"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
# Root fields recorded for one refused operation (aliases are limited too; this bounds the one INSERT).
MAX_REFUSED_FIELDS = 30
# Items of a payload's lists looked at for IDs (the event keeps MAX_TOUCHED_IDS of them, and their count).
MAX_SCANNED = 1_000


def _model_types(schema: GraphQLSchema) -> dict[type[Model], str]:
    """The GraphQL type name of each model that a Node type stands for (its global IDs name that type)."""
    found: dict[type[Model], str] = {}
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        model = getattr(getattr(definition, "origin", None), "model", None)
        if isinstance(model, type) and issubclass(model, Model) and model not in found:
            found[model] = name
    return found


def touched_ids(payload: Any, types: dict[type[Model], str]) -> list[str]:
    """The global IDs a payload names: its records (a model instance of a Node type), and the IDs it returns in
    fields named `...Id` / `...Ids` (deletedId, deletedIds, removedLineIds)."""
    out: list[str] = []
    if payload is None or not dataclasses.is_dataclass(payload):
        return out
    for item in dataclasses.fields(payload):
        if item.name == "user_errors":
            continue
        value = getattr(payload, item.name, None)
        values = value[:MAX_SCANNED] if isinstance(value, list) else [value]
        by_name = item.name.endswith(("_id", "_ids"))
        for v in values:
            if isinstance(v, Model) and type(v) in types and v.pk is not None:
                out.append(str(relay.GlobalID(types[type(v)], str(v.pk))))
            elif by_name and isinstance(v, str | relay.GlobalID):
                out.append(str(v))
    return out


def outcome_of(payload: Any) -> tuple[AuditOutcome, list[str]]:
    errors = getattr(payload, "user_errors", None) or []
    if errors:
        return AuditOutcome.USER_ERROR, [str(getattr(e, "code", "")) for e in errors]
    return AuditOutcome.OK, []


def outcome_of_exception(exc: BaseException) -> tuple[AuditOutcome, list[str]]:
    if isinstance(exc, DomainError):
        return AuditOutcome.USER_ERROR, [str(e.code) for e in exc.errors] or [BAD_USER_INPUT]
    code = str((exc.extensions or {}).get("code") or "") if isinstance(exc, GraphQLError) else ""
    if code == FORBIDDEN:
        return AuditOutcome.FORBIDDEN, [code]
    if code in (RATE_LIMITED, QUERY_TOO_COMPLEX):
        return AuditOutcome.LIMITED, [code]
    return AuditOutcome.ERROR, [code or type(exc).__name__]


async def record(context: Any, records: list[AuditRecord]) -> None:
    """Writes the events; a failure to write one is logged, and never turns the mutation's answer into an error."""
    try:
        await record_events(records)
    except Exception as exc:  # noqa: BLE001 - the database went away: the mutation's own answer says so
        logger.warning("Audit events of request %s not recorded: %s", getattr(context, "request_id", "?"),
                       str(exc)[:200])


def _records(context: Any, names: list[str], outcome: AuditOutcome, codes: list[str],
             ids: list[str] | None = None) -> list[AuditRecord]:
    viewer = getattr(context, "viewer", None)
    key_id = getattr(viewer, "key_id", None)
    request_id = getattr(context, "request_id", None)
    return [AuditRecord(mutation=name, outcome=outcome, key_id=key_id, codes=codes, touched_ids=ids or [],
                        request_id=request_id) for name in names]


def _audited(name: str, resolve: Callable[..., Any], types: dict[type[Model], str]) -> Callable[..., Any]:
    async def run(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        context = info.context
        if getattr(context, "viewer", None) is None:  # refused before it runs (UNAUTHENTICATED): nobody to name
            result = resolve(source, info, **args)
            return await result if isawaitable(result) else result
        try:
            result = resolve(source, info, **args)
            if isawaitable(result):
                result = await result
        except Exception as exc:
            outcome, codes = outcome_of_exception(exc)
            await record(context, _records(context, [name], outcome, codes))
            raise
        outcome, codes = outcome_of(result)
        await record(context, _records(context, [name], outcome, codes, touched_ids(result, types)))
        return result

    run.__name__ = f"audited_{getattr(resolve, '__name__', name)}"
    return run


def audit_mutations(schema: GraphQLSchema) -> None:
    """Wraps every root mutation field (after the argument guard, so that its refusals are recorded too)."""
    mutation = schema.mutation_type
    if mutation is None:
        return
    types = _model_types(schema)
    for name, field in mutation.fields.items():
        if field.resolve is not None:
            field.resolve = _audited(name, field.resolve, types)


def _root_fields(document: DocumentNode, operation_name: str | None) -> list[str]:
    """The root field names an operation asks for, fragments included, each once, at most MAX_REFUSED_FIELDS."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next((o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)),
                     None)
    if operation is None:
        return []
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: list[str] = []
    seen: set[str] = set()

    def walk(selection_set: SelectionSetNode | None) -> Iterator[str]:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection.name.value
            elif isinstance(selection, InlineFragmentNode):
                yield from walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)  # each fragment once: the document's limits bound the rest
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    yield from walk(fragment.selection_set)

    for name in walk(operation.selection_set):
        if name != "__typename" and name not in names:
            names.append(name)
            if len(names) == MAX_REFUSED_FIELDS:
                break
    return names


# The event of a key over its request rate: its document is not read (the refusal comes first), so it names no
# mutation.
OVER_RATE = "*"


async def record_rate_refusal(viewer: Any, request_id: str | None) -> None:
    """The first request of a minute refused for the key's rate (the rest of that minute's are not recorded)."""
    await record(None, [AuditRecord(mutation=OVER_RATE, outcome=AuditOutcome.LIMITED, key_id=viewer.key_id,
                                    codes=[RATE_LIMITED], request_id=request_id)])


class AuditRefusals(SchemaExtension):
    """Records a mutation refused before any of its fields ran: FORBIDDEN (a key without the write scope) or
    LIMITED (over the cost budget, or the key's concurrent expensive requests)."""

    async def on_execute(self) -> Any:
        yield
        ctx = self.execution_context
        result = ctx.result
        if (result is None or getattr(result, "data", None) is not None or not getattr(result, "errors", None)
                or ctx.graphql_document is None or getattr(ctx.context, "viewer", None) is None):
            return
        try:
            if ctx.operation_type != OperationType.MUTATION:
                return
        except RuntimeError:  # no operation to run: nothing was asked
            return
        errors = result.errors or []
        if any(e.path is not None for e in errors):
            return
        codes = [str((e.extensions or {}).get("code") or "") for e in errors]
        if FORBIDDEN in codes:
            outcome = AuditOutcome.FORBIDDEN
        elif RATE_LIMITED in codes or QUERY_TOO_COMPLEX in codes:
            outcome = AuditOutcome.LIMITED
        else:
            return
        names = _root_fields(ctx.graphql_document, ctx.operation_name)
        await record(ctx.context, _records(ctx.context, names, outcome, [c for c in codes if c]))
