"""The interaction filter over the entry's own fields: cost and duration (numeric filters: equals, lists, ranges,
<, <=, >, >=, exact and the same on both databases), description and subject (text expressions), language code
and correspondence type, and the logged segment; in interactionLogEntries and in the contact criteria alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ContactType, CorrespondenceType, ErrorCode
from segmentum.models.interactions import InteractionLogEntry
from tests.interactions.test_filter import entry_nos

CONTACTS = "query($f: InteractionFilter) { contacts(filter: {interaction: $f}) { nodes { no } } }"


async def _entries(make_entry: Any, make_logged_segment: Any, setup: dict[str, Any]) -> list[InteractionLogEntry]:
    log = await make_logged_segment(segment_no="SEG01")
    specs: list[dict[str, Any]] = [
        {"cost_lcy": Decimal("2.50"), "duration_min": 5, "description": "Spring mailing", "subject": "Hello",
         "language_code": "NLB", "correspondence_type": CorrespondenceType.EMAIL, "logged_segment_id": log.id},
        {"cost_lcy": Decimal("2.51"), "duration_min": 10, "description": "spring call", "subject": None,
         "language_code": "ENU", "correspondence_type": CorrespondenceType.HARD_COPY, "logged_segment_id": log.id},
        {"cost_lcy": Decimal("0.00"), "duration_min": 0, "description": None, "subject": "O'Brien",
         "language_code": None, "correspondence_type": CorrespondenceType.NONE},
        {"cost_lcy": Decimal("1000000000000.99"), "duration_min": 600, "description": "Big deal",
         "subject": "Hello again", "language_code": "NLB", "correspondence_type": CorrespondenceType.EMAIL},
    ]
    entries = []
    for i, spec in enumerate(specs):
        contact = await Contact.create(no=f"E{i}", type=ContactType.COMPANY, name=f"E{i}")
        await Contact.filter(id=contact.id).update(company_id=contact.id)
        entries.append(await make_entry(setup["template"], contact_id=contact.id, contact_company_id=contact.id,
                                        **spec))
    return entries


async def test_numeric_filters_on_cost_and_duration(gql, setup, make_entry, make_logged_segment):
    a, b, c, d = (e.id for e in await _entries(make_entry, make_logged_segment, setup))
    cases: list[tuple[dict[str, Any], list[int]]] = [
        ({"costLcy": {"eq": "2.5"}}, [a]),
        ({"costLcy": {"eq": "2.505"}}, []),  # no amount has half a cent
        ({"costLcy": {"ne": "2.50"}}, [b, c, d]),
        ({"costLcy": {"in": ["2.51", "0", "7"]}}, [b, c]),
        ({"costLcy": {"from": "2.50", "to": "2.51"}}, [a, b]),
        ({"costLcy": {"lt": "2.505"}}, [a, c]),
        ({"costLcy": {"lte": "2.505"}}, [a, c]),
        ({"costLcy": {"gt": "2.505"}}, [b, d]),
        ({"costLcy": {"gte": "2.51"}}, [b, d]),
        ({"costLcy": {"gt": "999999999999.99", "lt": "1000000000001"}}, [d]),  # beyond a float's cents
        ({"costLcy": {"gt": "10"}}, [d]),  # numbers, not text: "1000000000000.99" > "10" as text too, "2.51" not
        ({"costLcy": {"lt": "10"}}, [a, b, c]),
        ({"durationMin": {"eq": 10}}, [b]),
        ({"durationMin": {"gte": 5, "lt": 600}}, [a, b]),
        ({"durationMin": {"in": [0, 600]}}, [c, d]),
        ({"durationMin": {"from": 6, "to": 5}}, []),
        ({"durationMin": {"gt": 9}}, [b, d]),  # 10 > 9 as a number ("10" < "9" as text)
    ]
    for flt, expected in cases:
        assert await entry_nos(gql, flt) == expected, flt


async def test_text_code_enum_and_logged_segment_filters(gql, setup, make_entry, make_logged_segment):
    entries = await _entries(make_entry, make_logged_segment, setup)
    a, b, c, d = (e.id for e in entries)
    log = entries[0].logged_segment_id
    cases: list[tuple[dict[str, Any], list[int]]] = [
        ({"description": {"expr": "Spring*"}}, [a]),  # case-sensitive, as BC
        ({"description": {"expr": "@spring*"}}, [a, b]),
        ({"description": {"isBlank": True}}, [c]),
        ({"subject": {"expr": "'O''Brien'|Hello"}}, [a, c]),
        ({"subject": {"contains": "again"}}, [d]),
        ({"languageCode": {"eq": "nlb"}}, [a, d]),  # a Code: the value is upper-cased
        ({"languageCode": {"isBlank": True}}, [c]),
        ({"correspondenceType": ["EMAIL", "NONE"]}, [a, c, d]),
        ({"correspondenceType": []}, []),
        ({"loggedSegmentEntryNo": {"eq": log}}, [a, b]),
        ({"loggedSegmentEntryNo": {"ne": log}}, []),  # entries without a logged segment match no comparison
        ({"loggedSegmentEntryNo": {"eq": log}, "costLcy": {"gt": "2.50"}}, [b]),
    ]
    for flt, expected in cases:
        assert await entry_nos(gql, flt) == expected, flt
    # The contact criteria: the same conditions, on one entry of the contact.
    found = await gql(CONTACTS, {"f": {"loggedSegmentEntryNo": {"eq": log}, "durationMin": {"gte": 10}}})
    assert found["contacts"]["nodes"] == [{"no": "E1"}]


async def test_bad_numbers_are_refused_naming_the_value(gql, setup, make_entry, make_logged_segment):
    await _entries(make_entry, make_logged_segment, setup)
    for flt, message in (({"costLcy": {"lt": "abc"}}, "abc"),
                         ({"costLcy": {"eq": "NaN"}}, "filter.costLcy.eq: 'NaN' is not a finite number"),
                         ({"costLcy": {"in": ["1", "1e400"]}}, "filter.costLcy.in.1: '1E+400' is too large"),
                         ({"durationMin": {"eq": 1.5}}, "1.5")):
        res = await gql("query($f: InteractionFilter) { interactionLogEntries(filter: $f) { totalCount } }",
                        {"f": flt}, expect_errors=True)
        assert [e.extensions["code"] for e in res["errors"]] == ["BAD_USER_INPUT"], flt
        assert message in res["errors"][0].message, flt
    # Criteria stored before (a saved action) are checked by the engine itself: whole numbers, finite amounts.
    _, errors = Criteria.read({"interaction": {"duration_min": {"eq": 1.5}, "cost_lcy": {"gte": "Infinity"}}})
    assert [(e.field, e.code) for e in errors] == [
        (["input", "criteria", "interaction", "costLcy", "gte"], ErrorCode.INVALID),
        (["input", "criteria", "interaction", "durationMin", "eq"], ErrorCode.INVALID)]


async def test_a_recorded_action_shows_the_new_fields_as_bc_does(gql, setup, make_entry, make_logged_segment):
    await _entries(make_entry, make_logged_segment, setup)
    res = await gql('mutation { segmentCreate(input: {description: "S"}) { segment { id } } }')
    segment_id = res["segmentCreate"]["segment"]["id"]
    res = await gql("mutation($i: SegmentAddContactsInput!) { segmentAddContacts(input: $i) { linesAdded "
                    "segment { criteria { filters { source text } } } userErrors { message } } }",
                    {"i": {"segmentId": segment_id, "criteria": {"interaction": {
                        "costLcy": {"from": "2.5", "lt": "3"}, "durationMin": {"in": [5, 10]},
                        "subject": {"expr": "Hello*"}, "correspondenceType": ["EMAIL"]}}}})
    payload = res["segmentAddContacts"]
    assert payload["userErrors"] == [] and payload["linesAdded"] == 1
    assert payload["segment"]["criteria"][0]["filters"] == [{"source": "INTERACTION", "text": (
        "Cost (LCY): 2.5..&<3; Duration (Min.): 5|10; Correspondence Type: EMAIL; Subject: Hello*")}]
