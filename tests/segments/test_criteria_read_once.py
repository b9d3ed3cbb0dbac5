"""An action reads its criteria once: one walk over the input (`Criteria.read`) and one parse of each expression,
whatever it then asks of them (the checks, whether there is a filter, the self-reading check of a DYNAMIC segment,
the count of bound values, the SQL, the warnings, the recorded form)."""

from __future__ import annotations

from typing import Any

import pytest

from segmentum.models.criteria import Criteria, strings

ADD = ("mutation($i: SegmentAddContactsInput!) { segmentAddContacts(input: $i) { linesAdded "
       "userErrors { code } warnings { field } } }")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """The inputs `Criteria.read` walks and the expressions parsed, as they happen."""
    seen: dict[str, list[Any]] = {"reads": [], "parses": []}
    read, parse = Criteria.read.__func__, strings.parse  # type: ignore[attr-defined]

    def counting_read(cls: type[Criteria], data: Any, *args: Any, **kwargs: Any) -> Any:
        seen["reads"].append(data)
        return read(cls, data, *args, **kwargs)

    def counting_parse(expression: str) -> Any:
        seen["parses"].append(expression)
        return parse(expression)

    monkeypatch.setattr(Criteria, "read", classmethod(counting_read))
    monkeypatch.setattr(strings, "parse", counting_parse)
    return seen


async def test_an_add_walks_its_criteria_once(world, seg, gql, counted):
    source = await seg.create()
    assert (await seg.add(source["id"], {"contact": {"city": {"eq": "GENT"}}}))["userErrors"] == []
    dynamic = await seg.create(kind="DYNAMIC")  # a DYNAMIC segment: the self-reading check reads the criteria too
    counted["reads"].clear()
    counted["parses"].clear()
    criteria = {"contact": {"name": {"expr": "@*alpha|*indep"}, "city": {"in": ["GENT", "BRUGGE"]}},
                "segment": {"segmentNo": {"expr": source["no"].lower()}},
                "industryGroup": {"code": {"in": ["RETAIL", "NOPE"]}}}
    res = (await gql(ADD, {"i": {"segmentId": dynamic["id"], "criteria": criteria,
                                      "allowRelatedCompanies": True}}))["segmentAddContacts"]
    # A1 (GENT, Alpha: RETAIL) is the one contact in the source segment, its company (CA) comes along.
    assert res == {"linesAdded": 2, "userErrors": [],
                   "warnings": [{"field": ["input", "criteria", "industryGroup", "code", "in", "1"]}]}
    assert len(counted["reads"]) == 1
    assert counted["parses"] == ["@*alpha|*indep", source["no"]]  # each expression once (a Code's upper-cased)
    # Showing the recorded criteria reads them, but parses no expression: that is for compiling them.
    counted["parses"].clear()
    shown = await gql(f'{{ segment(no: "{dynamic["no"]}") {{ criteria {{ filters {{ source text }} }} }} }}')
    assert shown["segment"]["criteria"][0]["filters"][0] == {
        "source": "CONTACT", "text": "Name: @*alpha|*indep; City: GENT|BRUGGE"}
    assert counted["parses"] == []


async def test_bad_criteria_are_read_once_with_every_error(world, seg, gql, counted):
    s = await seg.create()
    res = await seg.add(s["id"], {"contact": {"name": {"expr": "A..B..C"}, "city": {"notIn": ["x" * 251]}},
                                  "interaction": {"date": {"withinLastDays": -1}}})
    assert [(e["code"], e["field"]) for e in res["userErrors"]] == [
        ("INVALID", ["input", "criteria", "contact", "name", "expr"]),
        ("INVALID", ["input", "criteria", "contact", "city", "notIn", "0"]),
        ("INVALID", ["input", "criteria", "interaction", "date", "withinLastDays"]),
    ]
    assert len(counted["reads"]) == 1
    assert counted["parses"] == ["A..B..C"]
