"""The README's examples, for the tests that run them as a reader would: one example by the text before it, or
every code block in order, with the values a GraphQL block's variables take from the answers before it (as the
README's text says: "pass the segment's `id` as `$id`")."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import (
    ArgumentNode,
    FieldNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectFieldNode,
    OperationDefinitionNode,
    VariableNode,
    parse,
    visit,
)
from graphql.language import Visitor

README = Path(__file__).resolve().parents[1] / "README.md"
# A variable that no answer names takes this value (the README says `first` defaults to 20).
DEFAULTS = {"first": 20}


@dataclass
class Block:
    lang: str
    text: str
    line: int  # of the opening fence, 1-based


def blocks(lang: str | None = None) -> list[Block]:
    text = README.read_text(encoding="utf-8")
    found = [Block(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1)
             for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M)]
    return [b for b in found if lang is None or b.lang == lang]


def shell_commands(block: Block) -> list[str]:
    """The commands of a shell block, one per line, without comments."""
    commands = []
    for line in block.text.splitlines():
        command = re.split(r"\s+#\s", line, maxsplit=1)[0].strip()
        if command and not command.startswith("#"):
            commands.append(command)
    return commands


def node_type(value: Any) -> str | None:
    """The type name inside a Relay global ID, or None when `value` is not one."""
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    name, sep, pk = decoded.partition(":")
    return name if sep and pk.isdigit() and name[:1].isupper() else None


class Answers:
    """What earlier answers held: every field's value by field name, and every global ID by its type."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.ids: dict[str, str] = {}

    def add(self, value: Any, name: str | None = None) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self.add(item, key)
        elif isinstance(value, list):
            for item in value:
                self.add(item, name)
        elif value is not None and name is not None:
            self.fields[name] = value
            if (type_name := node_type(value)) is not None:
                self.ids[type_name] = value

    def id_of(self, type_hint: str) -> str | None:
        """The latest ID of the type `type_hint` starts with (`loggedSegmentSetCanceled` -> LoggedSegment)."""
        hint = type_hint.lower()
        types = sorted((t for t in self.ids if hint.startswith(t.lower())), key=len, reverse=True)
        return self.ids[types[0]] if types else None


def _type_name(node: Any) -> tuple[str, bool]:
    """(named type, non-null) of a variable definition's type."""
    if isinstance(node, NonNullTypeNode):
        return _type_name(node.type)[0], True
    if isinstance(node, ListTypeNode):
        return "List", False
    assert isinstance(node, NamedTypeNode)
    return node.name.value, False


def variables_for(document: str, answers: Answers) -> dict[str, Any]:
    """Values for the variables of `document`'s operation, from the answers before it."""
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    uses: dict[str, tuple[str, str]] = {}  # variable -> (argument or input field, root field)

    class Uses(Visitor):
        def enter_variable(self, node: VariableNode, key: Any, parent: Any, path: Any, ancestors: Any) -> None:
            named = [a for a in [*ancestors, parent] if isinstance(a, ArgumentNode | ObjectFieldNode)]
            fields = [a for a in ancestors if isinstance(a, FieldNode)]
            if named and fields:
                uses.setdefault(node.name.value, (named[-1].name.value, fields[0].name.value))

    visit(operation.selection_set, Uses())
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        type_name, required = _type_name(definition.type)
        where, root = uses.get(name, (name, ""))
        if type_name == "ID":
            value = answers.id_of(where[:-2] if where.endswith("Id") else root)
        else:
            value = answers.fields.get(where, DEFAULTS.get(name))
        assert value is not None or not required, f"no earlier answer gives ${name} ({where} of {root})"
        values[name] = value
    return values


def operation_kind(document: str) -> str:
    operation = next(d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode))
    return operation.operation.value


def user_errors(value: Any) -> list[Any]:
    """Every userError anywhere in an answer."""
    if isinstance(value, dict):
        found = list(value.get("userErrors") or [])
        for key, item in value.items():
            if key != "userErrors":
                found += user_errors(item)
        return found
    if isinstance(value, list):
        return [e for item in value for e in user_errors(item)]
    return []


def readme_example(after: str) -> str:
    """The first GraphQL block of README.md after the text `after`."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```graphql\n(.*?)```", text[text.index(after):], re.S)
    assert block, f"no GraphQL example after {after!r} in README.md"
    return block.group(1)
