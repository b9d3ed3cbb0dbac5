"""Per-request DataLoaders for the Contact type: one SQL statement per relation per page of contacts.

Nested connections (a company's persons, a contact's interactions) are batched too: one windowed
statement pages every parent of the batch at once (ROW_NUMBER() per parent), whatever the page size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from segmentum.models.classifications import Classification
from segmentum.models.contacts import Contact, ContactProfileAnswer
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.readplan.statistics import NONE as NO_STATISTICS
from segmentum.models.readplan.statistics import Statistics, statistics_of, statistics_sql
from segmentum.models.segments import SegmentLine
from segmentum.models.sql import Params, fetch_all
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import (
    DEFAULT_PAGE_SIZE,
    OrderKey,
    Page,
    _decode,
    _encode,
    _seek,
    check_page_args,
    models_from_rows,
)

M = TypeVar("M", bound=Model)
# Extra condition of a nested connection: SQL over alias `t`, given the loader key's extra part.
Extra = Callable[[Params, Any], str]


# ---------------------------------------------------------------- classifications


def assigned(loaders: Loaders, classification: Classification) -> DataLoader[int, list[Any]]:
    """The classification's records assigned to each contact, keyed by contact id, ordered by code. A company-level
    one is keyed by the COMPANY's id: persons inherit their company's."""
    link, master, key = classification.link, classification.master, classification.key

    async def batch(ids: list[int]) -> dict[int, list[Any]]:
        # One plain statement: the ORM's select_related would cost more than the rows of a page.
        p = Params()
        rows = await fetch_all(
            f"SELECT l.contact_id AS _contact, t.* FROM {link._meta.db_table} l "
            f"JOIN {master._meta.db_table} t ON t.id = l.{classification.link_fk} "
            f"WHERE l.contact_id IN {p.add_list(ids)}", p)
        out: dict[int, list[Any]] = defaultdict(list)
        for row, record in zip(rows, models_from_rows(master, rows), strict=True):
            out[row["_contact"]].append(record)
        for records in out.values():
            records.sort(key=lambda m: m.code)
        return out

    return loaders.many(f"contact.{key}", batch)


def profile_answers(loaders: Loaders) -> DataLoader[int, list[ContactProfileAnswer]]:
    """Answer rows with questionnaire, question and answer lines joined in, ordered by questionnaire and line."""

    async def batch(ids: list[int]) -> dict[int, list[ContactProfileAnswer]]:
        rows = await ContactProfileAnswer.filter(contact_id__in=ids).select_related(
            "questionnaire", "question", "answer")
        out: dict[int, list[ContactProfileAnswer]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: (r.questionnaire.code, r.answer.line_no)):
            out[row.contact_id].append(row)
        return out

    return loaders.many("contact.profile_answers", batch)


def segment_lines(loaders: Loaders) -> DataLoader[int, list[SegmentLine]]:
    """Lines holding the contact; lines exist only on open segments (logging deletes the segment)."""

    async def batch(ids: list[int]) -> dict[int, list[SegmentLine]]:
        out: dict[int, list[SegmentLine]] = defaultdict(list)
        for line in await SegmentLine.filter(contact_id__in=ids).order_by("segment_id", "line_no"):
            if line.contact_id is not None:
                out[line.contact_id].append(line)
        return out

    return loaders.many("contact.segment_lines", batch)


# ---------------------------------------------------------------- statistics


def statistics(loaders: Loaders) -> DataLoader[int, Statistics]:
    """Interaction statistics per contact in one statement (models/readplan/statistics.py)."""

    async def batch(ids: list[int]) -> list[Statistics]:
        p = Params()
        found = {row["cid"]: statistics_of(row) for row in await fetch_all(statistics_sql(p, ids), p)}
        return [found.get(i, NO_STATISTICS) for i in ids]

    return loaders.get("contact.statistics", batch)


# ---------------------------------------------------------------- nested connections


@dataclass(frozen=True)
class Nested:
    """A nested connection: rows of `model` whose `group` column holds the parent id."""

    name: str
    model: type[Model]
    group: str
    order: tuple[OrderKey, ...]
    extra: Extra


async def _count_batch(nested: Nested, keys: list[tuple[int, Hashable]]) -> list[int]:
    by_extra: dict[Hashable, list[int]] = defaultdict(list)
    for group, extra in keys:
        by_extra[extra].append(group)
    counts: dict[tuple[int, Hashable], int] = {}
    for extra, groups in by_extra.items():
        p = Params()
        sql = (f"SELECT t.{nested.group} AS g, COUNT(*) AS n FROM {nested.model._meta.db_table} t "
               f"WHERE t.{nested.group} IN {p.add_list(groups)} AND ({nested.extra(p, extra)}) "
               f"GROUP BY t.{nested.group}")
        for row in await fetch_all(sql, p):
            counts[(row["g"], extra)] = int(row["n"])
    return [counts.get(k, 0) for k in keys]


async def _pages(loaders: Loaders, nested: Nested, groups: list[int], first: int | None, after: str | None,
                 extra: Hashable) -> dict[int, Page[Any]]:
    keys = [*nested.order, OrderKey("t.id", kind="int")]
    size = first if first is not None else DEFAULT_PAGE_SIZE
    table, g = nested.model._meta.db_table, f"t.{nested.group}"
    p = Params()
    conds = [f"{g} IN {p.add_list(groups)}", f"({nested.extra(p, extra)})"]
    if after:
        conds.append(_seek(keys, _decode(after, keys, p.dialect), True, p))
    cols = ", ".join(f"{k.expr} AS _k{i}" for i, k in enumerate(keys))
    order_by = ", ".join(f"{k.expr} {'DESC' if k.desc else 'ASC'}" for k in keys)
    sql = (
        f"SELECT * FROM (SELECT t.*, {cols}, {g} AS _g, ROW_NUMBER() OVER (PARTITION BY {g} ORDER BY {order_by}) "
        f"AS _rn FROM {table} t WHERE {' AND '.join(conds)}) s WHERE s._rn <= {int(size) + 1} ORDER BY s._g, s._rn"
    )
    rows = await fetch_all(sql, p) if size > 0 else []
    per_group: dict[int, list[tuple[dict[str, Any], Any]]] = defaultdict(list)
    for row, obj in zip(rows, models_from_rows(nested.model, rows), strict=True):
        per_group[row["_g"]].append((row, obj))
    counter = loaders.get(("count", nested.name), lambda ks: _count_batch(nested, ks))
    pages: dict[int, Page[Any]] = {}
    for group in groups:
        mine = per_group.get(group, [])
        shown = mine[:size]
        pages[group] = Page(
            items=[obj for _, obj in shown],
            cursors=[_encode([r[f"_k{i}"] for i in range(len(keys))]) for r, _ in shown],
            has_next_page=len(mine) > size,
            has_previous_page=bool(after),
            count=_counting(counter, (group, extra)),
        )
    return pages


def _counting(counter: DataLoader[Any, int], key: tuple[int, Hashable]) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        return await counter.load(key)

    return count


def nested_pages(loaders: Loaders, nested: Nested) -> DataLoader[tuple[int, int | None, str | None, Hashable],
                                                                   Page[Any]]:
    """Keyed by (parent id, first, after, extra); one statement per distinct (first, after, extra)."""

    async def batch(keys: list[tuple[int, int | None, str | None, Hashable]]) -> list[Page[Any]]:
        by_args: dict[tuple[int | None, str | None, Hashable], list[int]] = defaultdict(list)
        for group, first, after, extra in keys:
            check_page_args(first, None)
            by_args[(first, after, extra)].append(group)
        found: dict[tuple[int, int | None, str | None, Hashable], Page[Any]] = {}
        for (first, after, extra), groups in by_args.items():
            for group, page in (await _pages(loaders, nested, list(dict.fromkeys(groups)), first, after,
                                             extra)).items():
                found[(group, first, after, extra)] = page
        return [found[k] for k in keys]

    return loaders.get(("pages", nested.name), batch)


PERSONS = Nested(
    name="contact.persons", model=Contact, group="company_id", order=(OrderKey("t.name"),),
    extra=lambda p, _: f"t.type = {p.add('PERSON')}",
)
# Interactions of a person in entry order; `extra` is includeCanceled.
INTERACTIONS = Nested(
    name="contact.interactions", model=InteractionLogEntry, group="contact_id", order=(),
    extra=lambda p, include_canceled: "1 = 1" if include_canceled else f"t.canceled = {p.add(False)}",
)
# A company's: every entry logged while the contact was of that company, its persons' too (as its statistics).
COMPANY_INTERACTIONS = Nested(
    name="contact.company_interactions", model=InteractionLogEntry, group="contact_company_id", order=(),
    extra=INTERACTIONS.extra,
)
