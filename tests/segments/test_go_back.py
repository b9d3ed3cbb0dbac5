"""Go Back undoes the last action exactly: line numbers and every field come back; inserted lines go by line."""

from __future__ import annotations

from segmentum.models.contacts import Contact
from tests.segments.conftest import contacts_of

GENT = {"contact": {"city": {"eq": "GENT"}}}
LINE_FIELDS = "lineNo contact { no } description costLcy evaluation"


async def _lines(gql, no):
    res = await gql(
        f"query($no: String!) {{ segment(no: $no) {{ noOfCriteriaActions lines(first: 100) "
        f"{{ nodes {{ id {LINE_FIELDS} }} }} }} }}",
        {"no": no},
    )
    return res["segment"]


async def test_go_back_restores_removed_lines_exactly(world, seg, gql):
    s = await seg.create(description="Header")
    await seg.add(s["id"], GENT, expandCompanies=True)
    before = await _lines(gql, s["no"])
    a2 = next(n for n in before["lines"]["nodes"] if n["contact"]["no"] == "A2")
    edited = await gql(
        "mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { userErrors { code } "
        "line { description } } }",
        {"i": {"id": a2["id"], "description": "Personal", "costLcy": "9.99", "evaluation": "POSITIVE"}},
    )
    assert edited["segmentLineUpdate"]["userErrors"] == []
    before = await _lines(gql, s["no"])

    await seg.reduce(s["id"], {"contact": {"city": {"eq": "BRUGGE"}}})
    undo = await seg.go_back(s["id"])
    assert undo["linesAdded"] == 3 and undo["userErrors"] == []
    after = await _lines(gql, s["no"])
    strip = lambda seg_: [{k: v for k, v in n.items() if k != "id"} for n in seg_["lines"]["nodes"]]  # noqa: E731
    assert strip(after) == strip(before)
    assert after["noOfCriteriaActions"] == 1
    restored = next(n for n in after["lines"]["nodes"] if n["contact"]["no"] == "A2")
    assert (restored["description"], restored["costLcy"], restored["evaluation"]) == ("Personal", "9.99", "POSITIVE")


async def test_go_back_of_an_add_removes_only_its_lines(world, seg):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    first = await seg.lines(s["no"])
    await seg.add(s["id"], GENT, allowExistingContacts=True)  # duplicates of the same contacts
    assert len(await seg.lines(s["no"])) == 6
    undo = await seg.go_back(s["id"])
    assert undo["linesRemoved"] == 3
    assert await seg.lines(s["no"]) == first


async def test_go_back_repeatable_to_the_empty_segment(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT, expandCompanies=True)
    await seg.refine(s["id"], {"contact": {"no": {"eq": "A2"}}}, entireCompanies=True)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    snapshots = []
    for _ in range(3):
        snapshots.append(await seg.lines(s["no"]))
        await seg.go_back(s["id"])
    assert snapshots[0] == [(20000, "CA"), (40000, "A2")]
    assert snapshots[1] == [(20000, "CA"), (30000, "A1"), (40000, "A2")]
    assert contacts_of(snapshots[2]) == ["I1", "CA", "A1", "A2", "CB", "B2"]
    assert await seg.lines(s["no"]) == []


async def test_go_back_with_nothing_to_undo_does_nothing(world, seg):
    s = await seg.create()
    nothing = await seg.go_back(s["id"])
    assert nothing["userErrors"] == []
    assert (nothing["linesAdded"], nothing["linesRemoved"], nothing["skippedPrivacyBlocked"]) == (0, 0, 0)
    assert nothing["segment"]["noOfCriteriaActions"] == 0


async def test_go_back_leaves_out_lines_of_contacts_blocked_since(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"in": ["A1", "I1"]}}})
    await Contact.filter(no="A1").update(privacy_blocked=True)
    undo = await seg.go_back(s["id"])
    assert (undo["linesAdded"], undo["skippedPrivacyBlocked"], undo["userErrors"]) == (1, 1, [])
    assert sorted(contacts_of(await seg.lines(s["no"]))) == ["CA", "I1"]
    events = await gql(
        "query($no: String!) { segment(no: $no) { membershipEvents(first: 50) { nodes { kind cause "
        "contact { no } } } } }",
        {"no": s["no"]},
    )
    back = [e for e in events["segment"]["membershipEvents"]["nodes"] if e["cause"].startswith("go back")]
    assert [(e["kind"], e["contact"]["no"]) for e in back] == [("ADDED", "I1")]


async def test_manual_lines_are_actions_and_undoable(world, seg, gql):
    s = await seg.create()
    added = await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("B1"))
    assert added["linesAdded"] == 1  # manual lines skip the exclusion check, as BC
    blocked = await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("AP"))
    assert blocked["userErrors"][0]["code"] == "PRIVACY_BLOCKED"
    await seg.act("segmentLineAdd", "SegmentLineAddInput", segmentId=s["id"], contactId=world.gid("I2"))
    lines = (await _lines(gql, s["no"]))["lines"]["nodes"]
    b1_line = next(n for n in lines if n["contact"]["no"] == "B1")

    changed = await gql(
        "mutation($i: SegmentLineUpdateInput!) { segmentLineUpdate(input: $i) { line { lineNo "
        "contact { no } } userErrors { code } } }",
        {"i": {"id": b1_line["id"], "contactId": world.gid("I1")}},
    )
    assert changed["segmentLineUpdate"]["line"] == {"lineNo": 10000, "contact": {"no": "I1"}}
    i2_line = next(n["id"] for n in lines if n["contact"]["no"] == "I2")
    removed = await seg.act("segmentLineRemove", "SegmentLineRemoveInput", id=i2_line)
    assert removed["linesRemoved"] == 1
    assert removed["removedLineIds"] == [i2_line]  # a client cache evicts the line by it
    assert changed and added["removedLineIds"] == []

    res = await gql(
        "query($no: String!) { segment(no: $no) { criteria { action linesAdded linesRemoved "
        "filters { source text } } } }",
        {"no": s["no"]},
    )
    assert [(c["action"], c["linesAdded"], c["linesRemoved"]) for c in res["segment"]["criteria"]] == [
        ("ADD", 1, 0),
        ("ADD", 1, 0),
        ("REDUCE", 0, 1),
        ("ADD", 1, 0),
        ("REDUCE", 0, 1),
    ]
    assert await seg.lines(s["no"]) == [(10000, "I1")]
    await seg.go_back(s["id"])
    assert await seg.lines(s["no"]) == [(10000, "I1"), (20000, "I2")]
    await seg.go_back(s["id"])
    await seg.go_back(s["id"])
    assert await seg.lines(s["no"]) == [(10000, "B1"), (20000, "I2")]
