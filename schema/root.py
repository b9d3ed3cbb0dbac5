"""The root types, composed from one Queries/Mutations class per domain, and the schema itself."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from segmentum.config.settings import Settings
from segmentum.schema.audit.queries import AuditQueries
from segmentum.schema.bulk.mutations import BulkQueryMutations
from segmentum.schema.contacts.imports import ContactImportMutations, ContactImportQueries
from segmentum.schema.contacts.mutations import ContactMutations
from segmentum.schema.contacts.queries import ContactQueries
from segmentum.schema.errors import InputError, LineError
from segmentum.schema.execution import ExecutionContext
from segmentum.schema.interactions.content import ContentMutations
from segmentum.schema.interactions.log import InteractionLogMutations, InteractionLogQueries
from segmentum.schema.interactions.setup import InteractionSetupMutations, InteractionSetupQueries
from segmentum.schema.jobs.mutations import JobMutations
from segmentum.schema.jobs.queries import JobQueries
from segmentum.schema.jobs.subscriptions import Subscription
from segmentum.schema.masters.classifications import ClassificationMutations, ClassificationQueries
from segmentum.schema.masters.questionnaires import QuestionnaireMutations, QuestionnaireQueries
from segmentum.schema.masters.salespeople import SalespersonMutations, SalespersonQueries
from segmentum.schema.masters.territories import TerritoryMutations, TerritoryQueries
from segmentum.schema.scalars import SCALARS
from segmentum.schema.segments.log import SegmentLogMutations
from segmentum.schema.segments.mutations import SegmentMutations
from segmentum.schema.segments.queries import SegmentQueries
from segmentum.schema.viewer import NodeQueries
from segmentum.schema.webhooks.mutations import WebhookMutations
from segmentum.schema.webhooks.queries import WebhookQueries


@strawberry.type(description="Everything the API can read. Lists are Relay connections: page with `first`/`after` and "
                             "`edges`.")
class Query(
    NodeQueries,
    ContactQueries,
    ContactImportQueries,
    SalespersonQueries,
    TerritoryQueries,
    ClassificationQueries,
    QuestionnaireQueries,
    InteractionSetupQueries,
    InteractionLogQueries,
    SegmentQueries,
    JobQueries,
    WebhookQueries,
    AuditQueries,
):
    pass


@strawberry.type(description="Everything the API can change. Each mutation is one transaction: on userErrors nothing "
                             "changed.")
class Mutation(
    ContactMutations,
    ContactImportMutations,
    SalespersonMutations,
    TerritoryMutations,
    ClassificationMutations,
    QuestionnaireMutations,
    InteractionSetupMutations,
    ContentMutations,
    InteractionLogMutations,
    SegmentMutations,
    SegmentLogMutations,
    JobMutations,
    WebhookMutations,
    BulkQueryMutations,
):
    pass


def schema_extensions(settings: Settings) -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    from segmentum.schema.limits import limit_extensions

    return limit_extensions(settings)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    from segmentum.schema.audit.recording import audit_mutations
    from segmentum.schema.describe import describe
    from segmentum.schema.expensive import guard_expensive_fields
    from segmentum.schema.input_guard import guard_arguments

    schema = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[InputError, LineError],
        extensions=schema_extensions(settings or Settings()),
        execution_context_class=ExecutionContext,
        config=StrawberryConfig(scalar_map=SCALARS),
    )
    # Arguments are checked before anything else runs; expensive fields then take turns.
    guard_expensive_fields(schema._schema)
    guard_arguments(schema._schema)
    # Every mutation field, its argument refusals included, leaves an audit event.
    audit_mutations(schema._schema)
    describe(schema._schema)
    return schema
