"""Merge fields of interaction content, rendered by Jinja2's sandboxed environment.

A body is input from a write key, so it is held to less than the sandbox allows: when it is saved, its syntax tree
may only hold text, the documented fields (`{{ contact.name }}`, ...) and a few plain filters; statements (loops,
conditions, macros), calls, item access and any other attribute are refused with a userError naming them. What
is left renders in time linear in its length; rendering still stops at a size and a time limit per contact
(SEGMENTUM_RENDER_MAX_BYTES, SEGMENTUM_RENDER_MAX_SECONDS), and the sandbox stays the last line of defence.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown

# The documented merge fields: BC's Word merge fields for a contact, its salesperson and the interaction.
FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("no", "name", "company_name", "first_name", "middle_name", "surname", "job_title", "email",
                "phone_no", "mobile_phone_no", "address", "address2", "city", "post_code", "county", "country_code",
                "language_code"),
    "salesperson": ("code", "name", "email"),
    "interaction": ("date", "description", "subject", "segment_no", "language_code"),
}
FILTERS = frozenset({"upper", "lower", "title", "capitalize", "trim"})
MAX_BODY_CHARACTERS = 200_000


@dataclass(frozen=True)
class RenderLimits:
    max_bytes: int = 1_000_000
    max_seconds: float = 1.0


class RenderLimitExceeded(Exception):
    pass


def _environment(html: bool) -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=html, undefined=StrictUndefined, keep_trailing_newline=True)


_TEXT, _HTML = _environment(False), _environment(True)


def _refuse(code: ErrorCode, message: str, field: list[str]) -> DomainError:
    return DomainError(code, message, field)


def _check_expr(node: nodes.Node, field: list[str]) -> None:
    if isinstance(node, nodes.Filter):
        if node.name not in FILTERS or node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
            raise _refuse(ErrorCode.INVALID, f"Filter {shown(node.name)} (or its arguments) is not allowed in a "
                          f"merge field; allowed: {', '.join(sorted(FILTERS))}.", field)
        assert node.node is not None
        _check_expr(node.node, field)
        return
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        name = f"{node.node.name}.{node.attr}"
        if node.attr not in FIELDS.get(node.node.name, ()):
            raise _refuse(ErrorCode.UNKNOWN_FIELD, f"Merge field {shown(name)} is not a documented field; known: "
                          f"{', '.join(f'{k}.{f}' for k in FIELDS for f in FIELDS[k][:3])}, ... (see the README).",
                          field)
        return
    if isinstance(node, nodes.Name):
        raise _refuse(ErrorCode.UNKNOWN_FIELD, f"Merge field {shown(node.name)} is not a documented field: name one "
                      "of its values, as contact.name.", field)
    raise _refuse(ErrorCode.INVALID, f"A merge field may only name a documented field; {type(node).__name__} "
                  f"expressions are not allowed (line {node.lineno}).", field)


def check_body(body: str, html: bool, field: list[str]) -> None:
    """Refuse a body that is too long, does not parse, or holds anything but text and documented fields."""
    if len(body) > MAX_BODY_CHARACTERS:
        raise _refuse(ErrorCode.TOO_LARGE, f"The body has {len(body):,} characters; at most "
                      f"{MAX_BODY_CHARACTERS:,} are allowed.", field)
    if "\x00" in body:
        raise _refuse(ErrorCode.INVALID, "The body contains a NUL character.", field)
    try:
        tree = (_HTML if html else _TEXT).parse(body)
    except TemplateSyntaxError as exc:
        raise _refuse(ErrorCode.INVALID, f"The body is not a valid template (line {exc.lineno}: {exc.message}).",
                      field) from exc
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            raise _refuse(ErrorCode.INVALID, f"Statements ({type(statement).__name__} on line {statement.lineno}) "
                          "are not allowed in a body: only text and merge fields.", field)
        for node in statement.nodes:
            if not isinstance(node, nodes.TemplateData):
                _check_expr(node, field)


@lru_cache(maxsize=64)
def _compiled(body: str, html: bool) -> Template:
    # A delivery merges the same few bodies for every contact: each is compiled once.
    return (_HTML if html else _TEXT).from_string(body)


def render(body: str, html: bool, values: Mapping[str, Mapping[str, Any]], limits: RenderLimits) -> str:
    """The merged body; RenderLimitExceeded past the size or time limit."""
    template = _compiled(body, html)
    context = {name: {f: ("" if values.get(name, {}).get(f) is None else values[name][f]) for f in fields}
               for name, fields in FIELDS.items()}
    started = time.monotonic()
    out: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk.encode("utf-8"))
        if size > limits.max_bytes:
            raise RenderLimitExceeded(f"The merged content is larger than {limits.max_bytes:,} bytes.")
        if time.monotonic() - started > limits.max_seconds:
            raise RenderLimitExceeded(f"Rendering took longer than {limits.max_seconds:g} s.")
        out.append(chunk)
    return "".join(out)
