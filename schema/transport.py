"""What GraphQL over HTTP and over WebSocket share: the size of a request, strict JSON, request ids."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

# Bytes of an HTTP request body, and of a WebSocket message.
MAX_BODY_BYTES = 1_000_000
# Characters of an integer in JSON or in a document: Int is 32 bits, amounts have 16 digits before the point.
MAX_INTEGER_CHARS = 40
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _integer(digits: str) -> int:
    # Python refuses to convert more than 4,300 digits with a message about its own settings; no field takes
    # more than MAX_INTEGER_CHARS, so a longer integer is refused, saying so, before any conversion.
    if len(digits) > MAX_INTEGER_CHARS:
        raise ValueError(f"an integer of {len(digits.lstrip('-')):,} digits; at most {MAX_INTEGER_CHARS} characters "
                         "are accepted")
    return int(digits)


def load_json(text: str) -> Any:
    """Strict JSON (no NaN or Infinity, integers of at most MAX_INTEGER_CHARS); ValueError for anything else,
    nesting too deep included."""
    try:
        return json.loads(text, parse_constant=_not_json, parse_int=_integer)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def request_id_from(given: str) -> str:
    """The client's X-Request-ID when it is a plain token, else a new one."""
    return given if REQUEST_ID_RE.match(given) else new_request_id()


DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"


def document_too_long(query: str | None, max_chars: int) -> str | None:
    """Why a document is refused before it is parsed (None: it may be parsed)."""
    if query is None or max_chars <= 0 or len(query) <= max_chars:
        return None
    return (f"The document has {len(query):,} characters; at most {max_chars:,} are parsed "
            "(SEGMENTUM_MAX_DOCUMENT_CHARS).")
