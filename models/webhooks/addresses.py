"""Which addresses a webhook may reach: public ones, and private ones an allow-list setting names (SSRF guard)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedAddress(ValueError):
    """The URL is malformed, does not resolve, or resolves to an address endpoints may not use."""


def networks(allowed: list[str]) -> list[Network]:
    return [ipaddress.ip_network(item, strict=False) for item in allowed]


def is_internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or not address.is_global)


def check(address: Address, allowed: list[Network]) -> None:
    if is_internal(address) and not any(address in net for net in allowed):
        raise RefusedAddress(f"{address} is a private, loopback or link-local address that "
                             f"SEGMENTUM_WEBHOOK_ALLOWED_NETWORKS does not name.")


def target(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; RefusedAddress otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise RefusedAddress(f"{url[:100]!r} is not a URL: {exc}.") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress(f"{url[:100]!r} is not an http or https URL with a host.")
    if parts.username or parts.password:
        raise RefusedAddress("A webhook URL may not carry credentials.")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


async def getaddrinfo(host: str, port: int) -> list[Any]:
    """The resolver (one name, at every check: the answer is never cached here)."""
    return await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)


async def resolve(url: str, allowed: list[Network], limit: float) -> Address:
    """The address to connect to: every address the host resolves to must be allowed (the first one is used)."""
    _, host, port = target(url)
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        found = [literal]
    else:
        try:
            async with asyncio.timeout(limit):
                infos = await getaddrinfo(host, port)
        except (OSError, TimeoutError) as exc:
            raise RefusedAddress(f"{host!r} does not resolve: {exc or 'timed out'}.") from exc
        found = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not found:
            raise RefusedAddress(f"{host!r} does not resolve.")
    for address in found:
        check(address, allowed)
    return found[0]
