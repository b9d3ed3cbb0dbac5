"""Every GraphQL block and shell command of the README, run as written, in order, on the demo data: the two
commands of "Run it" start the server (on a free port), each GraphQL block runs against it with the printed key
and the variables its text names taken from the answers before it, and the other shell commands run where the
reader runs them. A block added to the README is run here without a change to this file."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import click
import httpx
from websockets.asyncio.client import connect

from segmentum.cli import cli
from tests.cli.conftest import free_port
from tests.readme import README, Answers, Block, blocks, operation_kind, shell_commands, user_errors, variables_for

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "tests" / "http" / "node_modules"
REDIS_URL = "redis://127.0.0.1:6379/0"
# Commands this test does not run, and why; any other command of the README runs.
NOT_RUN = {
    "pip install -e .": "installs this checkout: the tests run in that installation",
    "pip install -e '.[test,dev]' && pytest": "the test suite this test is part of",
}


class Reader:
    """A reader in a folder of their own, with the README's commands and the server they started."""

    def __init__(self, folder: Path, stack: AsyncExitStack) -> None:
        self.folder, self.stack = folder, stack
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        self.env["PYTHONUNBUFFERED"] = "1"
        self.env["PATH"] = f"{Path(sys.executable).parent}:{NODE_MODULES / '.bin'}:{self.env['PATH']}"
        self.base: str | None = None
        self.key: str | None = None
        self.answers = Answers()
        self.ran: list[str] = []
        self.printed: dict[str, str] = {}
        self.events: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ shell
    async def run(self, command: str) -> str:
        if command in NOT_RUN:
            self.ran.append(f"not run ({NOT_RUN[command]}): {command}")
            return ""
        self.ran.append(command)
        if command.startswith("segmentum serve"):
            return await self.serve(command)
        if command.endswith("&"):
            return await self.background_app(command[:-1].strip())
        if command == "segmentum worker":
            return await self.worker(command)
        if self.base is not None:
            # The reader's server answers on a free port, and SEGMENTUM_KEY holds its printed key.
            command = command.replace("http://127.0.0.1:8000", self.base)
        if command.startswith("npx generate-persisted-query-manifest"):
            # An app's folder: its sources, and the generator installed beside them.
            (self.folder / "src").mkdir(exist_ok=True)
            paging = next(b.text for b in blocks("graphql") if "query Contacts(" in b.text)
            (self.folder / "src" / "contacts.graphql").write_text(paging)
            if not (self.folder / "node_modules").exists():
                (self.folder / "node_modules").symlink_to(NODE_MODULES)
        proc = await asyncio.create_subprocess_exec(
            "bash", "-c", command, cwd=self.folder, env=self.env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT)
        async with asyncio.timeout(300):
            out = (await proc.communicate())[0].decode()
        assert proc.returncode == 0, f"`{command}` exited {proc.returncode}:\n{out[-3000:]}"
        if command.startswith("curl "):
            answer = json.loads(out)
            assert "errors" not in answer and user_errors(answer["data"]) == [], f"`{command}`: {out}"
        return out

    async def started(self, command: str, ready: str, **env: str) -> tuple[asyncio.subprocess.Process, list[str]]:
        """`command` running in the background, once a line of its output contains `ready`."""
        proc = await asyncio.create_subprocess_exec(
            *shlex.split(command), cwd=self.folder, env={**self.env, **env}, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT)
        assert proc.stdout is not None
        printed: list[str] = []

        async def stop() -> None:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            async with asyncio.timeout(60):
                await proc.wait()

        self.stack.push_async_callback(stop)
        async with asyncio.timeout(180):
            while ready not in (printed[-1] if printed else ""):
                line = (await proc.stdout.readline()).decode()
                assert line, f"`{command}` exited:\n" + "\n".join(printed[-40:])
                printed.append(line.rstrip())
        return proc, printed

    async def serve(self, command: str) -> str:
        port = free_port()
        _, printed = await self.started(f"{command} --port {port}", "Uvicorn running on")
        self.base = f"http://127.0.0.1:{port}"
        assert f"GraphQL API and GraphiQL: {self.base}/graphql" in printed
        self.key = next(line for line in printed if line.startswith("sgm_"))
        self.env["SEGMENTUM_KEY"] = self.key
        return "\n".join(printed)

    async def background_app(self, command: str) -> str:
        port = free_port()
        command = re.sub(r"--port \d+", f"--port {port}", command)
        proc, printed = await self.started(command, "Uvicorn running on")
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
        proc.send_signal(signal.SIGTERM)
        return "\n".join(printed)

    async def worker(self, command: str) -> str:
        proc, printed = await self.started(command, "Starting worker", REDIS_URL=REDIS_URL,
                                           SEGMENTUM_QUEUE=f"segmentum:readme:{uuid.uuid4().hex}")
        proc.send_signal(signal.SIGTERM)
        return "\n".join(printed)

    # ------------------------------------------------------------------ GraphQL
    async def graphql(self, block: Block) -> dict[str, Any]:
        assert self.base and self.key, f"README line {block.line}: a GraphQL block before the server runs"
        variables = variables_for(block.text, self.answers)
        if operation_kind(block.text) == "subscription":
            data = await self.subscribe(block.text, variables)
        else:
            async with httpx.AsyncClient(timeout=60) as client:
                answer = await client.post(f"{self.base}/graphql", json={"query": block.text, "variables": variables},
                                           headers={"Authorization": f"Bearer {self.key}"})
            body = answer.json()
            assert answer.status_code == 200 and "errors" not in body, f"README line {block.line}: {answer.text}"
            data = body["data"]
        assert user_errors(data) == [], f"README line {block.line}: {data}"
        self.answers.add(data)
        return data  # type: ignore[no-any-return]

    async def subscribe(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Over graphql-transport-ws, the key in connection_init: every event up to `complete`."""
        assert self.base is not None
        url = self.base.replace("http://", "ws://") + "/graphql"
        events: list[dict[str, Any]] = []
        async with connect(url, subprotocols=["graphql-transport-ws"], open_timeout=30) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {self.key}"}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps({"id": "1", "type": "subscribe",
                                      "payload": {"query": query, "variables": variables}}))
            async with asyncio.timeout(120):
                while (message := json.loads(await ws.recv()))["type"] != "complete":
                    assert message["type"] == "next" and "errors" not in message["payload"], message
                    events.append(message["payload"]["data"])
        assert events, "the subscription sent nothing"
        self.events += events
        return events[-1]


@asynccontextmanager
async def reader(tmp_path: Path) -> AsyncIterator[Reader]:
    async with AsyncExitStack() as stack:
        yield Reader(tmp_path, stack)


async def test_every_graphql_block_and_shell_command_of_the_readme_runs_in_order(tmp_path: Path) -> None:
    runnable = [b for b in blocks() if b.lang in ("graphql", "sh")]
    assert len([b for b in runnable if b.lang == "graphql"]) >= 15
    async with reader(tmp_path) as me:
        for block in runnable:
            if block.lang == "sh":
                for command in shell_commands(block):
                    me.printed[command] = await me.run(command)
            else:
                await me.graphql(block)
        # The manifest the README's commands made is registered, and the partner's key runs its operation by its
        # id (as Apollo sends it; tests/http/test_apollo_readme.py sends it with Apollo Client itself).
        [operation] = json.loads((tmp_path / "persisted-query-manifest.json").read_text())["operations"]
        assert "__typename" in operation["body"]
        partner = me.printed["segmentum api-key create partner-app --scope read --registered-documents-only"]
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{me.base}/graphql", headers={
                "Authorization": f"Bearer {partner.strip().splitlines()[-1]}"}, json={
                "variables": {"first": 3}, "extensions": {"persistedQuery": {"version": 1,
                                                                             "sha256Hash": operation["id"]}}})
        assert [e["node"]["no"] for e in answer.json()["data"]["contacts"]["edges"]] == [
            "CT000001", "CT000002", "CT000003"]
    assert (tmp_path / ".venv" / "bin" / "python").exists()  # the README's first line made the environment
    assert me.events[-1]["jobUpdated"]["status"] == "SUCCEEDED"  # the re-evaluation, followed to its end
    assert sorted(line for line in me.ran if line.startswith("not run")) == sorted(
        f"not run ({why}): {command}" for command, why in NOT_RUN.items())


def test_every_file_the_readme_names_is_in_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    named = {m for m in re.findall(r"`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+/?)`", text)
             if not m.startswith(("http", "segmentum.", "application/"))}
    assert len(named) > 20
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == [], missing


def _commands(group: click.Group, prefix: str = "segmentum") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def test_the_cli_table_lists_every_command_and_option() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## CLI"):text.index("\n## ", text.index("## CLI") + 1)]
    rows = [line for line in table.splitlines() if line.startswith("| `segmentum")]
    for name, command in _commands(cli):
        row = next((r for r in rows if f"`{name}" in r.split("|")[1]), None)
        assert row is not None, f"no row for {name}"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.opts[0] in row, f"{name} {param.opts[0]} is not in its row: {row}"
            else:
                assert (param.name or "").upper().rstrip("S") in row, f"{name} {param.name}: {row}"
