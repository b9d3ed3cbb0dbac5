"""CONTACT criteria against the database: exact matches, case, blanks, ranges, wildcards, dates, binding.

The world (tests/models/conftest.py): 1 Acme Retail (GENT), 2 Anna (Gent), 3 Bob (no city), 4 Brugge
Wholesale (BRUGGE), 5 Carl O'Neil (BRUGGE), 6 Dora (gent, independent), 7 "X' OR '1'='1" (city '').
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from segmentum.models.criteria import Criteria, count_matching_contacts
from segmentum.models.sql import Params, fetch_all
from tests.models.conftest import World, matching_nos


@pytest.fixture(autouse=True)
def _clean():
    """Read-only tests: they share the module's `world`, which empties the tables when the module ends."""
    yield


def nos(*ns: int) -> list[str]:
    return [f"CT{n:06d}" for n in ns]


def contact(**fields):
    return {"contact": fields}


async def test_no_criteria_matches_every_contact(world: World):
    assert await matching_nos({}) == world.all_nos
    assert await matching_nos({"contact": {}, "interaction": {}}) == world.all_nos
    assert await count_matching_contacts(Criteria()) == 7


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ({"expr": "GENT|BRUGGE"}, nos(1, 4, 5)),  # case-sensitive: "Gent" and "gent" are not GENT
        ({"expr": "@gent"}, nos(1, 2, 6)),
        ({"expr": "@GENT|BRUGGE"}, nos(1, 2, 4, 5, 6)),
        ({"eq": "Gent"}, nos(2)),
        ({"expr": "''"}, nos(3, 7)),  # NULL and '' are both blank
        ({"is_blank": True}, nos(3, 7)),
        ({"expr": "<>''"}, nos(1, 2, 4, 5, 6)),
        ({"is_blank": False}, nos(1, 2, 4, 5, 6)),
        ({"expr": "<>GENT"}, nos(2, 3, 4, 5, 6, 7)),  # blank is not GENT, as in BC
        ({"ne": "GENT"}, nos(2, 3, 4, 5, 6, 7)),
        ({"expr": "<>GENT&<>BRUGGE&<>''"}, nos(2, 6)),
        ({"in": ["GENT", "gent"]}, nos(1, 6)),
        ({"in": []}, []),
        ({"not_in": ["GENT", "BRUGGE"]}, nos(2, 3, 6, 7)),
        ({"expr": "@gent", "ne": "GENT"}, nos(2, 6)),  # operators of one filter are ANDed
        ({"expr": "(GENT|Gent)&<>GENT"}, nos(2)),
        ({"expr": "GENT|''"}, nos(1, 3, 7)),  # an exact list with the blank value: NULL too
        ({"expr": "GENT|BR*"}, nos(1, 4, 5)),  # a pattern among the alternatives
        ({"expr": "GENT|GENT"}, nos(1)),
    ],
)
async def test_city(world: World, city, expected):
    assert await matching_nos(contact(city=city)) == expected


@pytest.mark.parametrize(
    ("no", "expected"),
    [
        ({"expr": "CT000002..CT000004"}, nos(2, 3, 4)),
        ({"expr": "..CT000002"}, nos(1, 2)),
        ({"expr": "CT000006.."}, nos(6, 7)),
        ({"expr": "CT000001|CT000005..CT000006"}, nos(1, 5, 6)),
        ({"expr": ">CT000005"}, nos(6, 7)),
        ({"expr": ">=CT000005"}, nos(5, 6, 7)),
        ({"expr": "<CT000002"}, nos(1)),
        ({"expr": "<=CT000002"}, nos(1, 2)),
        ({"expr": "ct000002"}, nos(2)),  # numbers are stored upper-cased; filter values are too
        ({"expr": "*7"}, nos(7)),
    ],
)
async def test_number_ranges_and_comparisons(world: World, no, expected):
    assert await matching_nos(contact(no=no)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ({"expr": "A*"}, nos(1, 2)),
        ({"starts_with": "B"}, nos(3, 4)),
        ({"expr": "b*"}, []),
        ({"expr": "@b*"}, nos(3, 4)),
        ({"contains": "o"}, nos(3, 4, 6)),
        ({"expr": "*o*"}, nos(3, 4, 6)),
        ({"expr": "@*o*"}, nos(3, 4, 5, 6, 7)),
        ({"expr": "<>A*&<>B*"}, nos(5, 6, 7)),
        ({"expr": ">=C"}, nos(5, 6, 7)),
        ({"expr": "'Carl O''Neil'"}, nos(5)),
        ({"expr": "*Neil"}, nos(5)),
    ],
)
async def test_name_wildcards_and_case(world: World, name, expected):
    assert await matching_nos(contact(name=name)) == expected


