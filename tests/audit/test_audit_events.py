"""`auditEvents`: every mutation field run or refused, with its key, outcome, codes and the IDs it touched; refusals
kept although the work rolled back; filters by key, mutation and time; admins only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from segmentum.models.audit import MAX_TOUCHED_IDS, AuditEvent
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.segments import Segment
from segmentum.resolvers.ids import encode_id

EVENTS = """query($key: String, $mutation: [String!], $since: DateTime, $until: DateTime, $first: Int,
                  $after: String) {
  auditEvents(key: $key, mutation: $mutation, since: $since, until: $until, first: $first, after: $after) {
    nodes { id mutation key { name } at outcome codes touchedIds touchedCount }
    pageInfo { hasNextPage endCursor } } }"""
CREATE = ("mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { segment { id } "
          "userErrors { code } } }")


async def events(admin: Any, **variables: Any) -> list[dict[str, Any]]:
    res = await admin(EVENTS, variables)
    assert res["errors"] == [], res["errors"]
    return res["data"]["auditEvents"]["nodes"]  # type: ignore[no-any-return]


async def test_a_mutation_that_ran_is_recorded_with_what_it_touched(as_key: Any) -> None:
    marketing = await as_key("marketing")
    admin = await as_key("ops", "admin")
    created = await marketing(CREATE, {"i": {"no": "S-AUDIT", "description": "Spring"}})
    segment_id = created["data"]["segmentCreate"]["segment"]["id"]

    [event] = await events(admin)
    assert event["mutation"] == "segmentCreate" and event["key"] == {"name": "marketing"}
    assert event["outcome"] == "OK" and event["codes"] == []
    assert event["touchedIds"] == [segment_id] and event["touchedCount"] == 1
    assert abs(datetime.fromisoformat(event["at"]) - datetime.now(UTC)) < timedelta(minutes=1)


async def test_a_refusal_keeps_its_event_while_its_work_rolls_back(as_key: Any) -> None:
    marketing = await as_key("marketing")
    admin = await as_key("ops", "admin")
    # Two fields, two transactions: the first is kept, the second (its number taken) rolls back.
    both = await marketing("mutation { a: segmentCreate(input: {no: \"S-1\", description: \"One\"}) { userErrors "
                           "{ code } } b: segmentCreate(input: {no: \"S-1\", description: \"Two\"}) { userErrors "
                           "{ code } } }")
    assert both["data"]["b"]["userErrors"] == [{"code": "ALREADY_EXISTS"}]
    assert [s.description for s in await Segment.all()] == ["One"]

    listed = await events(admin)
    assert [(e["mutation"], e["outcome"], e["codes"]) for e in listed] == [
        ("segmentCreate", "USER_ERROR", ["ALREADY_EXISTS"]), ("segmentCreate", "OK", [])]
    assert listed[0]["touchedIds"] == [] and listed[0]["key"] == {"name": "marketing"}

    # A refused input value (the argument guard's INVALID) is recorded, the value itself is not.
    secret = "sgm_do-not-keep-this-secret"
    bad = await marketing("mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { userErrors { code } } }",
                          {"i": {"description": f"{secret}\u0000"}})
    assert bad["data"]["segmentCreate"]["userErrors"] == [{"code": "INVALID"}]
    latest = await AuditEvent.all().order_by("-id").first()
    assert latest is not None and latest.outcome == "USER_ERROR" and latest.codes == ["INVALID"]
    assert all(secret not in str(value) for value in latest.__dict__.values())
    assert await Segment.all().count() == 1


async def test_forbidden_and_limited_operations_are_recorded(as_key: Any) -> None:
    reader = await as_key("reader", "read")
    marketing = await as_key("marketing")
    admin = await as_key("ops", "admin")
    forbidden = await reader(CREATE, {"i": {"description": "Nope"}})
    assert forbidden["data"] is None and forbidden["errors"][0].extensions["code"] == "FORBIDDEN"
    assert await Segment.all().count() == 0

    # Eleven Adds cost over the budget of 50,000: refused before any runs, one event per field asked for.
    adds = " ".join(f"a{i}: segmentAddContacts(input: {{segmentId: \"x\", allowNoFilter: true}}) {{ linesAdded }}"
                    for i in range(11))
    limited = await marketing(f"mutation {{ {adds} c: contactCreate(input: {{type: COMPANY, name: \"X\"}}) "
                              "{ contact { id } } }")
    assert limited["data"] is None and limited["errors"][0].extensions["code"] == "QUERY_TOO_COMPLEX"
    assert await Contact.all().count() == 0

    listed = await events(admin)
    assert [(e["mutation"], e["key"]["name"], e["outcome"], e["codes"]) for e in listed] == [
        ("contactCreate", "marketing", "LIMITED", ["QUERY_TOO_COMPLEX"]),
        ("segmentAddContacts", "marketing", "LIMITED", ["QUERY_TOO_COMPLEX"]),
        ("segmentCreate", "reader", "FORBIDDEN", ["FORBIDDEN"]),
    ]


async def test_events_are_filtered_by_key_mutation_and_time_and_paged(as_key: Any) -> None:
    marketing = await as_key("marketing")
    partner = await as_key("partner")
    admin = await as_key("ops", "admin")
    for run, no in ((marketing, "S-1"), (partner, "S-2"), (marketing, "S-3")):
        await run(CREATE, {"i": {"no": no, "description": no}})
    contact = await marketing("mutation { contactCreate(input: {type: COMPANY, name: \"Klok\"}) { contact { id } } }")
    contact_id = contact["data"]["contactCreate"]["contact"]["id"]

    every = await events(admin)
    assert [e["mutation"] for e in every] == ["contactCreate", "segmentCreate", "segmentCreate", "segmentCreate"]
    mine = await events(admin, key="marketing")
    assert [e["mutation"] for e in mine] == ["contactCreate", "segmentCreate", "segmentCreate"]
    assert [e["touchedIds"] for e in await events(admin, key="marketing", mutation=["contactCreate"])] == [
        [contact_id]]
    assert [e["key"]["name"] for e in await events(admin, mutation=["segmentCreate"])] == [
        "marketing", "partner", "marketing"]
    assert await events(admin, key="nobody") == [] and await events(admin, mutation=[]) == []

    # Time: the two latest events set one minute later; since is inclusive, until exclusive.
    later = datetime.now(UTC) + timedelta(minutes=1)
    ids = [int(e.id) for e in await AuditEvent.all().order_by("-id").limit(2)]
    await AuditEvent.filter(id__in=ids).update(at=later)
    assert len(await events(admin, since=later.isoformat())) == 2
    assert [e["mutation"] for e in await events(admin, until=later.isoformat())] == ["segmentCreate"] * 2
    assert await events(admin, since=later.isoformat(), until=later.isoformat()) == []

    first = (await admin(EVENTS, {"first": 3}))["data"]["auditEvents"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await admin(EVENTS, {"first": 3, "after": first["pageInfo"]["endCursor"]}))["data"]["auditEvents"]
    assert [e["id"] for e in first["nodes"] + rest["nodes"]] == [e["id"] for e in every]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_an_event_keeps_a_bounded_number_of_ids(as_key: Any, make_contact: Any) -> None:
    marketing = await as_key("marketing")
    admin = await as_key("ops", "admin")
    company = await make_contact(no="BIG", name="Big")
    for i in range(MAX_TOUCHED_IDS + 4):
        await make_contact(type=ContactType.PERSON, company=company, no=f"P{i:03d}")
    res = await marketing("mutation($i: DeleteInput!) { contactDelete(input: $i) { deletedIds userErrors "
                          "{ code } } }", {"i": {"id": encode_id("Contact", company.id), "deletePersons": True}})
    deleted = res["data"]["contactDelete"]["deletedIds"]
    assert len(deleted) == MAX_TOUCHED_IDS + 5
    [event] = await events(admin)
    assert event["touchedCount"] == MAX_TOUCHED_IDS + 5
    assert event["touchedIds"] == deleted[:MAX_TOUCHED_IDS]


async def test_only_admins_read_the_audit_trail(as_key: Any) -> None:
    marketing = await as_key("marketing")
    await marketing(CREATE, {"i": {"description": "x"}})
    denied = await marketing(EVENTS)
    assert denied["data"] is None
    assert denied["errors"][0].extensions["code"] == "FORBIDDEN" and "admin" in denied["errors"][0].message
    reader = await as_key("reader", "read")
    assert (await reader(EVENTS))["errors"][0].extensions["code"] == "FORBIDDEN"
    # Nor by its ID.
    event = encode_id("AuditEvent", (await AuditEvent.all().first()).id)  # type: ignore[union-attr]
    node = "query($id: ID!) { node(id: $id) { ... on AuditEvent { mutation } } }"
    assert (await marketing(node, {"id": event}))["errors"][0].extensions["code"] == "FORBIDDEN"
    admin = await as_key("ops", "admin")
    assert (await admin(node, {"id": event}))["data"]["node"] == {"mutation": "segmentCreate"}
