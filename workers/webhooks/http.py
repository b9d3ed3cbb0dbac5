"""One delivery attempt: POST to the address checked by `addresses.resolve`, no redirects, within a timeout.

The request goes to the checked IP itself (the Host header and TLS server name keep the URL's host), so a name
that resolves to a public address at the check and a private one at the connection (DNS rebinding) cannot
slip through; proxies from the environment are not used for the same reason.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from segmentum.models.webhooks.addresses import Network, RefusedAddress, resolve, target


@dataclass
class Outcome:
    status_code: int | None
    latency_ms: int
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _pinned(url: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    parts = urlsplit(url)
    _, _, port = target(url)
    host = f"[{address}]" if address.version == 6 else str(address)
    return urlunsplit((parts.scheme, f"{host}:{port}", parts.path or "/", parts.query, ""))


async def post(url: str, body: bytes, headers: dict[str, str], allowed: list[Network], limit: float) -> Outcome:
    started = time.monotonic()

    def outcome(status: int | None, error: str | None) -> Outcome:
        return Outcome(status, int((time.monotonic() - started) * 1000), error[:1000] if error else None)

    try:
        address = await resolve(url, allowed, limit)
    except RefusedAddress as exc:
        return outcome(None, f"Refused: {exc}")
    parts = urlsplit(url)
    host_header = parts.netloc.rsplit("@", 1)[-1]
    try:
        async with (
            asyncio.timeout(limit),
            httpx.AsyncClient(timeout=limit, follow_redirects=False, trust_env=False) as client,
        ):
            response = await client.post(_pinned(url, address), content=body,
                                         headers={**headers, "host": host_header},
                                         extensions={"sni_hostname": parts.hostname or ""})
    except TimeoutError:
        return outcome(None, f"Timed out after {limit:g} s.")
    except httpx.TimeoutException as exc:
        return outcome(None, f"Timed out after {limit:g} s ({type(exc).__name__}).")
    except httpx.HTTPError as exc:
        return outcome(None, f"{type(exc).__name__}: {exc}")
    if 300 <= response.status_code < 400:
        return outcome(response.status_code, f"Redirect to {response.headers.get('location', '')[:200]!r} "
                                              "not followed.")
    if not 200 <= response.status_code < 300:
        return outcome(response.status_code, f"HTTP {response.status_code}.")
    return outcome(response.status_code, None)
