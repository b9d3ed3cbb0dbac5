"""The README's JavaScript, run as written against a real server: Apollo Client paging with watchQuery and fetchMore,
the graphql-ws client following a job, and Apollo's persisted-query manifest registered with the CLI and used by
a key restricted to registered documents."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.rules.api_keys import create_api_key, restrict_api_key
from segmentum.models.system import Job
from segmentum.resolvers.ids import encode_id
from tests.http.conftest import MakeKey, live_server
from tests.readme import blocks

HTTP_DIR = Path(__file__).resolve().parent
ROOT = HTTP_DIR.parents[1]
README_URL = "http://127.0.0.1:8000/graphql"


@pytest.fixture(scope="module")
async def server(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url) as base:
        yield base


def js_block(starts: str) -> str:
    return next(b.text for b in blocks("js") if b.text.startswith(starts))


async def node(script: str, **env: str) -> str:
    """Runs `script` as an ES module in tests/http (where its packages are installed); its standard output."""
    assert shutil.which("node"), "Node.js is needed for the Apollo Client tests"
    path = HTTP_DIR / f"readme-{uuid.uuid4().hex}.mjs"
    path.write_text(script)
    try:
        proc = await asyncio.create_subprocess_exec("node", str(path), cwd=HTTP_DIR, env={**os.environ, **env},
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(), 120)
    finally:
        path.unlink()
    assert proc.returncode == 0, err.decode()[-3000:]
    return out.decode()


async def test_the_readme_apollo_client_pages_every_contact_into_one_watched_list(
        server: str, make_key: MakeKey) -> None:
    for i in range(1, 46):  # three pages of the README's 20
        await Contact.create(no=f"CT{i:06d}", type=ContactType.PERSON, name=f"Person {i}")
    snippet = js_block('import { createHash }').replace(README_URL, f"{server}/graphql")
    out = await node(snippet + """
const cached = client.readQuery({ query: CONTACTS, variables: { first: 20 } }).contacts.edges;
console.log(JSON.stringify(cached.map((edge) => edge.node.no)));
""", SEGMENTUM_KEY=await make_key("read"))
    lines = out.strip().splitlines()
    # The cache holds all 45, once each, in order; the subscriber saw the list grow page by page.
    [cached] = [json.loads(line) for line in lines if line.startswith("[")]
    assert cached == [f"CT{i:06d}" for i in range(1, 46)]
    counts = [int(line.split()[0]) for line in lines if line.endswith("contacts so far")]
    assert counts[0] == 20 and counts == sorted(counts) and set(counts) <= {20, 40, 45}  # updates may be batched


async def test_the_readme_graphql_ws_client_follows_a_job_to_its_end(server: str) -> None:
    # A job of a key of its own, done once the subscription starts: it sends the state, then completes.
    _, secret = await create_api_key("ws-reader", ["read"])
    job = await Job.create(kind="segment.reevaluate", payload={}, status="SUCCEEDED", progress=1.0)
    snippet = js_block('import { createClient }').replace("ws://127.0.0.1:8000/graphql",
                                                          server.replace("http://", "ws://") + "/graphql")
    # Node before 22 has no global WebSocket: the `ws` package stands in (the README says so).
    prelude = ('import WebSocket from "ws";\nglobalThis.WebSocket ??= WebSocket;\n'
               'const key = process.env.SEGMENTUM_KEY;\nconst jobId = process.env.JOB_ID;\n')
    out = await node(prelude + snippet, SEGMENTUM_KEY=secret, JOB_ID=encode_id("Job", job.id))
    assert out.strip().splitlines() == ["SUCCEEDED 1"]


async def test_an_apollo_manifest_registers_what_apollo_sends(server: str, database_url: str, make_key: MakeKey,
                                                              tmp_path: Path) -> None:
    for i in range(1, 4):
        await Contact.create(no=f"CT{i:06d}", type=ContactType.PERSON, name=f"Person {i}")
    paging = next(b.text for b in blocks("graphql") if "query Contacts(" in b.text)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "contacts.graphql").write_text(paging)
    generator = HTTP_DIR / "node_modules" / ".bin" / "generate-persisted-query-manifest"
    made = await asyncio.create_subprocess_exec(str(generator), cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT)
    assert await made.wait() == 0, (await made.stdout.read()).decode() if made.stdout else ""
    manifest = tmp_path / "persisted-query-manifest.json"

    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env["DATABASE_URL"] = database_url
    register = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "segmentum.cli", "document", "register", str(manifest), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await register.communicate()
    assert register.returncode == 0, err.decode()
    [operation] = json.loads(manifest.read_text())["operations"]
    assert out.decode().splitlines() == [f"{operation['id']}  Contacts (persisted-query-manifest.json)"]

    partner = await make_key("read", name="partner-app")
    await restrict_api_key("partner-app", True)
    seen = json.loads(await _manifest_client(server, partner, manifest, paging))
    assert seen["nos"] == ["CT000001", "CT000002"]
    assert seen["sent"] == [{"query": False, "hash": operation["id"]}]  # the id alone, found at once


async def _manifest_client(server: str, key: str, manifest: Path, query: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        "node", "apollo_manifest.mjs", f"{server}/graphql", key, str(manifest), query, cwd=HTTP_DIR,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()[-3000:]
    return out.decode().strip().splitlines()[-1]
