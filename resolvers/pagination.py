"""Keyset pagination over any table: stable under inserts, no OFFSET, bounded page size."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from tortoise.models import Model

from segmentum.models.errors import shown
from segmentum.models.sql import Params, fetch_all, fetch_value

M = TypeVar("M", bound=Model)
T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# A bulk query's job pages by thousands through the same resolvers (workers/bulk_query); nothing else sets it.
bulk_page_size: ContextVar[int] = ContextVar("segmentum_bulk_page_size", default=0)


class PaginationError(ValueError):
    """Bad paging arguments; reported to the client as BAD_USER_INPUT, naming the argument when known."""

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True)
class OrderKey:
    """One ORDER BY term: a SQL expression over alias `t`, and how cursor values are typed."""

    expr: str
    desc: bool = False
    kind: str = "str"  # str | int | bigint | date | datetime | bool


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]] = field(repr=False)


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode()


MAX_CURSOR_LENGTH = 2_000
MAX_CURSOR_TEXT = 1_000  # characters of one text value in a cursor (longer than any sorted column)
MIN_INT, MAX_INT = -(2**31), 2**31 - 1  # integer keys are 32-bit columns
MIN_BIGINT, MAX_BIGINT = -(2**63), 2**63 - 1  # computed keys (membership event ids)


def _cursor_value(value: Any, kind: str, sql_dialect: str) -> Any:
    """One key value of a cursor, checked against the type of its key; ValueError when it cannot be one."""
    if value is None:
        return None
    if kind in ("int", "bigint"):
        low, high = (MIN_INT, MAX_INT) if kind == "int" else (MIN_BIGINT, MAX_BIGINT)
        if type(value) is not int or not low <= value <= high:
            raise ValueError(value)
        return value
    if kind == "bool":
        if type(value) is not bool:
            raise ValueError(value)
        return value
    if type(value) is not str or len(value) > MAX_CURSOR_TEXT or "\x00" in value:
        raise ValueError(value)
    value.encode("utf-8")  # UnicodeEncodeError (a ValueError) for an unpaired surrogate
    if kind == "datetime":
        parsed: Any = datetime.fromisoformat(value)
    elif kind == "date":
        parsed = date.fromisoformat(value)
    else:
        return value
    # SQLite stores dates as text; compare with the stored text as it came out.
    return value if sql_dialect == "sqlite" else parsed


def _decode(cursor: str, order: list[OrderKey], sql_dialect: str, argument: str = "after") -> list[Any]:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise PaginationError(f"The cursor {shown(cursor)} is not valid.", argument)
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeError, RecursionError) as exc:
        raise PaginationError(f"The cursor {shown(cursor)} is not valid.", argument) from exc
    if not isinstance(raw, list) or len(raw) != len(order):
        raise PaginationError(f"The cursor {shown(cursor)} is not valid for this list.", argument)
    try:
        return [_cursor_value(value, key.kind, sql_dialect) for value, key in zip(raw, order, strict=True)]
    except (TypeError, ValueError) as exc:
        raise PaginationError(f"The cursor {shown(cursor)} is not valid for this list.", argument) from exc


def _seek(order: list[OrderKey], values: list[Any], forward: bool, params: Params) -> str:
    """(k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... with each key's direction."""
    ors: list[str] = []
    for i, key in enumerate(order):
        terms = [f"{order[j].expr} = {params.add(values[j])}" for j in range(i)]
        greater = forward != key.desc
        terms.append(f"{key.expr} {'>' if greater else '<'} {params.add(values[i])}")
        ors.append("(" + " AND ".join(terms) + ")")
    # The first key's own bound, implied by the terms, lets an index on it start at the cursor: without it the
    # planner reads the index from the start and filters, so that each page costs its position (deep pages of an
    # export would cost the table each).
    first = order[0]
    bound = f"{first.expr} {'>=' if forward != first.desc else '<='} {params.add(values[0])}"
    return "(" + bound + " AND (" + " OR ".join(ors) + "))"


def _key_column(i: int) -> str:
    # Named so as not to clash with any model column selected next to it (t.*).
    return f"_k{i}"


def models_from_rows(model: type[M], rows: list[Any]) -> list[M]:
    """Model instances from rows selected with `t.*` (extra columns are ignored), converted as Tortoise's
    own queries convert them."""
    return [model._init_from_db(**row) for row in rows]


def check_page_args(first: int | None, last: int | None, max_size: int = MAX_PAGE_SIZE) -> None:
    max_size = max(max_size, bulk_page_size.get())
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise PaginationError(f"`{name}` must not be negative, got {value}.", name)
        if value is not None and value > max_size:
            raise PaginationError(f"`{name}` is at most {max_size}, got {value}.", name)
    if first is not None and last is not None:
        raise PaginationError("Pass either `first` or `last`, not both.", "last")


async def keyset_page(
    model: type[M],
    *,
    where: Callable[[Params], str] | None = None,
    order: list[OrderKey] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    max_size: int = MAX_PAGE_SIZE,
) -> Page[M]:
    """One page of `model` rows matching `where` (SQL over alias `t`), in `order` plus id as tiebreak.

    `where` is a function so that it can bind its values into the Params of each statement.
    """
    return await keyset_rows_page(
        model._meta.db_table, lambda rows: models_from_rows(model, rows), where=where, order=order, first=first,
        after=after, last=last, before=before, max_size=max_size,
    )


async def keyset_rows_page(
    source: str | Callable[[Params, list[Any] | None, int], str],
    build: Callable[[list[dict[str, Any]]], list[T]],
    *,
    where: Callable[[Params], str] | None = None,
    order: list[OrderKey] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    max_size: int = MAX_PAGE_SIZE,
    id_kind: str = "int",
    columns: str = "t.*",
    joins: str = "",
    fetch: Callable[[str, Params], Awaitable[list[Any]]] | None = None,
    last_cursor_only: bool = False,
    total: Callable[[Params], str] | None = None,
) -> Page[T]:
    """One page of the rows of `source` (a table, or a parenthesised SELECT with an integer `id` column of
    `id_kind`), made into items by `build`; as keyset_page. `columns` and `joins` (over alias `t`) say what
    the rows hold; `fetch` runs the page's statement (default: a pooled connection of its own).

    `source` may also be a function of (params, the `after` cursor's values or None, the rows wanted) giving
    a SELECT of at least the first rows after the cursor (forward pages only), and `total` a SELECT of the
    count of every row (default: the count of `source`'s rows)."""
    check_page_args(first, last, max_size)
    keys = [*(order or []), OrderKey("t.id", kind=id_kind)]
    backward = last is not None and first is None
    size = last if backward else (first if first is not None else DEFAULT_PAGE_SIZE)
    assert size is not None

    params = Params()
    after_values = _decode(after, keys, params.dialect, "after") if after else None
    if callable(source):
        if backward or before:
            raise PaginationError("This list pages forward only (`first`, `after`).", "last" if backward else "before")
        table = source(params, after_values, int(size) + 1)
    else:
        table = source
    conds: list[str] = []
    if where is not None:
        conds.append(f"({where(params)})")
    if after_values is not None:
        conds.append(_seek(keys, after_values, True, params))
    if before:
        conds.append(_seek(keys, _decode(before, keys, params.dialect, "before"), False, params))

    def direction(k: OrderKey) -> str:
        return "DESC" if k.desc != backward else "ASC"

    cols = ", ".join(f"{k.expr} AS {_key_column(i)}" for i, k in enumerate(keys))
    sql = (
        f"SELECT {columns}, {cols} FROM {table} t{' ' + joins if joins else ''}"
        + (f" WHERE {' AND '.join(conds)}" if conds else "")
        + " ORDER BY "
        + ", ".join(f"{k.expr} {direction(k)}" for k in keys)
        + f" LIMIT {int(size) + 1}"
    )
    rows = await (fetch or fetch_all)(sql, params) if size > 0 else []
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    items = build(rows)
    # A walk that only goes on from the page's end (a bulk export) needs its last cursor alone.
    cursor_rows = rows[-1:] if last_cursor_only else rows
    cursors = [_encode([row[_key_column(i)] for i in range(len(keys))]) for row in cursor_rows]

    async def count() -> int:
        p = Params()
        if total is not None:
            sql = total(p)
            if fetch is not None:
                return int(next(iter((await fetch(sql, p))[0].values())) or 0)
            return int(await fetch_value(sql, p) or 0)
        if callable(source):
            raise NotImplementedError("a page source given as a function needs its `total`")
        cond = f" WHERE {where(p)}" if where is not None else ""
        if fetch is not None:
            return int((await fetch(f"SELECT COUNT(*) AS n FROM {table} t{cond}", p))[0]["n"] or 0)
        return int(await fetch_value(f"SELECT COUNT(*) FROM {table} t{cond}", p) or 0)

    return Page(
        items=items,
        cursors=cursors,
        has_next_page=more if not backward else bool(before),
        has_previous_page=more if backward else bool(after),
        count=count,
    )
