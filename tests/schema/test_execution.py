"""schema/execution.py resolves plain attributes and self-and-info resolvers directly: the answers, errors
(messages, paths, order) and nulls must be exactly graphql-core's, whatever the fields do."""

from __future__ import annotations

import asyncio
from typing import Any, NewType

import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from bench.reads import QUERY
from segmentum.schema.execution import ATTRIBUTE, CALL, GENERIC, TYPENAME, ExecutionContext, resolution
from segmentum.schema.root import Mutation, Query
from segmentum.schema.scalars import SCALARS
from tests.contacts.test_contacts_sql_count import seed


class Row:
    """A plain source object, as a Tortoise model is to the schema: attributes and nothing else."""

    def __init__(self, name: Any, note: str | None = None, count: Any = 1, children: list[Row] | None = None,
                 odd: str = "fine"):
        self.name, self.note, self.count, self.children_rows, self.odd = name, note, count, children or [], odd


# A scalar whose serializer answers null for "none": graphql-core calls that an error, not a null.
Odd = NewType("Odd", str)
ODD = StrawberryConfig(scalar_map={Odd: strawberry.scalar(name="Odd", serialize=lambda v: None if v == "none" else v,
                                                          parse_value=str)})


async def _later(value: str) -> str:
    await asyncio.sleep(0)
    return value


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    odd: Odd | None

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, Row)

    @strawberry.field
    def stranger(self, info: strawberry.Info) -> Item | None:
        return "not a row" if self.name == "d" else None  # type: ignore[return-value]

    @strawberry.field
    def first_child(self, info: strawberry.Info) -> Item | None:
        rows = self.children_rows  # type: ignore[attr-defined]
        return rows[0] if rows else None

    @strawberry.field
    def children(self, info: strawberry.Info) -> list[Item | None]:
        return self.children_rows  # type: ignore[attr-defined,no-any-return]

    @strawberry.field
    def required_child(self, info: strawberry.Info) -> Item:
        rows = self.children_rows  # type: ignore[attr-defined]
        return rows[0] if rows else None

    @strawberry.field
    def boom(self, info: strawberry.Info) -> str | None:
        if self.name == "a":
            raise ValueError(f"boom on {self.name}")
        return "quiet"

    @strawberry.field
    def pending(self, info: strawberry.Info) -> str:
        return _later(f"pending {self.name}")  # type: ignore[return-value]

    @strawberry.field
    def path(self, info: strawberry.Info) -> str:
        return ".".join(str(key) for key in info.path.as_list())

    @strawberry.field
    async def later(self, info: strawberry.Info) -> str:
        return await _later(f"later {self.name}")

    @strawberry.field
    def shout(self, text: str) -> str:
        return text.upper()


ROWS = [
    Row("a", "note", 1, [Row("a1"), Row("a2", count="not a number")]),
    Row(None, None, 2),  # a non-null attribute that is null
    Row("c", None, 3.5),  # an Int that does not coerce
    Row("d", "x", 4, [Row(None)], odd="none"),
]


@strawberry.type
class ItemQuery:
    @strawberry.field
    def items(self) -> list[Item]:
        return ROWS  # type: ignore[return-value]

    @strawberry.field
    def strict_items(self) -> list[Item | None]:
        return ROWS  # type: ignore[return-value]


def _schemas(query: type, **kwargs: Any) -> tuple[strawberry.Schema, strawberry.Schema]:
    kwargs.setdefault("config", ODD)
    ours = strawberry.Schema(query=query, execution_context_class=ExecutionContext, **kwargs)
    reference = strawberry.Schema(query=query, execution_context_class=StrawberryGraphQLCoreExecutionContext,
                                  **kwargs)
    return ours, reference


async def _same(ours: strawberry.Schema, reference: strawberry.Schema, query: str, **kwargs: Any) -> Any:
    mine, theirs = await ours.execute(query, **kwargs), await reference.execute(query, **kwargs)
    assert mine.data == theirs.data
    assert [e.formatted for e in mine.errors or []] == [e.formatted for e in theirs.errors or []]
    return mine


