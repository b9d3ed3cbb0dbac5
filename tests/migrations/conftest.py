"""The databases at the scripts' targets (old_schemas.py), built when the first test here runs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.migrations import old_schemas


@pytest.fixture(scope="session", autouse=True)
async def old_schema_databases(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    await old_schemas.build(tmp_path_factory.mktemp("old-schemas"))
    yield
    await old_schemas.drop()
