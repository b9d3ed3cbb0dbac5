"""uvicorn's h11 protocol with two guards of the connection itself, before any request reaches the app:

- a request's headers have SEGMENTUM_HEADER_TIMEOUT_SECONDS (default 10) from the connection (or, on a kept-alive
  connection, from their first byte) to arrive whole; a client that sends half of them and waits is closed,
  instead of holding the connection (uvicorn has no timer until a request is complete);
- a request head over MAX_HEADER_BYTES is answered `431 Request Header Fields Too Large` (uvicorn answers 400
  and closes at once, which the client, still sending, sees as a reset, or takes a head that arrives in one
  read at any size): the answer is sent, the sending side shut, and what the client still sends is read and
  dropped for a moment before closing.

Served with `uvicorn --http segmentum.http_protocol:GuardedH11Protocol` (Procfile, `segmentum serve`).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0
MAX_HEADER_BYTES = 16 * 1024  # a request's head: its line and headers (h11's own limit on an incomplete one)
GUARDED_HTTP = "segmentum.http_protocol:GuardedH11Protocol"  # as uvicorn's `http` option names it
DRAIN_SECONDS = 1.0  # how long a refused client's remaining bytes are read and dropped


class GuardedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._header_timeout = float(os.environ.get("SEGMENTUM_HEADER_TIMEOUT_SECONDS")
                                     or DEFAULT_HEADER_TIMEOUT_SECONDS)
        self._draining = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return
        if self.conn.their_state is h11.IDLE and self._header_bytes(data) > MAX_HEADER_BYTES:
            self._refuse_headers()
            return
        super().data_received(data)
        if self.transport.is_closing():
            self._cancel_header_timer()
        elif self.conn.their_state is h11.IDLE:
            if self._header_timer is None:  # the next request's headers started coming
                self._arm_header_timer()
        else:
            self._cancel_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _header_bytes(self, data: bytes) -> int:
        """The size of the request's head so far (h11 checks only a head that is still incomplete: one that
        arrives whole in one read passes at any size)."""
        buffered = self.conn.trailing_data[0] + data
        end = buffered.find(b"\r\n\r\n")
        return end + 4 if end >= 0 else len(buffered)

    def _refuse_headers(self) -> None:
        self._cancel_header_timer()
        body = f"Request headers are larger than {MAX_HEADER_BYTES} bytes.".encode()
        self.transport.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                             b"content-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
                             b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        self._draining = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(DRAIN_SECONDS, self.transport.close)

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self._header_timeout, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()
