"""BC filter expressions: parsing every operator, refusing malformed input, and the SQL they become."""

from __future__ import annotations

import pytest

from segmentum.models.criteria.expr import And, Compare, CriteriaError, Or, Range, Value, parse, pattern_text, quote
from segmentum.models.criteria.strings import matches_blank, string_condition, string_node
from segmentum.models.sql import Params


@pytest.fixture(autouse=True)
def _clean():
    """These tests never touch the database: no emptying of tables after each."""
    yield


def eq(text: str, ci: bool = False) -> Compare:
    return Compare("=", Value.literal(text), ci)


def test_or_and_and_with_and_binding_tighter():
    assert parse("GENT|BRUGGE") == Or((eq("GENT"), eq("BRUGGE")))
    assert parse("A&B|C") == Or((And((eq("A"), eq("B"))), eq("C")))
    assert parse("A|B&C") == Or((eq("A"), And((eq("B"), eq("C")))))
    assert parse("<>X&<>Y") == And((Compare("<>", Value.literal("X")), Compare("<>", Value.literal("Y"))))


def test_parentheses_group():
    assert parse("(A|B)&C") == And((Or((eq("A"), eq("B"))), eq("C")))


def test_ranges_closed_and_open_on_either_side():
    assert parse("1000..2000") == Range("1000", "2000")
    assert parse("..B") == Range(None, "B")
    assert parse("A..") == Range("A", None)
    assert parse("@a..c") == Range("a", "c", ci=True)


@pytest.mark.parametrize("op", ["<>", "<", "<=", ">", ">=", "="])
def test_comparisons(op):
    assert parse(f"{op}X") == Compare(op, Value.literal("X"))


def test_wildcards_split_the_value():
    assert parse("A*") == Compare("=", Value(("A", "")))
    assert parse("*ber*") == Compare("=", Value(("", "ber", "")))
    assert parse("<>A*") == Compare("<>", Value(("A", "")))


def test_question_mark_stands_for_exactly_one_character():
    assert parse("Hans?n") == Compare("=", Value(("Hans", "n"), ("?",)))
    assert parse("?*") == Compare("=", Value(("", "", ""), ("?", "*")))
    assert parse("<>A?") == Compare("<>", Value(("A", ""), ("?",)))
    assert parse("'Why?'") == eq("Why?")
    assert not Value(("", ""), ("?",)).matches_empty()
    assert Value(("", ""), ("*",)).matches_empty()


def test_blank_and_not_blank():
    assert parse("''") == eq("")
    assert parse("<>''") == Compare("<>", Value.literal(""))


def test_at_makes_a_term_case_insensitive():
    assert parse("@gent") == eq("gent", ci=True)
    assert parse("@gent|BRUGGE") == Or((eq("gent", ci=True), eq("BRUGGE")))
    assert parse("<>@x") == Compare("<>", Value.literal("x"), ci=True)


def test_quotes_make_special_characters_literal():
    assert parse("'A|B'") == eq("A|B")
    assert parse("'O''Brien'") == eq("O'Brien")
    assert parse("'A*'") == eq("A*")
    assert parse("'1..2'") == eq("1..2")
    assert parse("'@x'") == eq("@x")
    assert parse("'A|B'*") == Compare("=", Value(("A|B", "")))


def test_spaces_around_terms_are_ignored_but_kept_inside_values():
    assert parse(" GENT | NEW YORK ") == Or((eq("GENT"), eq("NEW YORK")))
    assert parse("' x '") == eq(" x ")


@pytest.mark.parametrize(
    "expression",
    ["A..B..C", "<>", "|", "", "   ", "A|", "|A", "A||B", "A&", "'abc", "(A|B", "A)", "..", "@", "<A*",
     "A*..B", "<A..B", "A(B)", "(A)B", ">=A?", "A?..B"],
)
def test_malformed_expressions_are_refused_naming_them(expression):
    with pytest.raises(CriteriaError) as info:
        parse(expression)
    assert repr(expression) in str(info.value)
    assert info.value.expression == expression


@pytest.mark.parametrize(
    "value", ["GENT", "A|B", "O'Brien", "", " x", "a..b", "<3", "@home", "50%", "x*y", "(1)", "Why?"]
)
def test_quote_round_trips(value):
    assert parse(quote(value)) == eq(value)


@pytest.mark.parametrize(
    "value", [Value(("A|B", "", "c")), Value(("Hans", "n"), ("?",)), Value(("a?", "", "b"), ("*", "?"))]
)
def test_pattern_text_round_trips(value):
    assert parse(pattern_text(value)) == Compare("=", value)


@pytest.mark.parametrize(
    ("expression", "blank"),
    [("''", True), ("<>''", False), ("<>X", True), ("X", False), ("..B", True), ("A..", False), ("<X", True),
     ("<=X", True), (">X", False), (">=''", True), ("*", True), ("A*", False), ("<>A*", True), ("X|''", True),
     ("<>X&<>''", False)],
)
def test_blank_matching_follows_bc(expression, blank):
    assert matches_blank(parse(expression)) is blank


def test_string_filter_operators_are_anded():
    node = string_node({"eq": "A", "ne": "B", "in": ["A", "C"], "not_in": ["D"], "starts_with": "A",
                        "contains": "x", "is_blank": False, "expr": "A|Z"})
    assert isinstance(node, And)
    assert len(node.items) == 8
    assert string_node({}) is None
    assert string_node({"eq": None}) is None


