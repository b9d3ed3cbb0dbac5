"""The graphql-http audit suite (GraphQL-over-HTTP conformance) against a real uvicorn server."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import httpx

from tests.http.conftest import MakeKey

HTTP_DIR = Path(__file__).resolve().parent
ROOT = HTTP_DIR.parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run(*command: str, cwd: Path, limit: float) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(*command, cwd=cwd, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), limit)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return proc.returncode or 0, out.decode(errors="replace")


async def ensure_audit_suite() -> None:
    assert shutil.which("node") and shutil.which("npm"), "Node.js and npm are needed for the HTTP audit"
    if not (HTTP_DIR / "node_modules" / "graphql-http").is_dir():
        code, out = await run("npm", "ci", "--no-audit", "--no-fund", cwd=HTTP_DIR, limit=300)
        assert code == 0, out


def log_text(log: Path) -> str:
    return log.read_text()


async def wait_healthy(base: str, proc: asyncio.subprocess.Process, log: Path) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(150):
            assert proc.returncode is None, f"uvicorn exited early:\n{log_text(log)}"
            try:
                if (await client.get(f"{base}/healthz", timeout=2)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"uvicorn did not become healthy:\n{log_text(log)}")


async def test_graphql_over_http_audit_passes(db: str, make_key: MakeKey) -> None:
    await ensure_audit_suite()
    secret = await make_key("read", name="audit")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": db}
    env.pop("REDIS_URL", None)
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "uvicorn", "segmentum.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
            cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            await wait_healthy(base, proc, Path(log.name))
            code, out = await run("node", "audit.mjs", f"{base}/graphql", secret, cwd=HTTP_DIR, limit=120)
        finally:
            if proc.returncode is None:
                proc.terminate()
                try:
                    await asyncio.wait_for(proc.wait(), 10)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
    assert code == 0, out
    assert "0 MUST/SHOULD failures, 0 MAY notices" in out, out