@pytest.mark.parametrize(
    "name",
    [
        {"eq": "X' OR '1'='1"},
        {"expr": "'X'' OR ''1''=''1'"},
        {"contains": "' OR '"},
        {"starts_with": "X'"},
        {"in": ["X' OR '1'='1"]},
    ],
)
async def test_values_with_quotes_are_matched_literally(world: World, name):
    assert await matching_nos(contact(name=name)) == nos(7)


@pytest.mark.parametrize(
    "name",
    [{"eq": "x' OR 1=1 --"}, {"expr": "'a'' OR ''1''=''1'"}, {"contains": "%"}, {"contains": "_"},
     {"expr": "*[A]*"}, {"contains": "?"}, {"expr": "'*'"}],
)
async def test_sql_and_pattern_metacharacters_in_values_match_nothing_here(world: World, name):
    assert await matching_nos(contact(name=name)) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"company_no": {"eq": "CT000001"}}, nos(1, 2, 3)),  # a company is its own company
        ({"company_no": {"expr": "''"}}, nos(6)),  # independent person
        ({"company_no": {"expr": "<>CT000001"}}, nos(4, 5, 6, 7)),
        ({"territory_code": {"eq": "NORTH"}}, nos(1)),
        ({"territory_code": {"eq": "north"}}, nos(1)),
        ({"territory_code": {"ne": "NORTH"}}, nos(2, 3, 4, 5, 6, 7)),
        ({"territory_code": {"is_blank": True}}, nos(2, 3, 5, 6, 7)),
        ({"salesperson_code": {"expr": "JO|AL"}}, nos(1, 3)),
        ({"post_code": {"eq": "9000"}}, nos(1)),
        ({"country_code": {"expr": "BE"}}, nos(1)),
        ({"country_code": {"eq": "be"}}, nos(1)),  # Code fields: filter values upper-cased, as BC
        ({"country_code": {"expr": "b?|nl"}}, nos(1)),
        ({"language_code": {"in": ["nlb", "fra"]}}, nos(2)),
        ({"language_code": {"starts_with": "nl"}}, nos(2)),
        ({"post_code": {"expr": "9000..9999"}}, nos(1)),
        ({"email": {"expr": "*@acme.test"}}, nos(2)),
        ({"email": {"expr": "@*.TEST"}}, nos(2, 5)),
        ({"job_title": {"eq": "Buyer"}}, nos(2)),
        ({"type": "PERSON"}, nos(2, 3, 5, 6)),
        ({"type": "COMPANY"}, nos(1, 4, 7)),
        ({"correspondence_type": ["EMAIL"]}, nos(5)),
        ({"correspondence_type": ["NONE", "HARD_COPY"]}, nos(1, 2, 3, 4, 6, 7)),
        ({"correspondence_type": []}, []),
        ({"exclude_from_segment": True}, nos(4)),
        ({"privacy_blocked": True}, nos(6)),
        ({"privacy_blocked": False}, nos(1, 2, 3, 4, 5, 7)),
        ({"city": {"expr": "GENT|BRUGGE"}, "type": "PERSON"}, nos(5)),
    ],
)
async def test_contact_fields(world: World, fields, expected):
    assert await matching_nos(contact(**fields)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ({"expr": "Bob Jone?"}, nos(3)),
        ({"expr": "?ob*"}, nos(3)),
        ({"expr": "Bob Jones?"}, []),  # exactly one character, not none
        ({"expr": "@?OB*"}, nos(3)),
        ({"expr": "?????"}, []),
        ({"expr": "A??? *"}, nos(1, 2)),
        ({"expr": "<>?*"}, []),
        ({"contains": "?"}, []),  # literal outside expressions
    ],
)
async def test_question_mark_matches_exactly_one_character(world: World, name, expected):
    assert await matching_nos(contact(name=name)) == expected


@pytest.mark.parametrize("blank", ["", "  "])
async def test_an_empty_expression_is_no_filter(world: World, blank):
    assert await matching_nos(contact(city={"expr": blank})) == world.all_nos
    assert await matching_nos(contact(city={"expr": blank, "eq": "GENT"})) == nos(1)
    assert await matching_nos({"industry_group": {"code": {"expr": blank}}}) == world.all_nos


