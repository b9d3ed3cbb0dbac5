"""Before `segmentum serve` does anything: can it listen on the port, and if not, who holds it (another Segmentum,
or some other program)? Binding is tried with the socket options uvicorn uses, so the answer is uvicorn's."""

from __future__ import annotations

import errno
import json
import socket
import urllib.error
import urllib.request

PROBE_TIMEOUT_SECONDS = 2.0
MAX_PROBE_BYTES = 4096
PORTS_TRIED_FOR_A_SUGGESTION = 20
HEALTH_KEYS = {"status", "database", "redis"}


def _can_bind(host: str, port: int) -> bool:
    """True when host:port can be bound now; False when something listens there; other errors are raised."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def _loopback_for(host: str) -> str:
    """Where to reach a server that listens on `host` from this machine."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def is_segmentum(host: str, port: int) -> bool:
    """Whether the server on host:port answers /healthz as Segmentum does."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through an HTTP_PROXY
    try:
        with direct.open(f"{_url(_loopback_for(host), port)}/healthz", timeout=PROBE_TIMEOUT_SECONDS) as response:
            body = json.loads(response.read(MAX_PROBE_BYTES))
    except urllib.error.HTTPError as exc:  # 503: Segmentum, with its database or Redis down
        try:
            body = json.loads(exc.read(MAX_PROBE_BYTES))
        except ValueError:
            return False
    except (OSError, ValueError):
        return False
    return isinstance(body, dict) and HEALTH_KEYS <= body.keys()


def _free_port_after(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + PORTS_TRIED_FOR_A_SUGGESTION, 65535) + 1):
        if _can_bind(host, candidate):
            return candidate
    return None


def why_not_serve(host: str, port: int) -> str | None:
    """None when `segmentum serve` can listen on host:port; otherwise what to tell the user."""
    try:
        if _can_bind(host, port):
            return None
    except OSError as exc:
        return f"Cannot listen on {host}:{port}: {exc.strerror or exc}."
    free = _free_port_after(host, port)
    elsewhere = f"start this one on a free port: segmentum serve --port {free}" if free else \
        "start this one on another port with --port"
    url = _url(host, port)
    if is_segmentum(host, port):
        return (f"Segmentum is already serving on {url} (GraphiQL: {url}/graphql). "
                f"Use that one, stop it, or {elsewhere}.")
    return f"Port {port} on {host} is in use by another program. Stop it, or {elsewhere}."
