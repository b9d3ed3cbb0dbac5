"""Imports flow one way: models <- resolvers <- schema, models <- workers, and the composition root (segmentum/)
on top; configuration (config/) under everything. Inside workers/, the job engine sits below the job kinds, and
no import cycle exists. Read from the source's import statements, wherever they sit (functions and
TYPE_CHECKING blocks included)."""

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
# The engine's module that resolvers may use (cancel, watch); they start a job through its kind's start function.
ENQUEUE_MODULE = "workers.queue"
# The job engine: it runs the kinds the composition root hands it, and imports none of them.
ENGINE = ("workers.queue", "workers.jobs", "workers.events", "workers.lease", "workers.reconcile",
          "workers.registry", "workers.connection")


def within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_name(imported: str) -> str:
    """The layers install under the project's namespace (segmentum.models is the models/ folder): a layer's
    name without it, so that segmentum.models.x reads as models.x and segmentum.app stays the root."""
    head, _, rest = imported.partition(".")
    if head == "segmentum" and rest.split(".")[0] in LAYERS[:-1]:
        return rest
    return imported


def imports(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported name) for every import statement; `from a import b` yields a.b (a module or a name in a)."""
    for line, imported in _imports(source, module, is_package):
        yield line, layer_name(imported)


def _imports(source: str, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
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
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def is_start(imported: str) -> bool:
    """A kind's start function (`from workers.delivery import start`), which owns the job's payload and key."""
    return imported.rpartition(".")[2].startswith("start")


def violation(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`; None when it may."""
    layer = importer.split(".")[0]
    if within(importer, *ENGINE) and within(imported, "workers") and not within(imported, *ENGINE):
        return "the job engine imports no job kind (the composition root hands it the kinds table)"
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
        if target == "workers" and not within(imported, ENQUEUE_MODULE) and not is_start(imported):
            return f"resolvers/ reach workers/ only through {ENQUEUE_MODULE} and the kinds' start functions"
    if layer == "schema":
        if target == "workers":
            return f"schema/ starts jobs through resolvers/ (which use {ENQUEUE_MODULE}), never workers/ itself"
        if within(imported, *DOMAIN_OPERATIONS):
            return "schema/ calls domain operations through a resolvers/ module, which decodes IDs and locks"
    return None


def sources(layer: str) -> Iterator[tuple[Path, str, bool]]:
    for path in sorted((ROOT / layer).rglob("*.py")):
        yield path, module_name(path), path.name == "__init__.py"


def test_imports_flow_one_way() -> None:
    found: list[str] = []
    for layer in LAYERS:
        for path, module, is_package in sources(layer):
            if within(module, "models.migrations"):
                continue
            for line, imported in imports(path.read_text(encoding="utf-8"), module, is_package):
                reason = violation(module, imported)
                if reason:
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {imported}: {reason}")
    assert not found, "\n".join(dict.fromkeys(found))


def import_graph(modules: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Module -> the modules of the same set it imports (an imported name resolves to its longest module prefix)."""
    graph: dict[str, set[str]] = {}
    for module, (source, is_package) in modules.items():
        edges = graph.setdefault(module, set())
        for _, imported in imports(source, module, is_package):
            parts = imported.split(".")
            target = next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in modules),
                          None)
            if target is not None and target != module and not within(module, target):
                edges.add(target)  # a package's own __init__ (an ancestor) is run first by any import: no edge
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_workers() -> None:
    modules = {module: (path.read_text(encoding="utf-8"), package) for path, module, package in sources("workers")}
    assert cycles(import_graph(modules)) == []


@pytest.mark.parametrize(("modules", "expected"), [
    # Held by an import inside a function, as the engine's imports of the kinds table once were.
    ({"workers.queue": "def enqueue():\n    from workers.kinds import KINDS\n",
      "workers.kinds": "from workers.segments import run\n",
      "workers.segments": "from workers import queue\n"}, [["workers.kinds", "workers.queue", "workers.segments"]]),
    ({"workers.a": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from workers.b import x\n",
      "workers.b": "from .a import y\n"}, [["workers.a", "workers.b"]]),
    ({"workers.webhooks": "", "workers.webhooks.dispatch": "from workers.webhooks.deliver import start\n",
      "workers.webhooks.deliver": "from workers import queue\n", "workers.queue": ""}, []),
])
def test_an_import_cycle_is_found(modules: dict[str, str], expected: list[list[str]]) -> None:
    graph = import_graph({m: (source, False) for m, source in modules.items()})
    assert cycles(graph) == expected


@pytest.mark.parametrize(("module", "source", "reason"), [
    ("models.rules.x", "def f():\n    import strawberry\n", "knows nothing of GraphQL"),
    ("workers.jobs", "from graphql import GraphQLError\n", "knows nothing of GraphQL"),
    ("workers.jobs", "from resolvers.ids import decode_id\n", "workers/ imports only"),
    ("models.contacts", "from resolvers import loaders\n", "models/ imports only"),
    ("models.contacts", "from segmentum.resolvers import loaders\n", "models/ imports only"),
    ("models.contacts", "import segmentum.schema.app\n", "models/ imports only"),
    ("config.settings", "from models.enums import ErrorCode\n", "configuration imports nothing"),
    ("resolvers.segments", "from schema.errors import UserError\n", "does not import schema/"),
    ("resolvers.segments", "from workers.jobs import run_job\n", "only through workers.queue"),
    ("resolvers.segments", "from workers import events\n", "only through workers.queue"),
    ("resolvers.segments", "from workers import delivery\n", "only through workers.queue"),
    ("resolvers.segments", "from workers.delivery import deliver\n", "only through workers.queue"),
    ("workers.queue", "def enqueue():\n    from workers.kinds import KINDS\n", "imports no job kind"),
    ("workers.jobs", "from workers.webhooks.dispatch import dispatch_if_recorded\n", "imports no job kind"),
    ("workers.reconcile", "from workers import schedule\n", "imports no job kind"),
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
    ("resolvers.segments", "from workers.delivery import start as start_delivery\n"),
    ("workers.reconcile", "from workers.queue import send_to_arq\nfrom workers import lease\n"),
    ("workers.delivery", "from workers import queue\nfrom workers.jobs import MAX_TRIES\n"),
    ("schema.segments.types", "from models import segments as sm\nfrom models.enums import SegmentKind\n"),
    ("schema.app", "from config.settings import Settings\n"),
    ("segmentum.app", "from workers import queue\nfrom schema.app import build_app\n"),
    ("workers.schedule", "from config.database import tortoise_config\n"),
    ("models.demo.seed", "from config.settings import Settings\n"),
])
def test_an_allowed_import_passes(module: str, source: str) -> None:
    reasons = [violation(module, imported) for _, imported in imports(source, module)]
    assert reasons and not any(reasons), reasons
