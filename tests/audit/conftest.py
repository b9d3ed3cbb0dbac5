"""Executors that act as real API keys (their ids recorded on what they make), and the log fixtures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from segmentum.config.settings import Settings
from segmentum.models.rules.api_keys import create_api_key
from segmentum.resolvers.loaders import Loaders
from segmentum.schema.context import Context, Viewer
from tests.log.conftest import log_segment, make_segment, outbox, setup  # noqa: F401 - shared fixtures
from tests.masters.conftest import make_contact, mutate  # noqa: F401 - shared fixtures

AsKey = Callable[..., Awaitable[Callable[..., Awaitable[dict[str, Any]]]]]


@pytest.fixture
def as_key(schema: Any, settings: Settings) -> AsKey:
    """`await as_key("marketing", "read", "write")`: a new API key and an executor that runs documents as it
    (returns {"data", "errors"})."""

    async def make(name: str, *scopes: str) -> Callable[..., Awaitable[dict[str, Any]]]:
        key, _ = await create_api_key(name, scopes or ("read", "write"))
        viewer = Viewer(name=key.name, scopes=frozenset(key.scopes), key_id=key.id)

        async def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
            ctx = Context(settings=settings, viewer=viewer, loaders=Loaders())
            result = await schema.execute(query, variable_values=variables, context_value=ctx)
            return {"data": result.data, "errors": result.errors or []}

        return run

    return make
