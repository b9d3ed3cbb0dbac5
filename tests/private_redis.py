"""A private redis-server on its own port, for tests that stop, restart or limit Redis (never the shared one)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def private_redis(port: int, data_dir: str | None = None) -> AsyncIterator[asyncio.subprocess.Process]:
    """With `data_dir`: append-only with fsync on every write, so a restart keeps every queued job, as a production
    Redis should; it is stopped gracefully. Without: it keeps nothing, so stopping it and starting another is a
    restart that lost all; it is killed."""
    with tempfile.TemporaryDirectory() as scratch:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if data_dir else ["--appendonly", "no"]
        proc = await asyncio.create_subprocess_exec(
            "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", data_dir or scratch, *persistence,
            "--save", "", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            async with asyncio.timeout(10):
                while True:
                    check = await asyncio.create_subprocess_exec("redis-cli", "-p", str(port), "ping",
                                                                 stdout=asyncio.subprocess.PIPE)
                    if (await check.communicate())[0].strip() == b"PONG":
                        break
                    await asyncio.sleep(0.05)
            yield proc
        finally:
            if proc.returncode is None:
                if data_dir:
                    proc.terminate()
                else:
                    proc.kill()
                await proc.wait()
