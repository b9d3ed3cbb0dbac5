"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests.fuzz.scalars): values for the API's own scalars that schemathesis
does not know. A Decimal is sent as a string literal: exact numbers, non-finite ones and text that is no number. An
Upload cannot travel in a JSON request (its file is a multipart part): the fuzz sends what a client could put in
its place (a string, a number, null), each of which must be refused as a client error, never a server one."""

from __future__ import annotations

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

schemathesis.graphql.scalar("Decimal", st.one_of(
    st.decimals(min_value=-(10**18), max_value=10**18, places=4, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-0", "1" * 40]),
    st.text(max_size=12),
).map(nodes.String))

schemathesis.graphql.scalar("Upload", st.one_of(
    st.text(max_size=12).map(nodes.String),
    st.integers(min_value=-5, max_value=5).map(nodes.Int),
    st.just(nodes.Null),
))
