"""Keyset pagination over any table: stable under inserts, no OFFSET, bounded page size."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from tortoise.models import Model

from models.sql import Params, fetch_all, fetch_value

M = TypeVar("M", bound=Model)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class PaginationError(ValueError):
    """Bad paging arguments; reported to the client as BAD_USER_INPUT."""


@dataclass(frozen=True)
class OrderKey:
    """One ORDER BY term: a SQL expression over alias `t`, and how cursor values are typed."""

    expr: str
    desc: bool = False
    kind: str = "str"  # str | int | date | datetime | bool


@dataclass
class Page(Generic[M]):
    items: list[M]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]] = field(repr=False)


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode()


def _decode(cursor: str, order: list[OrderKey], sql_dialect: str) -> list[Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise PaginationError(f"The cursor {cursor!r} is not valid.") from exc
    if not isinstance(raw, list) or len(raw) != len(order):
        raise PaginationError(f"The cursor {cursor!r} is not valid for this list.")
    out: list[Any] = []
    for value, key in zip(raw, order, strict=True):
        try:
            if value is None:
                out.append(None)
            elif key.kind in ("datetime", "date") and sql_dialect == "sqlite":
                # SQLite stores dates as text; compare with the stored text as it came out.
                out.append(str(value))
            elif key.kind == "datetime":
                out.append(datetime.fromisoformat(value))
            elif key.kind == "date":
                out.append(date.fromisoformat(value))
            elif key.kind == "int":
                out.append(int(value))
            elif key.kind == "bool":
                out.append(bool(value))
            else:
                out.append(str(value))
        except (TypeError, ValueError) as exc:
            raise PaginationError(f"The cursor {cursor!r} is not valid for this list.") from exc
    return out


def _seek(order: list[OrderKey], values: list[Any], forward: bool, params: Params) -> str:
    """(k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... with each key's direction."""
    ors: list[str] = []
    for i, key in enumerate(order):
        terms = [f"{order[j].expr} = {params.add(values[j])}" for j in range(i)]
        greater = forward != key.desc
        terms.append(f"{key.expr} {'>' if greater else '<'} {params.add(values[i])}")
        ors.append("(" + " AND ".join(terms) + ")")
    return "(" + " OR ".join(ors) + ")"


def _key_column(i: int) -> str:
    # Named so as not to clash with any model column selected next to it (t.*).
    return f"_k{i}"


def models_from_rows(model: type[M], rows: list[Any]) -> list[M]:
    """Model instances from rows selected with `t.*` (extra columns are ignored), converted as Tortoise's
    own queries convert them."""
    return [model._init_from_db(**row) for row in rows]


def check_page_args(first: int | None, last: int | None, max_size: int = MAX_PAGE_SIZE) -> None:
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise PaginationError(f"`{name}` must not be negative, got {value}.")
        if value is not None and value > max_size:
            raise PaginationError(f"`{name}` is at most {max_size}, got {value}.")
    if first is not None and last is not None:
        raise PaginationError("Pass either `first` or `last`, not both.")


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
    check_page_args(first, last, max_size)
    keys = [*(order or []), OrderKey("t.id", kind="int")]
    table = model._meta.db_table
    backward = last is not None and first is None
    size = last if backward else (first if first is not None else DEFAULT_PAGE_SIZE)
    assert size is not None

    params = Params()
    conds: list[str] = []
    if where is not None:
        conds.append(f"({where(params)})")
    if after:
        conds.append(_seek(keys, _decode(after, keys, params.dialect), True, params))
    if before:
        conds.append(_seek(keys, _decode(before, keys, params.dialect), False, params))

    def direction(k: OrderKey) -> str:
        return "DESC" if k.desc != backward else "ASC"

    cols = ", ".join(f"{k.expr} AS {_key_column(i)}" for i, k in enumerate(keys))
    sql = (
        f"SELECT t.*, {cols} FROM {table} t"
        + (f" WHERE {' AND '.join(conds)}" if conds else "")
        + " ORDER BY "
        + ", ".join(f"{k.expr} {direction(k)}" for k in keys)
        + f" LIMIT {int(size) + 1}"
    )
    rows = await fetch_all(sql, params) if size > 0 else []
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    items = models_from_rows(model, rows)
    cursors = [_encode([row[_key_column(i)] for i in range(len(keys))]) for row in rows]

    async def count() -> int:
        p = Params()
        cond = f" WHERE {where(p)}" if where is not None else ""
        return int(await fetch_value(f"SELECT COUNT(*) FROM {table} t{cond}", p) or 0)

    return Page(
        items=items,
        cursors=cursors,
        has_next_page=more if not backward else bool(before),
        has_previous_page=more if backward else bool(after),
        count=count,
    )