def test_code_values_are_upper_cased():
    assert string_node({"expr": "ct1|ct2"}, upper=True) == Or((eq("CT1"), eq("CT2")))


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_expression_is_no_filter(blank):
    assert string_node({"expr": blank}) is None
    assert string_node({"expr": blank, "eq": "A"}) == eq("A")


def test_sqlite_patterns_use_glob_with_metacharacters_escaped():
    p = Params("sqlite")
    sql = string_condition(string_node({"contains": "a[b?c*"}), "t.name", p)  # type: ignore[arg-type]
    assert sql == "t.name GLOB ?1"
    assert p.values == ["*a[[]b[?]c[*]*"]


def test_wildcards_become_glob_and_like_wildcards():
    s = Params("sqlite")
    assert string_condition(parse("H?ns*"), "t.name", s) == "t.name GLOB ?1"
    assert s.values == ["H?ns*"]
    p = Params("postgres")
    assert string_condition(parse("H?ns*_%"), "t.name", p) == "t.name LIKE $1 ESCAPE '\\'"
    assert p.values == ["H_ns%\\_\\%"]


def test_postgres_patterns_use_like_with_escapes():
    p = Params("postgres")
    sql = string_condition(string_node({"contains": "50%_off\\"}), "t.name", p)  # type: ignore[arg-type]
    assert sql == "t.name LIKE $1 ESCAPE '\\'"
    assert p.values == ["%50\\%\\_off\\\\%"]


def test_ranges_and_comparisons_use_the_linguistic_collation():
    p = Params("postgres")
    assert string_condition(parse("A..C"), "t.city", p) == (
        '(t.city COLLATE "und-x-icu" >= $1 AND t.city COLLATE "und-x-icu" <= $2)'
    )
    assert string_condition(parse(">=B"), "t.city", p) == 't.city COLLATE "und-x-icu" >= $3'
    assert string_condition(parse("@<b"), "t.city", p) == (
        '(t.city IS NULL OR lower(t.city) COLLATE "und-x-icu" < lower(CAST($4 AS TEXT)))'
    )
    assert string_condition(parse("B"), "t.city", p) == "t.city = $5"  # equality stays exact
    s = Params("sqlite")
    assert string_condition(parse("A.."), "t.city", s) == "(t.city COLLATE segmentum_uca >= ?1)"


def test_case_insensitive_sql_lowers_both_sides():
    p = Params("postgres")
    assert string_condition(parse("@Gent"), "t.city", p) == "lower(t.city) = lower(CAST($1 AS TEXT))"
    assert string_condition(parse("@G*"), "t.city", p) == "t.city ILIKE $2 ESCAPE '\\'"
    s = Params("sqlite")
    assert string_condition(parse("@G*"), "t.city", s) == "lower(t.city) GLOB lower(CAST(?1 AS TEXT))"


def test_values_are_always_bound():
    p = Params("postgres")
    sql = string_condition(parse("'x'' OR 1=1 --'|<>y;DROP TABLE contact"), "t.name", p)
    assert "DROP" not in sql and "OR 1=1" not in sql
    assert p.values == ["x' OR 1=1 --", "y;DROP TABLE contact"]


def test_blank_matching_filters_include_null():
    p = Params("postgres")
    assert string_condition(parse("<>X"), "t.city", p) == "(t.city IS NULL OR t.city <> $1)"
    assert string_condition(parse("<>''"), "t.city", p) == "t.city <> $2"


def test_parsed_expressions_are_kept_within_a_character_budget() -> None:
    from segmentum.models.criteria import expr

    long = "|".join(["@a..b"] * 834)
    assert expr.parse(long) is expr.parse(long)  # read once per request, however often it is asked
    for i in range(300):
        expr.parse(f"a{i}|" + "|".join(["@a..b"] * 300))
    assert 0 < expr._parsed.bytes <= expr._PARSED_CHARS  # noqa: SLF001
    with pytest.raises(CriteriaError, match="a range cannot contain a wildcard"):
        expr.parse("a..*")
    with pytest.raises(CriteriaError, match="a range cannot contain a wildcard"):
        expr.parse("a..*")  # a kept error is raised again


def test_kept_trees_are_found_by_the_whole_expression() -> None:
    tail = "|" + "|".join(["@a..b"] * 40)
    assert parse("GENT" + tail) != parse("BRUGGE" + tail)
    assert parse("GENT" + tail).items[0] == Compare("=", Value.literal("GENT"))  # type: ignore[attr-defined]


def test_what_a_check_refuses_before_it_runs_weighs_one_unit() -> None:
    from segmentum.models.criteria.limits import MAX_EXPRESSION_LENGTH, MAX_TERMS
    from segmentum.models.criteria.weight import EXACT, criteria_units, expression_units

    assert expression_units("A" * (MAX_EXPRESSION_LENGTH + 1)) == EXACT
    assert expression_units("|".join(["GENT"] * 3_000)) == EXACT  # 14,999 characters
    assert criteria_units({"in": ["X"] * (MAX_TERMS + 1)}) == EXACT
    assert criteria_units({"in": ["X"] * MAX_TERMS}) == MAX_TERMS * EXACT
