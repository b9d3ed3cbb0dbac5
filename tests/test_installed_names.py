"""The only top-level name the project installs is its own: the layer folders import as segmentum.models,
segmentum.schema, ... so that a generic `models` or `config` of another project in the same environment never
collides with ours, and no module of ours loads twice under two names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LAYERS = ("config", "models", "schema", "resolvers", "workers")


def run_outside(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)


def test_outside_the_repository_only_the_namespace_imports(tmp_path: Path) -> None:
    for layer in LAYERS:
        bare = run_outside(tmp_path, f"import {layer}")
        assert bare.returncode != 0 and f"No module named '{layer}'" in bare.stderr, (layer, bare.stderr)
    named = run_outside(tmp_path, "import segmentum.app, sys; print(sorted(m for m in sys.modules if m in "
                                  f"{LAYERS!r}))")
    assert named.returncode == 0, named.stderr
    assert named.stdout.strip() == "[]"


def test_the_application_loads_each_module_once() -> None:
    import segmentum.app  # noqa: F401 - loads every layer

    assert not [name for name in sys.modules if name.split(".")[0] in LAYERS]
    assert "segmentum.models.contacts" in sys.modules
