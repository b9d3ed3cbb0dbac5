"""Reduce and Refine (BC §3.3–3.4), with and without Entire Companies."""

from __future__ import annotations

import pytest

from tests.segments.conftest import contacts_of

GENT = {"contact": {"city": {"eq": "GENT"}}}
ALL_SIX = ["I1", "CA", "A1", "A2", "CB", "B2"]


@pytest.fixture
async def six(world, seg):
    s = await seg.create()
    await seg.add(s["id"], GENT, expandCompanies=True)
    assert contacts_of(await seg.lines(s["no"])) == ALL_SIX
    return s


@pytest.mark.parametrize(
    ("mutation", "criteria", "entire", "remaining"),
    [
        ("reduce", {"contact": {"city": {"eq": "BRUGGE"}}}, False, ["I1", "CA", "A1"]),
        ("reduce", {"contact": {"no": {"eq": "A2"}}}, True, ["I1", "CB", "B2"]),
        ("reduce", {"industryGroup": {"code": {"eq": "WHOLESALE"}}}, False, ["I1", "CA", "A1", "A2"]),
        ("refine", GENT, False, ["I1", "CA", "A1"]),
        ("refine", {"contact": {"no": {"eq": "A2"}}}, True, ["CA", "A1", "A2"]),
        # B1 (not on the segment, but of company Beta) matches GENT, so with Entire Companies Beta stays.
        ("refine", GENT, True, ALL_SIX),
        ("refine", {"contact": {"city": {"eq": "LEUVEN"}}}, False, []),
    ],
)
async def test_reduce_and_refine(six, seg, mutation, criteria, entire, remaining):
    res = await getattr(seg, mutation)(six["id"], criteria, entireCompanies=entire)
    assert res["userErrors"] == []
    assert contacts_of(await seg.lines(six["no"])) == remaining
    assert res["linesRemoved"] == len(ALL_SIX) - len(remaining) and res["linesAdded"] == 0


async def test_refine_never_adds_and_reduce_removes_duplicates(world, seg):
    s = await seg.create()
    await seg.add(s["id"], {"contact": {"no": {"eq": "A1"}}})
    await seg.add(s["id"], {"contact": {"no": {"eq": "A1"}}}, allowExistingContacts=True)
    kept = await seg.refine(s["id"], {"contact": {"no": {"eq": "A2"}}}, entireCompanies=True)
    assert kept["linesRemoved"] == 0 and contacts_of(await seg.lines(s["no"])) == ["A1", "A1"]
    gone = await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    assert gone["linesRemoved"] == 2 and await seg.lines(s["no"]) == []


async def test_reduce_without_filter_needs_allow_no_filter(six, seg):
    refused = await seg.reduce(six["id"], None)
    assert refused["userErrors"][0]["code"] == "NO_FILTER"
    assert len(await seg.lines(six["no"])) == 6
    emptied = await seg.reduce(six["id"], None, allowNoFilter=True)
    assert emptied["linesRemoved"] == 6 and await seg.lines(six["no"]) == []
