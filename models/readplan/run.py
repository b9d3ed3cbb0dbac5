"""Running a read plan over rows: the columns and joins its objects need, one batched statement per to-many
relation and per statistics, and the JSON-ready answer built by one function generated for the plan.

The function is Python source made from the plan (as graphql-jit does for JavaScript): a dict display per
object, in the document's field order, with every value read from its row column and formatted as the schema
serializes it. Nothing is looked up per field and row; literals enter the source only through repr().
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from segmentum import models
from segmentum.models.readplan.plan import (
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    ENUM,
    FLOAT,
    GlobalId,
    Leaf,
    Many,
    ObjectPlan,
    Stats,
    ToOne,
    Typename,
)
from segmentum.models.readplan.statistics import NONE, Statistics, statistics_of, statistics_sql
from segmentum.models.sql import Params

Row = Mapping[str, Any]
Fetch = Callable[[str, Params], Awaitable[list[Row]]]


def model_class(name: str) -> Any:
    return getattr(models, name)


def global_id(type_name: str, pk: Any) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def _python_value(model: Any, column: str) -> Callable[[Any], Any] | None:
    """How Tortoise turns this column's raw value into the attribute (model._init_from_db): None for native."""
    meta = model._meta
    for _key, name, _field in meta.db_native_fields:
        if name == column:
            return None
    for _key, name, field in meta.db_default_fields:
        if name == column:
            return field.field_type  # type: ignore[no-any-return]
    return meta.fields_map[column].to_python_value  # type: ignore[no-any-return]


_SERIALIZE: dict[str, Callable[[Any], Any]] = {
    FLOAT: float, BOOL: bool, DATE: lambda v: v.isoformat(), DATETIME: lambda v: v.isoformat(), DECIMAL: str,
    ENUM: lambda v: v.name,
}


def formatter(model: Any, column: str, fmt: str) -> Callable[[Any], Any] | None:
    """raw column value -> JSON value (None stays None); None when the raw value is the answer."""
    to_python = _python_value(model, column)
    serialize = _SERIALIZE.get(fmt)
    if to_python is None and serialize is None:
        return None
    if serialize is None:
        return to_python
    if to_python is None:
        return serialize
    if fmt == ENUM:
        # An enum column holds a few values: each converted once (Enum(value) is slow, and a bulk export calls it
        # for every row).
        names: dict[Any, Any] = {}

        def enum_name(raw: Any) -> Any:
            if raw not in names:
                names[raw] = serialize(to_python(raw))
            return names[raw]

        return enum_name
    return lambda raw: serialize(to_python(raw))


def stats_json(stats: Statistics, fields: tuple[tuple[str, str, str], ...]) -> dict[str, Any]:
    out = {}
    for key, name, fmt in fields:
        value = getattr(stats, name)
        out[key] = None if value is None else _SERIALIZE.get(fmt, lambda v: v)(value)
    return out


def owners(p: Params, keys: list[Any]) -> str:
    """`IN (...)` the keys; on PostgreSQL `= ANY($n)`, one parameter: the statement's text stays the same whatever
    the number of keys (prepared once per connection, not once per page)."""
    if p.dialect == "postgres":
        return f"= ANY({p.add(keys)})"
    return f"IN {p.add_list(keys)}"


