"""Hostile criteria: limits on expressions, lists, values, dates and day counts, each a coded error naming
the field and quoting at most a short prefix; parsing grows linearly with the expression."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from segmentum.models.criteria import Criteria, parse
from segmentum.models.criteria.expr import CriteriaError
from segmentum.models.criteria.limits import (
    MAX_EXPRESSION_LENGTH,
    MAX_EXPRESSIONS_LENGTH,
    MAX_NESTING,
    MAX_TERMS,
    MAX_VALUE_LENGTH,
    MAX_VALUES,
    PREFIX_LENGTH,
)
from segmentum.models.enums import ErrorCode
from segmentum.models.errors import FieldError

BASE = ["input", "criteria"]
SHORT = PREFIX_LENGTH + 80  # a message quoting a prefix stays about this long, plus its own words


@pytest.fixture(autouse=True)
def _clean():
    """These tests never touch the database: no emptying of tables after each."""
    yield


def criteria_errors(criteria: dict) -> list[FieldError]:
    return Criteria.read(criteria)[1]


def only_error(criteria: dict) -> FieldError:
    errors = criteria_errors(criteria)
    assert len(errors) == 1, errors
    return errors[0]


def name(**flt) -> dict:
    return {"contact": {"name": flt}}


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("A" * 100_000, f"longer than {MAX_EXPRESSION_LENGTH:,} characters"),
        ("(" * 500 + "A" + ")" * 500, f"nest more than {MAX_NESTING} deep"),
        ("|".join(["GENT"] * 50_000), f"longer than {MAX_EXPRESSION_LENGTH:,} characters"),
        ("|".join(["A"] * (MAX_TERMS + 1)), f"more than {MAX_TERMS:,} terms"),
        ("A*|" + "B" * (MAX_VALUE_LENGTH + 1), f"longer than {MAX_VALUE_LENGTH:,} characters"),
        ("GENT|\x00", "NUL"),
        ("GENT|\ud800", "unpaired surrogate"),
    ],
)
def test_expressions_over_a_limit_are_invalid_naming_it(expression, words):
    error = only_error(name(expr=expression))
    assert error.code == ErrorCode.INVALID
    assert error.field == [*BASE, "contact", "name", "expr"]
    assert words in error.message
    assert "(the limit)" in error.message or words in ("NUL", "unpaired surrogate")
    assert len(error.message) < SHORT + 120, error.message  # a prefix of the value, never all of it


def test_nesting_up_to_the_limit_is_accepted():
    parse("(" * MAX_NESTING + "A" + ")" * MAX_NESTING)
    parse("|".join(["A"] * MAX_TERMS))


@pytest.mark.parametrize(
    ("flt", "path", "words"),
    [
        ({"in": [f"V{i}" for i in range(40_000)]}, ["in"], f"at most {MAX_TERMS:,}"),
        ({"not_in": ["X"] * (MAX_TERMS + 1)}, ["notIn"], f"at most {MAX_TERMS:,}"),
        ({"eq": "A\x00B"}, ["eq"], "NUL"),
        ({"ne": "\udc00"}, ["ne"], "unpaired surrogate"),
        ({"starts_with": "x" * 900_000}, ["startsWith"], f"longer than {MAX_VALUE_LENGTH:,}"),
        ({"contains": "\x00"}, ["contains"], "NUL"),
        ({"in": ["GENT", "BR\x00UGGE"]}, ["in", "1"], "NUL"),
        ({"not_in": ["\ud83d"]}, ["notIn", "0"], "unpaired surrogate"),
    ],
)
def test_string_filter_values_are_checked(flt, path, words):
    error = only_error(name(**flt))
    assert (error.code, error.field) == (ErrorCode.INVALID, [*BASE, "contact", "name", *path])
    assert words in error.message
    assert len(error.message) < SHORT + 120, error.message


@pytest.mark.parametrize(
    ("date_filter", "op", "words"),
    [
        ({"eq": "9999-12-31"}, "eq", "out of range"),
        ({"from": "9999-12-31"}, "from", "9998-12-31"),
        ({"to": "99999-01-01"}, "to", "not a valid date"),
        ({"within_last_days": 2_147_483_647}, "withinLastDays", "withinLastDays must be"),
        ({"older_than_days": 36_501}, "olderThanDays", "36,500"),
        ({"older_than_days": -1}, "olderThanDays", "olderThanDays must be"),
    ],
)
def test_dates_and_day_counts_out_of_range_are_invalid_naming_the_field(date_filter, op, words):
    for source, field in (("contact", "created_at"), ("interaction", "date")):
        error = only_error({source: {field: date_filter}})
        assert error.code == ErrorCode.INVALID
        assert error.field == [*BASE, source, "createdAt" if field == "created_at" else "date", op]
        assert words in error.message


def test_the_whole_date_range_is_accepted():
    assert criteria_errors({"interaction": {"date": {"from": "0001-01-01", "to": "9998-12-31",
                                                     "within_last_days": 36_500, "older_than_days": 0}}}) == []


def test_nul_and_surrogates_in_every_kind_of_criteria_string():
    errors = criteria_errors({
        "profile_answer": {"questionnaire_code": "Q\x00"},
        "industry_group": {"code": {"eq": "R\ud800"}},
        "segment": {"segment_no": {"expr": "SEG\x00"}},
        "interaction": {"template_code": {"in": ["\udfff"]}},
    })
    assert sorted(e.field or [] for e in errors) == sorted([
        [*BASE, "profileAnswer", "questionnaireCode"],
        [*BASE, "industryGroup", "code", "eq"],
        [*BASE, "segment", "segmentNo", "expr"],
        [*BASE, "interaction", "templateCode", "in", "0"],
    ])
    assert {e.code for e in errors} == {ErrorCode.INVALID}


def test_enum_and_line_number_lists_are_capped():
    error = only_error({"contact": {"correspondence_type": ["EMAIL"] * 40_000}})
    assert error.field == [*BASE, "contact", "correspondenceType"]
    error = only_error({"profile_answer": {"questionnaire_code": "Q", "answer_line_nos": list(range(MAX_TERMS + 1))}})
    assert error.field == [*BASE, "profileAnswer", "answerLineNos"]
    assert f"at most {MAX_TERMS:,}" in error.message


def test_all_values_of_one_criteria_stay_below_the_database_parameter_limit():
    many = {"in": [f"V{i}" for i in range(MAX_TERMS)]}
    criteria = {"contact": {key: many for key in ("name", "city", "county", "email", "job_title", "no")}}
    error = only_error(criteria)
    assert (error.code, error.field) == (ErrorCode.INVALID, BASE)
    assert f"{6 * MAX_TERMS:,} values" in error.message and f"at most {MAX_VALUES:,}" in error.message
    del criteria["contact"]["no"]
    assert criteria_errors(criteria) == []


def test_all_expressions_of_one_criteria_are_capped_together():
    expr = "|".join(["GENT..BRUGGE"] * 700)  # 9,099 characters: within the limit of one expression
    criteria = {"contact": {"name": {"expr": expr}, "city": {"expr": expr}}}
    assert criteria_errors(criteria) == []
    criteria["contact"]["county"] = {"expr": expr}
    error = only_error(criteria)
    assert (error.code, error.field) == (ErrorCode.INVALID, BASE)
    assert f"at most {MAX_EXPRESSIONS_LENGTH:,}" in error.message


def test_an_unknown_source_is_invalid():
    error = only_error({"value_entry": {"item_no": {"eq": "X"}}})
    assert (error.code, error.field) == (ErrorCode.INVALID, [*BASE, "valueEntry"])


def _cpu_time_per_call(fn: Callable[[], object], calls: int, samples: int = 5) -> float:
    """The least CPU time of one call over several samples: CPU time, not wall time, so that other work on a
    shared machine does not count, and the least, so that a sample the collector ran in does not either."""
    best = float("inf")
    for _ in range(samples):
        start = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - start) / calls)
    return best


@pytest.mark.parametrize(
    "term",
    ["GENT..BRUGGE", "@" + "a" * 200 + "*", "'" + "x''" * 60 + "'?", "<>" + "z" * 240, None],
    ids=["ranges", "long-patterns", "quoted", "long-comparisons", "one-over-long-term"],
)
def test_parse_time_grows_linearly_with_the_expression(term):
    def expression(length: int) -> str:
        if term is None:  # read to its end, then refused as over-long
            return "'" + "A" * (length - 2) + "'"
        return "|".join([term] * max(1, length // (len(term) + 1)))

    def run(text: str) -> Callable[[], object]:
        def parse_it() -> None:
            try:
                parse(text)
            except CriteriaError:
                assert term is None

        return parse_it

    small, large = expression(MAX_EXPRESSION_LENGTH // 10), expression(MAX_EXPRESSION_LENGTH)
    assert len(large) >= 9 * len(small)
    ratio = _cpu_time_per_call(run(large), calls=1) / _cpu_time_per_call(run(small), calls=10)
    # Ten times the input: about ten times the work. A parser quadratic in the length, as this one once
    # was on long terms, takes about a hundred times as long; 30 leaves room for a shared machine.
    assert ratio < 30, ratio
