"""The root types, composed from one Queries/Mutations class per domain, and the schema itself."""

from __future__ import annotations

import strawberry
from strawberry.extensions import SchemaExtension

from schema.errors import InputError, LineError
from schema.masters.territories import TerritoryMutations, TerritoryQueries
from schema.viewer import NodeQueries
from segmentum.settings import Settings


@strawberry.type
class Query(NodeQueries, TerritoryQueries):
    pass


@strawberry.type
class Mutation(TerritoryMutations):
    pass


def schema_extensions(settings: Settings) -> list[SchemaExtension | type[SchemaExtension]]:
    from schema.limits import limit_extensions

    return limit_extensions(settings)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[InputError, LineError],
        extensions=schema_extensions(settings or Settings()),
    )
