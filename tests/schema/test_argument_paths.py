"""A query error about an argument names the argument's path in `extensions.argumentPath`, as a mutation's
userError names it in `field`: a form maps the error to its input."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("query", "path"), [
    ('{ contacts(filter: {contact: {name: {expr: "a..b..c"}}}) { totalCount } }',
     ["filter", "contact", "name", "expr"]),
    ('{ segmentPreview(criteria: {contact: {city: {expr: "(("}}}) { count } }',
     ["criteria", "contact", "city", "expr"]),
    ('{ contacts(filter: {industryGroup: {code: {eq: "x\\u0000"}}}) { totalCount } }',
     ["filter", "industryGroup", "code", "eq"]),
    ("{ contacts(first: 1000) { totalCount } }", ["first"]),
    ('{ contacts(first: 5, after: "not-a-cursor") { totalCount } }', ["after"]),
])
async def test_a_refused_argument_is_named_by_its_path(gql, query, path):
    res = await gql(query, expect_errors=True)
    [error] = res["errors"]
    assert error.extensions["code"] == "BAD_USER_INPUT"
    assert error.extensions["argumentPath"] == path
