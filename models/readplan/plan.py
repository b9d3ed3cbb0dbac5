"""What a read plan is made of. Plain data (model and column names, formats): a plan can be kept with its
document, compared, and sent to a job that runs it there (a bulk export walks pages of the same plan).

An object is a row of its model's table. Its scalar fields are columns of that row; a to-one relation is a join
into the same statement (`company`, `salesperson`); a to-many relation (`industryGroups`) and the statistics are
one batched statement each for every object of the plan at that place, whatever the number of rows. The answer
is built from the rows in the document's field order, formatted as the GraphQL schema serializes them.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a column's value becomes JSON, as the schema's scalar serializes it.
PLAIN, INT, FLOAT, BOOL, DATE, DATETIME, DECIMAL, ENUM = ("plain", "int", "float", "bool", "date", "datetime",
                                                          "decimal", "enum")


@dataclass(frozen=True)
class Leaf:
    """A scalar field: the column `column` of the object's row, in `format`."""

    key: str
    column: str
    format: str


@dataclass(frozen=True)
class GlobalId:
    """The Relay global ID of the object: base64 of `<type>:<id>`."""

    key: str
    type_name: str


@dataclass(frozen=True)
class Typename:
    key: str
    name: str


@dataclass(frozen=True)
class ToOne:
    """An object named by the foreign key `fk` of this row (null when it is null), joined into the statement;
    `self_when_same` answers the row itself when the key is its own id (a company's company)."""

    key: str
    fk: str
    target: ObjectPlan
    self_when_same: bool = False


@dataclass(frozen=True)
class Many:
    """The `target` records assigned to the row through the link model `link` (`link_fk` names the record,
    `contact_id` the owner), keyed by this row's `key_column` (a person's company for inherited ones), sorted
    by `sort_column`; empty unless `only_type` is null or the row's `type`."""

    key: str
    link: str
    link_fk: str
    key_column: str
    target: ObjectPlan
    sort_column: str = "code"
    only_type: str | None = None


@dataclass(frozen=True)
class Stats:
    """The contact's interaction statistics: (response key, Statistics attribute, format) per field."""

    key: str
    fields: tuple[tuple[str, str, str], ...]


Entry = Leaf | GlobalId | Typename | ToOne | Many | Stats


@dataclass(frozen=True)
class ObjectPlan:
    model: str  # the model class name in `models`
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Part:
    """A field of a connection, an edge or a page info: `kind` is one of edges, nodes, pageInfo, totalCount,
    cursor, node, hasNextPage, hasPreviousPage, startCursor, endCursor, typename (`name` then holds it)."""

    key: str
    kind: str
    parts: tuple[Part, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class ConnectionPlan:
    """A root connection (`contacts`): its parts, and the plan of its nodes."""

    key: str
    field: str
    parts: tuple[Part, ...]
    node: ObjectPlan
