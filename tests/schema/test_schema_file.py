"""schema.graphql at the repository root is the SDL of the code; regenerate it with `segmentum export-schema`."""

from __future__ import annotations

from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_committed_sdl_matches_the_code(schema):
    assert SCHEMA_FILE.exists(), "schema.graphql is missing: run `segmentum export-schema`"
    committed = SCHEMA_FILE.read_text()
    assert committed == schema.as_str() + "\n", (
        "schema.graphql is out of date with the code: run `segmentum export-schema` and commit the result"
    )