def test_fields_are_sorted_into_direct_and_generic():
    ours, _ = _schemas(ItemQuery)
    item = ours._schema.get_type("Item")
    assert isinstance(item, GraphQLObjectType)
    kinds = {name: resolution(field).kind for name, field in item.fields.items()}
    assert kinds == {"name": ATTRIBUTE, "note": ATTRIBUTE, "count": ATTRIBUTE, "odd": ATTRIBUTE, "stranger": CALL,
                     "firstChild": CALL,
                     "children": CALL, "requiredChild": CALL, "boom": CALL, "pending": CALL, "path": CALL,
                     "later": GENERIC, "shout": GENERIC}
    assert resolution(ours._schema.get_field(item, "__typename")).kind == TYPENAME  # type: ignore[arg-type]


ALL_FIELDS = """__typename name note count odd stranger { name } first: firstChild { name count }
  children { name count path } boom pending later shout(text: "hi") path"""


async def test_values_nulls_and_errors_are_graphql_cores():
    ours, reference = _schemas(ItemQuery)
    result = await _same(ours, reference, f"""{{
      strictItems {{ {ALL_FIELDS} }}
      again: strictItems {{ ... on Item {{ name n: note requiredChild {{ name }} }} }}
    }}""")
    assert result.data is not None
    items = result.data["strictItems"]
    assert [item and item["name"] for item in items] == ["a", None, None, "d"]
    assert items[0]["boom"] is None and items[3]["boom"] == "quiet"
    assert items[0]["children"][0] == {"name": "a1", "count": 1, "path": "strictItems.0.children.0.path"}
    assert items[0]["children"][1] is None and items[0]["__typename"] == "Item"
    assert [item and item["n"] for item in result.data["again"]] == ["note", None, None, None]
    paths = [e.path for e in result.errors or []]
    assert ["strictItems", 0, "children", 1, "count"] in paths and ["again", 2, "requiredChild"] in paths
    assert ["strictItems", 1, "name"] in paths and ["strictItems", 2, "count"] in paths
    assert ["strictItems", 0, "boom"] in paths and ["strictItems", 3, "odd"] in paths
    assert ["strictItems", 3, "stranger"] in paths and items[3]["stranger"] is None


async def test_a_null_in_a_non_null_list_nulls_the_answer_as_in_graphql_core():
    ours, reference = _schemas(ItemQuery)
    result = await _same(ours, reference, f"{{ items {{ {ALL_FIELDS} }} }}")
    assert result.data is None
    assert ["items", 1, "name"] in [e.path for e in result.errors or []]


async def test_nullable_items_keep_their_siblings():
    ours, reference = _schemas(ItemQuery)
    result = await _same(ours, reference, "{ strictItems { name note path first: firstChild { path } } }")
    assert result.data is not None
    assert [item and item["name"] for item in result.data["strictItems"]] == ["a", None, "c", "d"]
    assert result.data["strictItems"][0]["first"] == {"path": "strictItems.0.first.path"}


async def test_the_contact_page_is_graphql_cores(settings: Any):
    from segmentum.resolvers.loaders import Loaders
    from segmentum.schema.context import Context, Viewer
    from segmentum.schema.errors import InputError, LineError

    await seed(companies=12)
    ours, reference = _schemas(Query, mutation=Mutation, types=[InputError, LineError],
                               config=StrawberryConfig(scalar_map=SCALARS))
    for first in (10, 30):
        contexts = [Context(settings=settings, viewer=Viewer("t", frozenset({"read"})), loaders=Loaders())
                    for _ in range(2)]
        mine = await ours.execute(QUERY, variable_values={"first": first}, context_value=contexts[0])
        theirs = await reference.execute(QUERY, variable_values={"first": first}, context_value=contexts[1])
        assert not mine.errors and mine.data == theirs.data
        assert len(mine.data["contacts"]["nodes"]) == first
