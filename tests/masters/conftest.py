"""Factories for the master-data tests: mutations by name, contacts straight through the model, an SQL counter."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise import connections

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType

_numbers = itertools.count(1)

Mutate = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def mutate(gql: Any) -> Mutate:
    """Run `<name>(input: $input)` and return its payload; `selection` is the payload's selection set."""

    async def run(name: str, input_type: str, value: dict[str, Any], selection: str) -> dict[str, Any]:
        doc = (f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection}"
               " userErrors { field message code } } }")
        return (await gql(doc, {"input": value}))[name]

    return run


@pytest.fixture
def make_contact() -> Callable[..., Awaitable[Contact]]:
    async def create(type: ContactType = ContactType.COMPANY, company: Contact | None = None,
                     **fields: Any) -> Contact:
        no = fields.pop("no", f"CTX{next(_numbers):05d}")
        contact = await Contact.create(no=no, type=type, name=fields.pop("name", f"Contact {no}"),
                                       company_id=company.id if company else None, **fields)
        if type == ContactType.COMPANY and company is None:
            # A company's company is itself.
            contact.company_id = contact.id
            await contact.save(update_fields=["company_id"])
        return contact

    return create


@pytest.fixture
def sql_count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the statements sent to the database from here on."""
    counter = {"n": 0}
    client_cls = type(connections.get("default"))
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(client_cls, name)

        async def counted(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            counter["n"] += 1
            return await _original(self, *args, **kwargs)

        monkeypatch.setattr(client_cls, name, counted)
    return counter
