"""BULK_QUERY: a bulk query's job. It writes one JSON line per node of the root connection, followed by the nodes
of that node's nested connections, each with `__parentId` (Shopify's bulk operation format), into the job's file
(models/bulk_files.py), a chunk at a time.

A `contacts` query that the read plan covers (models/readplan: columns, joins and batched relations) is walked by
keyset pages of that plan, and a `segments` query with its `lines` the same way (schema/bulk/segment_plan.py);
any other runs through the schema itself, page by page: the root connection by its `after` cursor, each nested
connection by a page per parent batched with the other parents of the page, continued through `node(id:)` for a
parent with more. Memory holds one page (and one chunk), whatever the export's size; a
job that runs again writes its file from the start.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any

import orjson
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse
from graphql.execution.values import get_argument_values
from strawberry.types.arguments import convert_arguments

from segmentum.config.settings import Settings
from segmentum.models.bulk_files import ChunkWriter
from segmentum.models.system import Job
from segmentum.resolvers import bulk_queries, bulk_segments
from segmentum.resolvers.contacts import contacts_where
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import bulk_page_size
from segmentum.schema.bulk.document import (
    AFTER,
    FIRST,
    NESTED_FIRST,
    NODE,
    NODE_ID,
    PAGE,
    PARENT,
    BulkDocument,
    Nested,
    check,
)
from segmentum.schema.bulk.segment_plan import plan_segment_lines
from segmentum.schema.compile_plan import NotPlanned, plan_operation
from segmentum.schema.contacts.inputs import OrderDirection
from segmentum.schema.context import Context, Viewer
from segmentum.schema.document_shape import Limits
from segmentum.schema.input_guard import first_problem
from segmentum.schema.inputs import plain

# With nested connections, a page of the root holds this many times fewer nodes, each with up to this many nested
# ones in the same pass: the pass holds about one page of objects (a parent with more is continued on its own).
NESTED_SPREAD = 20
# The least time between two progress reports (and so the most before a canceled export stops).
PROGRESS_SECONDS = 0.5


class BulkQueryFailed(Exception):
    """The query answered an error (a refused argument, a failing field): the job fails with its message."""


def limits(settings: Settings) -> Limits:
    return Limits(max_depth=settings.max_query_depth, max_aliases=settings.max_aliases,
                  max_fragment_depth=settings.max_fragment_depth, max_repeats=settings.max_field_repeats)


@cache
def bulk_schema() -> Any:
    """The schema the job runs its documents on: no cost budget (the export's size is the point) and room for the
    aliases and the depth its rewriting adds; the client's document was held to the usual limits."""
    from segmentum.schema.root import build_schema  # the root imports every domain's types

    settings = Settings.from_env()
    return build_schema(Settings(max_query_cost=2**62, expensive_cost=2**62, max_query_depth=settings.max_query_depth
                                 + 2, max_aliases=settings.max_aliases + 10, max_tokens=settings.max_tokens + 500,
                                 max_document_chars=settings.max_document_chars * 2))


async def bulk_query_job(ctx: dict[str, Any], job: Job, query: str, scopes: list[str]) -> dict[str, Any]:
    settings: Settings = ctx["settings"]
    schema = bulk_schema()
    document = check(query, schema._schema, limits(settings), settings.max_tokens, settings.max_document_chars)
    writer = await ChunkWriter.restart(job.id)
    page_size = settings.bulk_query_page_size
    viewer = Viewer(name=job.started_by or "bulk query", scopes=frozenset(scopes))

    reported = [-PROGRESS_SECONDS]

    async def progress(done: int, total: int | None) -> None:
        # A report is a committed update and a notification: a few per second, not one per page (each page of a
        # large export waited for a commit).
        if total and time.monotonic() - reported[0] >= PROGRESS_SECONDS:
            reported[0] = time.monotonic()
            await bulk_queries.report(job, min(done / total, 0.99))

    token = bulk_page_size.set(page_size)
    try:
        if not await _by_plan(query, schema, writer, page_size, progress):
            await _through_schema(document, schema, settings, viewer, writer, page_size, progress)
    finally:
        bulk_page_size.reset(token)
    file = await writer.close(settings.bulk_query_ttl_seconds)
    return {"objectCount": file.object_count, "fileSize": file.byte_count}


async def _by_plan(query: str, schema: Any, writer: ChunkWriter, page_size: int, progress: Any) -> bool:
    """Walks a `contacts` query, or a `segments` query with its lines, by its read plan; False (nothing written)
    when it has none."""
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    try:
        plan, field_node = plan_operation(schema._schema, operation, fragments)
    except (NotPlanned, KeyError):
        try:
            lines = plan_segment_lines(schema._schema, operation, fragments)
        except (NotPlanned, KeyError):
            return False
        await bulk_segments.walk_segment_lines(lines.segment, lines.line, writer, page_size, progress)
        return True
    field_def = schema._schema.query_type.fields[plan.field]
    args = get_argument_values(field_def, field_node, None)
    if first_problem(args) is not None:
        return False  # the schema's own path reports the argument as it always does
    strawberry_field = field_def.extensions["strawberry-definition"]
    kwargs = convert_arguments(args, strawberry_field.arguments,
                               scalar_registry=schema.schema_converter.scalar_registry, config=schema.config)
    order = [(o.field.value, o.direction == OrderDirection.DESC) for o in kwargs.get("order_by") or []]
    criteria = plain(kwargs["filter"]) if kwargs.get("filter") is not None else None
    try:
        contacts_where(criteria)
    except Exception:  # noqa: BLE001 - bad criteria: the schema's path reports them as a query would
        return False
    await bulk_queries.walk_contacts(plan.node, criteria, order or None, writer, page_size, progress)
    return True


class _Runner:
    def __init__(self, schema: Any, settings: Settings, viewer: Viewer) -> None:
        self.schema, self.settings, self.viewer = schema, settings, viewer

    async def run(self, text: str, variables: dict[str, Any]) -> dict[str, Any]:
        # Loaders per page: what one page loaded is let go with it.
        context = Context(settings=self.settings, viewer=self.viewer, loaders=Loaders())
        result = await self.schema.execute(text, variable_values=variables, context_value=context)
        if result.errors:
            error = result.errors[0]
            code = (error.extensions or {}).get("code", "")
            raise BulkQueryFailed(f"{code}: {error.message}" if code else error.message)
        return result.data or {}


def _line(obj: dict[str, Any]) -> bytes:
    return orjson.dumps(obj) + b"\n"


async def _through_schema(document: BulkDocument, schema: Any, settings: Settings, viewer: Viewer,
                          writer: ChunkWriter, page_size: int, progress: Any) -> None:
    runner = _Runner(schema, settings, viewer)
    total = None
    if document.count is not None:
        total = (await runner.run(document.count, {}))[document.root_key]["totalCount"]
    root_page = max(1, page_size // NESTED_SPREAD) if document.nested else page_size
    nested_first = min(page_size, NESTED_SPREAD * 5)
    variables: dict[str, Any] = {FIRST: root_page, AFTER: None}
    if document.nested:
        variables[NESTED_FIRST] = nested_first
    done = 0
    while True:
        connection = (await runner.run(document.page, variables))[document.root_key]
        lines: list[bytes] = []
        objects = 0
        for node in document.listing.nodes(connection):
            parent_id = node.pop(NODE_ID, None)
            children = [(nested, node.pop(nested.key)) for nested in document.nested]
            lines.append(_line(node))
            objects += 1
            for nested, child_connection in children:
                for child in nested.listing.nodes(child_connection):
                    child["__parentId"] = parent_id
                    lines.append(_line(child))
                    objects += 1
                if child_connection[PAGE]["hasNextPage"]:
                    # The rest of this connection follows its first page: a parent's children are together,
                    # whatever the page sizes (the read plan's walk writes them so).
                    await writer.write(b"".join(lines), objects)
                    lines, objects = [], 0
                    await _continue(runner, nested, parent_id, child_connection[PAGE]["endCursor"], writer,
                                    page_size)
            done += 1
        await writer.write(b"".join(lines), objects)
        await progress(done, total)
        page = connection[PAGE]
        if not page["hasNextPage"]:
            return
        variables[AFTER] = page["endCursor"]


async def _continue(runner: _Runner, nested: Nested, parent_id: Any, cursor: str | None, writer: ChunkWriter,
                    page_size: int) -> None:
    """The rest of one parent's nested connection, a full page per statement."""
    while cursor:
        parent = (await runner.run(nested.continuation, {PARENT: parent_id, FIRST: page_size, AFTER: cursor}))[NODE]
        if parent is None:  # deleted meanwhile
            return
        connection = parent[nested.key]
        children = nested.listing.nodes(connection)
        for child in children:
            child["__parentId"] = parent_id
        await writer.write(b"".join(_line(child) for child in children), len(children))
        cursor = connection[PAGE]["endCursor"] if connection[PAGE]["hasNextPage"] else None
