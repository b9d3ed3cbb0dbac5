"""segmentPreview: exactly what an Add would bring (count and first lines), and only the statements its fields need."""

from __future__ import annotations

import pytest

from tests.contacts.test_contacts_sql_count import counting
from tests.segments.conftest import contacts_of

GENT = {"contact": {"city": {"eq": "GENT"}}}
TWO_SOURCES = {"contact": {"city": {"expr": "GENT|BRUGGE"}}, "industryGroup": {"code": {"in": ["RETAIL"]}}}
PREVIEW = (
    "query($c: ContactCriteria!, $e: Boolean, $r: Boolean, $x: Boolean) { segmentPreview(criteria: $c, "
    "expandCompanies: $e, allowRelatedCompanies: $r, ignoreExclusion: $x) { count sample(first: 100) { no } } }"
)
OPTIONS = [{}, {"expandCompanies": True}, {"allowRelatedCompanies": True}, {"ignoreExclusion": True},
           {"expandCompanies": True, "allowRelatedCompanies": True, "ignoreExclusion": True}]


@pytest.mark.parametrize("criteria", [GENT, TWO_SOURCES, {"contact": {"name": {"expr": "@*alpha*"}}}])
@pytest.mark.parametrize("options", OPTIONS)
async def test_the_preview_is_what_an_add_brings_in_line_order(world, seg, gql, criteria, options):
    variables = {"c": criteria, "e": options.get("expandCompanies"), "r": options.get("allowRelatedCompanies"),
                 "x": options.get("ignoreExclusion")}
    preview = (await gql(PREVIEW, variables))["segmentPreview"]
    s = await seg.create()
    added = await seg.add(s["id"], criteria, **options)
    assert added["userErrors"] == []
    assert preview["count"] == added["linesAdded"] > 0
    assert [c["no"] for c in preview["sample"]] == contacts_of(await seg.lines(s["no"]))


async def test_privacy_blocked_and_excluded_contacts_are_not_counted(world, gql):
    res = await gql("query($c: ContactCriteria!) { gent: segmentPreview(criteria: $c) { count sample { no } } "
                    "all: segmentPreview(criteria: $c, ignoreExclusion: true) { count sample { no } } }", {"c": GENT})
    # GENT: CA, A1, AP (privacy blocked), B1 (excluded), I1; in line order (company name, company, type, name).
    assert res["gent"] == {"count": 3, "sample": [{"no": "I1"}, {"no": "CA"}, {"no": "A1"}]}
    assert res["all"] == {"count": 4, "sample": [{"no": "I1"}, {"no": "CA"}, {"no": "A1"}, {"no": "B1"}]}


async def test_sample_fields_take_their_own_first_through_aliases_fragments_and_variables(world, gql):
    res = await gql(
        "query($c: ContactCriteria!, $n: Int) { segmentPreview(criteria: $c, expandCompanies: true) { "
        "one: sample(first: 1) { no } ...more } } fragment more on SegmentPreview { all: sample(first: $n) { no } "
        "none: sample(first: 0) { no } default: sample { no } }",
        {"c": GENT, "n": 100},
    )
    # Ivo, then the whole of Alpha and of Beta (B1 of GENT works there): AP is privacy blocked, B1 excluded.
    expected = ["I1", "CA", "A1", "A2", "CB", "B2"]
    assert [c["no"] for c in res["segmentPreview"]["all"]] == expected
    assert [c["no"] for c in res["segmentPreview"]["one"]] == ["I1"]
    assert res["segmentPreview"]["none"] == []
    assert [c["no"] for c in res["segmentPreview"]["default"]] == expected


def _kinds(statements: list[str]) -> set[str]:
    """Which preview statements ran: the count, the sample (a top-N in line order)."""
    kinds = set()
    for sql in statements:
        if "FROM contact c" in sql and "COUNT(*)" in sql:
            kinds.add("count")
        if "FROM contact c" in sql and "ORDER BY COALESCE(c.company_name" in sql and "LIMIT" in sql:
            kinds.add("sample")
    return kinds


@pytest.mark.parametrize(("fields", "kinds"), [
    ("count", {"count"}),
    ("sample(first: 3) { no }", {"sample"}),
    ("count sample { no }", {"count", "sample"}),
    ("warnings { code }", set()),
])
async def test_a_preview_runs_only_the_statements_its_fields_need(world, gql, monkeypatch, fields, kinds):
    with counting(monkeypatch) as counter:
        await gql(f"query($c: ContactCriteria!) {{ segmentPreview(criteria: $c) {{ {fields} }} }}", {"c": GENT})
    assert _kinds(counter.statements) == kinds


async def test_the_sample_asks_the_database_for_no_more_rows_than_the_largest_sample_field(world, gql,
                                                                                         monkeypatch):
    with counting(monkeypatch) as counter:
        await gql("query($c: ContactCriteria!) { segmentPreview(criteria: $c) { a: sample(first: 2) { no } "
                  "b: sample(first: 7) { no } } }", {"c": GENT})
    samples = [sql for sql in counter.statements if "ORDER BY COALESCE(c.company_name" in sql]
    assert len(samples) == 1 and samples[0].rstrip().endswith("LIMIT 7")


async def test_a_sample_over_the_maximum_is_cut_to_it_and_a_negative_one_is_empty(world, gql, monkeypatch):
    with counting(monkeypatch) as counter:
        res = await gql("query($c: ContactCriteria!) { segmentPreview(criteria: $c) { big: sample(first: 1000) { no } "
                        "neg: sample(first: -1) { no } } }", {"c": GENT})
    assert [c["no"] for c in res["segmentPreview"]["big"]] == ["I1", "CA", "A1"]
    assert res["segmentPreview"]["neg"] == []
    assert [sql.rstrip()[-9:] for sql in counter.statements if "ORDER BY COALESCE(c.company_name" in sql] \
        == ["LIMIT 100"]
