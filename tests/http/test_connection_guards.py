"""The connection itself, against a real uvicorn served as in production (segmentum/http_protocol.py): half-sent
headers are not kept, oversized headers are answered 431."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from segmentum.http_protocol import MAX_HEADER_BYTES
from tests.http.conftest import live_server

HEADER_TIMEOUT_S = 2.0


@pytest.fixture(scope="module")
async def address(database_url: str) -> AsyncIterator[tuple[str, int]]:
    async with live_server(database_url, SEGMENTUM_HEADER_TIMEOUT_SECONDS=str(HEADER_TIMEOUT_S)) as base:
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port)


async def closed_after(reader: asyncio.StreamReader, within: float) -> float:
    started = time.monotonic()
    async with asyncio.timeout(within):
        while await reader.read(65536):
            pass
    return time.monotonic() - started


@pytest.mark.parametrize("sent", [b"", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "])
async def test_half_sent_headers_are_not_kept(address: tuple[str, int], sent: bytes) -> None:
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(sent)
        await writer.drain()
        took = await closed_after(reader, HEADER_TIMEOUT_S + 5)
        assert HEADER_TIMEOUT_S - 0.5 <= took < HEADER_TIMEOUT_S + 2
    finally:
        writer.close()


async def test_a_kept_alive_connection_times_its_next_headers_too(address: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        lengths = [line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")]
        length = int(lengths[0])
        await reader.readexactly(length)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and then nothing
        await writer.drain()
        await closed_after(reader, HEADER_TIMEOUT_S + 5)
    finally:
        writer.close()


async def test_oversized_headers_are_answered_431(address: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (4 * MAX_HEADER_BYTES) + b"\r\n\r\n")
        await writer.drain()
        async with asyncio.timeout(10):
            answer = await reader.read()
        assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
        assert f"larger than {MAX_HEADER_BYTES} bytes".encode() in answer
    finally:
        writer.close()


async def test_a_client_still_sending_oversized_headers_reads_the_431(address: tuple[str, int]) -> None:
    # The server refuses after the first part; closing at once would reset the connection under the answer.
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (2 * MAX_HEADER_BYTES))
        await writer.drain()
        await asyncio.sleep(0.3)
        writer.write(b"a" * (16 * MAX_HEADER_BYTES) + b"\r\n\r\n")
        await writer.drain()
        async with asyncio.timeout(10):
            answer = await reader.read()
        assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    finally:
        writer.close()