class Batch:
    """One to-many relation or statistics of the plan: its keys from every row, one statement for all."""

    def __init__(self, entry: Many | Stats, key_column: str, type_column: str | None) -> None:
        self.entry, self.key_column, self.type_column = entry, key_column, type_column
        self.target: ObjectRunner | None = None
        if isinstance(entry, Many):
            self.target = ObjectRunner(entry.target, alias="t", leaves_only=True)

    async def run(self, rows: list[Row], fetch: Fetch, dialect: str) -> dict[Any, Any]:
        entry = self.entry
        if isinstance(entry, Many):
            wanted = entry.only_type
            keys = list(dict.fromkeys(row[self.key_column] for row in rows if row[self.key_column] is not None and (
                wanted is None or row[self.type_column or ""] == wanted)))
        else:
            keys = list(dict.fromkeys(row[self.key_column] for row in rows))
        if not keys:
            return {}
        p = Params(dialect)
        if isinstance(entry, Stats):
            found = {row["cid"]: stats_json(statistics_of(row), entry.fields)
                     for row in await fetch(statistics_sql(p, keys), p)}
            return found
        assert self.target is not None
        link = model_class(entry.link)._meta
        target = model_class(entry.target.model)._meta
        link_column = link.fields_map[entry.link_fk].source_field
        sql = (f"SELECT l.contact_id AS _owner, t.{entry.sort_column} AS _sort, {', '.join(self.target.columns)} "
               f"FROM {link.db_table} l JOIN {target.db_table} t ON t.id = l.{link_column} "
               f"WHERE l.contact_id {owners(p, keys)}")
        grouped: dict[Any, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
        build = self.target.build
        for row in await fetch(sql, p):
            grouped[row["_owner"]].append((row["_sort"], build(row, ())))
        return {owner: [obj for _, obj in sorted(items, key=lambda item: item[0])] for owner, items in grouped.items()}


class ObjectRunner:
    """The columns, joins, batches and build function of an object plan, made once."""

    def __init__(self, plan: ObjectPlan, alias: str = "t", leaves_only: bool = False) -> None:
        self.columns: list[str] = []
        self.joins: list[str] = []
        self.batches: list[Batch] = []
        self._selected: set[str] = set()
        self._namespace: dict[str, Any] = {}
        self._joined = 0
        self.leaves_only = leaves_only
        source = self._object(plan, alias)
        code = f"def build(row, res):\n    return {source}\n"
        exec(compile(code, f"<read plan {plan.model}>", "exec"), self._namespace)  # noqa: S102 - see module doc
        self.build: Callable[[Row, Any], dict[str, Any]] = self._namespace["build"]

    def _column(self, model: Any, alias: str, column: str) -> str:
        """The row key of `alias.column`, selected once."""
        name = f"{alias}__{column}"
        if name not in self._selected:
            self._selected.add(name)
            self.columns.append(f"{alias}.{model._meta.fields_map[column].source_field or column} AS {name}")
        return name

    def _constant(self, value: Any) -> str:
        name = f"c{len(self._namespace)}"
        self._namespace[name] = value
        return name

    def _object(self, plan: ObjectPlan, alias: str) -> str:
        model = model_class(plan.model)
        items = []
        for entry in plan.entries:
            items.append(f"{entry.key!r}: {self._value(entry, model, alias)}")
        return "{" + ", ".join(items) + "}"

    def _value(self, entry: Any, model: Any, alias: str) -> str:
        if isinstance(entry, Typename):
            return repr(entry.name)
        if isinstance(entry, GlobalId):
            return f"{self._constant(global_id)}({entry.type_name!r}, row[{self._column(model, alias, 'id')!r}])"
        if isinstance(entry, Leaf):
            read = f"row[{self._column(model, alias, entry.column)!r}]"
            convert = formatter(model, entry.column, entry.format)
            if convert is None:
                return read
            return f"(None if {read} is None else {self._constant(convert)}({read}))"
        if self.leaves_only:
            raise ValueError(f"{type(entry).__name__} inside a list of records is not planned")
        if isinstance(entry, ToOne):
            target = model_class(entry.target.model)
            self._joined += 1
            joined = f"j{self._joined}"
            fk = self._column(model, alias, entry.fk)
            self.joins.append(f"LEFT JOIN {target._meta.db_table} {joined} ON {joined}.id = "
                              f"{alias}.{model._meta.fields_map[entry.fk].source_field or entry.fk}")
            return f"(None if row[{fk!r}] is None else {self._object(entry.target, joined)})"
        if isinstance(entry, Many):
            key = self._column(model, alias, entry.key_column)
            type_column = self._column(model, alias, "type") if entry.only_type else None
            self.batches.append(Batch(entry, key, type_column))
            found = f"res[{len(self.batches) - 1}].get(row[{key!r}], [])"
            if entry.only_type:
                return f"({found} if row[{type_column!r}] == {entry.only_type!r} else [])"
            return found
        if isinstance(entry, Stats):
            key = self._column(model, alias, "id")
            self.batches.append(Batch(entry, key, None))
            none = self._constant(stats_json(NONE, entry.fields))
            return f"(res[{len(self.batches) - 1}].get(row[{key!r}]) or dict({none}))"
        raise ValueError(f"{type(entry).__name__} is not planned")

    async def results(self, rows: list[Row], fetch: Fetch, dialect: str) -> list[dict[Any, Any]]:
        """What the batches found for `rows`: one statement each."""
        return [await batch.run(rows, fetch, dialect) for batch in self.batches]

    def build_all(self, rows: list[Row], results: list[dict[Any, Any]]) -> list[dict[str, Any]]:
        build = self.build
        return [build(row, results) for row in rows]

    async def complete(self, rows: list[Row], fetch: Fetch, dialect: str) -> list[dict[str, Any]]:
        """The answer for `rows` (selected with `columns` and `joins`): the batches, then one build per row."""
        return self.build_all(rows, await self.results(rows, fetch, dialect))
