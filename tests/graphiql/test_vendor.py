"""The GraphiQL files Segmentum ships: every npm package pinned and locked, every licence included, and the files
inside the package itself, so that an ordinary (non-editable) install serves them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from segmentum.schema.graphiql.assets import FILES, assets
from tests.cli.conftest import ROOT

GRAPHIQL = ROOT / "schema" / "graphiql"
VENDOR = GRAPHIQL / "vendor"
MANIFEST = json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))
LOCK = json.loads((VENDOR / "package-lock.json").read_text(encoding="utf-8"))
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".ci-venv", "node_modules", "build", "dist", "*.egg-info",
                                    "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "*.sqlite3*")


def test_every_npm_package_is_pinned_locked_and_named_in_the_readme() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for name, version in MANIFEST["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        locked = LOCK["packages"][f"node_modules/{name}"]
        assert locked["version"] == version
        assert locked["integrity"].startswith("sha512-")
        if name != "graphql":  # only a peer dependency: the GraphiQL bundle carries its own copy
            assert re.search(rf"`{re.escape(name)}`.*\| {re.escape(version)} \|", readme), name
    assert LOCK["packages"][""]["dependencies"] == MANIFEST["dependencies"]


def test_the_licence_file_has_every_locked_package() -> None:
    licences = (VENDOR / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    installed = [(path.rsplit("node_modules/", 1)[1], entry) for path, entry in LOCK["packages"].items() if path]
    assert len(installed) > 100
    for name, entry in installed:
        assert f"{name}@{entry['version']} — {entry['license']}" in licences, name
    assert licences.count("Permission is hereby granted") >= len([e for _, e in installed if e["license"] == "MIT"])


def test_the_react_bundles_are_the_pinned_release() -> None:
    for name in ("react.production.min.js", "react-dom.production.min.js"):
        assert f'"{MANIFEST["dependencies"]["react"]}"' in FILES[name].read_text(encoding="utf-8")


def test_a_wheel_installs_the_page_and_every_asset(tmp_path: Path) -> None:
    # Build from a copy of the sources, so the build leaves nothing in the work tree.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w",
         str(tmp_path / "wheels"), str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "wheels").glob("segmentum-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for path in FILES.values():
            member = path.relative_to(ROOT).as_posix()
            assert archive.read(member) == path.read_bytes(), member
    assert "segmentum/schema/graphiql/page.py" in names  # the layers install under the one namespace
    assert not [n for n in names if "node_modules" in n]

    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                                str(site), str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    # In a fresh interpreter that finds the installed copy first, away from the work tree.
    probe = ("import json, segmentum.schema.graphiql.assets as a, segmentum.schema.graphiql.page; "
             "print(json.dumps([a.__file__, {n: x.digest for n, x in a.assets().items()}]))")
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert ran.returncode == 0, ran.stderr
    module, digests = json.loads(ran.stdout)
    assert Path(module).is_relative_to(site)
    assert digests == {name: asset.digest for name, asset in assets().items()}
