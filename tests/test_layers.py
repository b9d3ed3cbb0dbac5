"""Imports flow one way: models <- resolvers <- schema, models <- workers, and the composition root (segmentum/)
on top; configuration (config/) under everything. Read from the source's import statements, wherever they sit
(functions and TYPE_CHECKING blocks included)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("config", "models", "resolvers", "schema", "workers", "segmentum")
GRAPHQL_LIBRARIES = ("strawberry", "graphql")
# The domain operations: the schema reaches them through resolvers/, which decode IDs, lock and compose queries.
# The schema may still name models (its types stand for them), their enums and their errors.
DOMAIN_OPERATIONS = ("models.rules", "models.worksheet", "models.criteria", "models.sql", "models.numbering",
                     "models.demo", "models.migrations")
# The one module through which resolvers start background work.
ENQUEUE_MODULE = "workers.queue"


def within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import statement; `from a import b` also yields a.b, which may be
    a module."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def violation(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`; None when it may."""
    layer = importer.split(".")[0]
    if within(imported, *GRAPHQL_LIBRARIES) and layer in ("config", "models", "workers"):
        return f"{layer}/ knows nothing of GraphQL"
    target = imported.split(".")[0]
    if target not in LAYERS or target == layer:
        return None
    if layer == "config":
        return "configuration imports nothing of the application"
    if target == "config":
        return None
    if target == "segmentum":
        return "nothing imports the composition root (segmentum/)"
    if layer == "models":
        return "models/ imports only models/ and config/"
    if layer == "workers" and target in ("resolvers", "schema"):
        return "workers/ imports only models/, workers/ and config/"
    if layer == "resolvers":
        if target == "schema":
            return "resolvers/ does not import schema/"
        if target == "workers" and not within(imported, ENQUEUE_MODULE) and imported != "workers":
            return f"resolvers/ reach workers/ only through {ENQUEUE_MODULE}"
    if layer == "schema":
        if target == "workers":
            return f"schema/ starts jobs through resolvers/ (which use {ENQUEUE_MODULE}), never workers/ itself"
        if within(imported, *DOMAIN_OPERATIONS):
            return "schema/ calls domain operations through a resolvers/ module, which decodes IDs and locks"
    return None


def test_imports_flow_one_way() -> None:
    found: list[str] = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            module = module_name(path)
            if within(module, "models.migrations"):
                continue
            for line, imported in imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
                reason = violation(module, imported)
                if reason:
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {imported}: {reason}")
    assert not found, "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize(("module", "source", "reason"), [
    ("models.rules.x", "def f():\n    import strawberry\n", "knows nothing of GraphQL"),
    ("workers.jobs", "from graphql import GraphQLError\n", "knows nothing of GraphQL"),
    ("workers.jobs", "from resolvers.ids import decode_id\n", "workers/ imports only"),
    ("models.contacts", "from resolvers import loaders\n", "models/ imports only"),
    ("config.settings", "from models.enums import ErrorCode\n", "configuration imports nothing"),
    ("resolvers.segments", "from schema.errors import UserError\n", "does not import schema/"),
    ("resolvers.segments", "from workers.jobs import run_job\n", "only through workers.queue"),
    ("resolvers.segments", "from workers import events\n", "only through workers.queue"),
    ("schema.segments.types", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from workers import queue\n",
     "never workers/ itself"),
    ("schema.masters.x", "from models.rules.common import get_for_update\n", "through a resolvers/ module"),
    ("schema.masters.x", "from models import worksheet\n", "through a resolvers/ module"),
    ("schema.app", "from segmentum.app import create_app\n", "composition root"),
    ("workers.contacts", "from ..segmentum import cli\n", "composition root"),
])
def test_a_wrong_import_is_reported(module: str, source: str, reason: str) -> None:
    reasons = [violation(module, imported) for _, imported in imports(source, module)]
    assert any(r and reason in r for r in reasons), reasons


@pytest.mark.parametrize(("module", "source"), [
    ("resolvers.segments", "from workers import queue\n"),
    ("resolvers.segments", "from workers.queue import enqueue\n"),
    ("schema.segments.types", "from models import segments as sm\nfrom models.enums import SegmentKind\n"),
    ("schema.app", "from config.settings import Settings\n"),
    ("segmentum.app", "from workers import queue\nfrom schema.app import build_app\n"),
    ("workers.settings", "from config.database import tortoise_config\n"),
    ("models.demo.seed", "from config.settings import Settings\n"),
])
def test_an_allowed_import_passes(module: str, source: str) -> None:
    reasons = [violation(module, imported) for _, imported in imports(source, module)]
    assert reasons and not any(reasons), reasons
