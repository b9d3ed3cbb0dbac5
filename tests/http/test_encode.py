"""Responses are encoded in one pass by orjson, byte for byte what the standard library's compact encoder
gives, and through the standard library where orjson refuses."""

from __future__ import annotations

import json
from typing import Any

from segmentum.schema.http import encode


def _stdlib(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_a_page_encodes_as_the_standard_library_does():
    body = {"data": {"contacts": {"nodes": [
        {"no": "CT000001", "name": "Brasserie Ŝtraße \"Ø\" \\ 東京 😀", "city": None, "type": "COMPANY",
         "statistics": {"noOfInteractions": 3, "costLcy": "12.50", "share": 0.1, "big": 2**60},
         "flags": [True, False], "note": "tab\tline\nbreak \u2028 \x01"},
    ]}}, "errors": [{"message": "m", "path": ["contacts", 0, "no"], "extensions": {"code": "X"}}]}
    assert encode(body) == _stdlib(body)


def test_what_orjson_refuses_goes_through_the_standard_library():
    for body in ({"data": {"n": 2**70}}, {"data": {1: "int key"}}):
        assert encode(body) == _stdlib(body)
