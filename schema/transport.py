"""What GraphQL over HTTP and over WebSocket share: the size of a request, strict JSON, request ids."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

# Bytes of an HTTP request body, and of a WebSocket message.
MAX_BODY_BYTES = 1_000_000
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def load_json(text: str) -> Any:
    """Strict JSON (no NaN or Infinity); ValueError for anything else, nesting too deep included."""
    try:
        return json.loads(text, parse_constant=_not_json)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def request_id_from(given: str) -> str:
    """The client's X-Request-ID when it is a plain token, else a new one."""
    return given if REQUEST_ID_RE.match(given) else new_request_id()
