"""The root types, composed from one Queries/Mutations class per domain, and the schema itself."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from config.settings import Settings
from schema.audit.queries import AuditQueries
from schema.bulk.mutations import BulkQueryMutations
from schema.contacts.imports import ContactImportMutations, ContactImportQueries
from schema.contacts.mutations import ContactMutations
from schema.contacts.queries import ContactQueries
from schema.errors import InputError, LineError
from schema.execution import ExecutionContext
from schema.interactions.content import ContentMutations
from schema.interactions.log import InteractionLogMutations, InteractionLogQueries
from schema.interactions.setup import InteractionSetupMutations, InteractionSetupQueries
from schema.jobs.mutations import JobMutations
from schema.jobs.queries import JobQueries
from schema.jobs.subscriptions import Subscription
from schema.masters.classifications import ClassificationMutations, ClassificationQueries
from schema.masters.questionnaires import QuestionnaireMutations, QuestionnaireQueries
from schema.masters.salespeople import SalespersonMutations, SalespersonQueries
from schema.masters.territories import TerritoryMutations, TerritoryQueries
from schema.scalars import SCALARS
from schema.segments.log import SegmentLogMutations
from schema.segments.mutations import SegmentMutations
from schema.segments.queries import SegmentQueries
from schema.viewer import NodeQueries
from schema.webhooks.mutations import WebhookMutations
from schema.webhooks.queries import WebhookQueries


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
    from schema.limits import limit_extensions

    return limit_extensions(settings)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    from schema.audit.recording import audit_mutations
    from schema.describe import describe
    from schema.expensive import guard_expensive_fields
    from schema.input_guard import guard_arguments

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
