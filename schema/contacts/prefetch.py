"""Look-ahead for a page of contacts: load the relations the query selects on its nodes, for the whole page.

It runs the very batches the per-contact fields would run (the same per-request loaders, so the same fixed
number of statements), but before the nodes are completed, and puts the values straight into the loaders'
caches: the Contact fields then find them there and resolve synchronously, which spares graphql-core a
coroutine and a task per field and contact (and the loaders a future per key that someone waits on).
Anything not loaded here (nested connections, other entry points) goes through the loaders as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from segmentum.models import masters as mm
from segmentum.models.classifications import CLASSIFICATIONS, Classification
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.resolvers import contact_loaders as cl
from segmentum.resolvers.loaders import Loaders, load_all
from segmentum.schema.selections import selected_fields as _fields


def node_fields(info: strawberry.Info) -> set[str]:
    """GraphQL names of the fields selected on the nodes of the connection being resolved (through `nodes`
    or `edges { node }`)."""
    names: set[str] = set()
    for connection in _fields(info.selected_fields):
        for part in _fields(connection.selections):
            if part.name == "nodes":
                names.update(f.name for f in _fields(part.selections))
            elif part.name == "edges":
                for edge_field in _fields(part.selections):
                    if edge_field.name == "node":
                        names.update(f.name for f in _fields(edge_field.selections))
    return names


def _some(values: Iterable[int | None]) -> list[int]:
    return list(dict.fromkeys(v for v in values if v is not None))


Batch = Callable[[Loaders, list[Contact]], Awaitable[None] | None]


def _by_id(model: Any, keys: Callable[[list[Contact]], list[int]]) -> Batch:
    return lambda loaders, page: load_all(loaders.by_id(model), ids) if (ids := keys(page)) else None


def _many(loader: Callable[[Loaders], Any], keys: Callable[[list[Contact]], list[int]]) -> Batch:
    return lambda loaders, page: load_all(loader(loaders), ids) if (ids := keys(page)) else None


def _ids(page: list[Contact]) -> list[int]:
    return [c.id for c in page]


def _company_ids(page: list[Contact]) -> list[int]:
    return _some(c.company_id for c in page)


def _assigned(classification: Classification) -> Batch:
    # Keyed as Contact's list of the classification keys its loader (schema/masters/classifications.py).
    def own(page: list[Contact]) -> list[int]:
        return [c.id for c in page if classification.on(c.type)]

    keys = _company_ids if classification.level == ContactType.COMPANY else own
    return _many(lambda loaders: cl.assigned(loaders, classification), keys)


# GraphQL field of Contact -> how to load it for a page; keys as the field resolvers in types.py use them.
BATCHES: dict[str, Batch] = {
    "company": _by_id(Contact, lambda page: _some(c.company_id for c in page if c.company_id != c.id)),
    "salesperson": _by_id(mm.Salesperson, lambda page: _some(c.salesperson_id for c in page)),
    "territory": _by_id(mm.Territory, lambda page: _some(c.territory_id for c in page)),
    **{to_camel_case(c.plural): _assigned(c) for c in CLASSIFICATIONS},
    "profileAnswers": _many(cl.profile_answers, _ids),
    "statistics": _many(cl.statistics, _ids),
    "segmentLines": _many(cl.segment_lines, _ids),
}


async def prefetch(info: strawberry.Info, page: list[Contact]) -> None:
    """Load, for every contact of `page`, the relations selected on the connection's nodes."""
    if not page:
        return
    loaders = info.context.loaders
    pending = [batch for name in node_fields(info) if name in BATCHES
               if (batch := BATCHES[name](loaders, page)) is not None]
    # A failed batch leaves its keys unloaded: the fields that need them report the error themselves, as
    # they would without the look-ahead.
    await asyncio.gather(*pending)