@pytest.mark.parametrize(
    ("field", "flt", "expected"),
    [
        # One linguistic order: case and accents come after the letters, so "a..c" holds "Acme" and "Bob".
        ("name", {"expr": "a..c"}, nos(1, 2, 3, 4)),
        ("name", {"expr": "<b"}, nos(1, 2)),
        ("name", {"expr": "B..Bz"}, nos(3, 4)),
        ("name", {"expr": ">x"}, nos(7)),
        ("city", {"expr": "A..C"}, nos(4, 5)),
        ("city", {"expr": "g..h"}, nos(1, 2, 6)),
        ("city", {"expr": "gent..Gent"}, nos(2, 6)),  # lower case first: gent < Gent < GENT
        ("city", {"expr": ">=Gent"}, nos(1, 2)),
        ("city", {"expr": "<gent"}, nos(3, 4, 5, 7)),  # blank sorts first
    ],
)
async def test_ranges_and_comparisons_use_one_linguistic_order(world: World, field, flt, expected):
    assert await matching_nos(contact(**{field: flt})) == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"no": {"eq": "CT" + "0" * 200}},
        {"no": {"in": ["CT000001" + "X" * 100]}},
        {"company_no": {"eq": "C" * 250}},
        {"country_code": {"expr": "B" * 250}},
        {"territory_code": {"eq": "NORTH" * 50}},
        {"salesperson_code": {"expr": "J" * 100 + "|" + "A" * 100}},
    ],
)
async def test_values_longer_than_a_code_column_match_nothing(world: World, fields):
    assert await matching_nos(contact(**fields)) == []


async def test_the_widest_dates_are_accepted_on_every_database(world: World):
    assert await matching_nos(contact(created_at={"from": "0001-01-01", "to": "9998-12-31"})) == world.all_nos
    assert await matching_nos(contact(created_at={"eq": "9998-12-31"})) == []
    assert await matching_nos(contact(created_at={"older_than_days": 36_500})) == []
    assert await matching_nos({"interaction": {"date": {"to": "9998-12-31", "within_last_days": 36_500}}}) == nos(
        1, 2, 3, 6
    )


async def test_created_at_is_filtered_on_its_utc_date(world: World):
    today = world.today
    recent = nos(1, 2, 3, 4, 5, 6)
    assert await matching_nos(contact(created_at={"eq": "2020-05-01"})) == nos(7)  # created 23:30 UTC
    assert await matching_nos(contact(created_at={"eq": date(2020, 5, 2)})) == []
    assert await matching_nos(contact(created_at={"from": "2020-05-02"})) == recent
    assert await matching_nos(contact(created_at={"to": "2020-05-01"})) == nos(7)
    assert await matching_nos(contact(created_at={"from": "2020-05-01", "to": "2020-05-01"})) == nos(7)
    assert await matching_nos(contact(created_at={"eq": today.isoformat()})) == recent
    assert await matching_nos(contact(created_at={"within_last_days": 0})) == recent
    assert await matching_nos(contact(created_at={"older_than_days": 30})) == nos(7)
    assert await matching_nos(contact(created_at={"is_blank": False})) == world.all_nos
    assert await matching_nos(contact(created_at={"is_blank": True})) == []


async def test_relative_dates_follow_the_day_of_evaluation(world: World):
    flt = contact(created_at={"within_last_days": 2})
    assert await matching_nos(flt, today=date(2020, 5, 3)) == nos(7)
    assert await matching_nos(flt, today=date(2020, 5, 4)) == []
    assert await matching_nos(flt, today=date(2020, 4, 30)) == []  # not created yet on that day
    older = contact(created_at={"older_than_days": 2})
    assert await matching_nos(older, today=date(2020, 5, 3)) == []
    assert await matching_nos(older, today=date(2020, 5, 4)) == nos(7)
    assert await matching_nos(older, today=world.today + timedelta(days=3)) == world.all_nos


async def test_condition_works_on_any_alias_and_values_are_bound(world: World):
    p = Params()
    evil = "x' OR '1'='1"
    cond = Criteria.parse({"contact": {"name": {"eq": evil}, "city": {"expr": "''"}}}).condition(p, "c")
    assert evil not in cond
    rows = await fetch_all(f"SELECT c.no FROM contact c WHERE {cond} ORDER BY c.no", p)
    assert rows == []
    p = Params()
    cond = Criteria.parse({"contact": {"city": {"expr": "''"}}}).condition(p, "c")
    rows = await fetch_all(f"SELECT c.no FROM contact c WHERE {cond} ORDER BY c.no", p)
    assert [r["no"] for r in rows] == nos(3, 7)


def test_alternatives_of_exact_values_are_one_in_list():
    """`A|B|C` is one `IN` list (one index condition for the planner), not a chain of ORs."""
    p = Params("postgres")
    assert Criteria.parse(contact(city={"expr": "GENT|BRUGGE|Gent"})).condition(p, "t") == "(t.city IN ($1, $2, $3))"
    assert p.values == ["GENT", "BRUGGE", "Gent"]
    mixed = Criteria.parse(contact(city={"expr": "GENT|BR*"})).condition(Params("postgres"), "t")
    assert " OR " in mixed and " IN " not in mixed


async def test_matching_contacts_sql_without_filter_selects_all(world: World):
    p = Params()
    sql = Criteria.parse({}).matching_sql(p)
    assert sql == "SELECT t.id FROM contact t WHERE 1 = 1"
    assert len(await fetch_all(sql, p)) == 7
