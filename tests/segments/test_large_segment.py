"""A segment past the 32-bit line numbers and past the size today's history assumed, on PostgreSQL: 300,000 lines
(numbered up to 3,000,000,000) through Add, Reduce, Go Back, paging and the membership history; 100,000 lines of
every contact twice (Allow Existing Contacts) through re-evaluation, Refine and Go Back; and membership event ids
unique for a contact array of any size."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from segmentum.models.contacts import Contact
from segmentum.models.segments import Segment, SegmentLine
from segmentum.models.sql import Params, execute, fetch_all, fetch_value
from segmentum.models.worksheet.membership import membership_source
from segmentum.models.worksheet.recording import lock_segment
from segmentum.models.worksheet.reevaluate import reevaluate
from tests.conftest import test_db_kind as db_kind

pytestmark = pytest.mark.skipif(db_kind() != "postgres", reason="the size tests run on PostgreSQL")


@pytest.fixture(autouse=True)
def _in_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """These actions run in the request, whatever their size: the statements at size are what is tested here
    (an action above SEGMENTUM_ACTION_JOB_THRESHOLD runs the same ones in a job: tests/segments/test_action_jobs.py)."""
    monkeypatch.setenv("SEGMENTUM_ACTION_JOB_THRESHOLD", str(10_000_000))

SIZE = 300_000
BIG = {"contact": {"city": {"eq": "BIG"}}}
TAIL = ("query($no: String!) { segment(no: $no) { noOfLines lines(last: 2) { nodes { lineNo contact { no } } } "
        "membershipEvents(first: 2) { totalCount nodes { kind cause } } } }")


async def _big_base(n: int) -> None:
    await execute(
        "INSERT INTO contact (no, type, name, city, correspondence_type, exclude_from_segment, privacy_blocked, "
        "created_at, updated_at) SELECT 'L' || LPAD(g::text, 7, '0'), 'PERSON', 'Large ' || g, 'BIG', 'NONE', "
        f"FALSE, FALSE, now(), now() FROM generate_series(1, {n}) g"
    )
    await execute("ANALYZE contact")


async def test_a_segment_of_300000_lines(seg, gql):
    await _big_base(SIZE)
    s = await seg.create()
    added = await seg.add(s["id"], BIG)
    assert (added["userErrors"], added["linesAdded"]) == ([], SIZE)
    tail = (await gql(TAIL, {"no": s["no"]}))["segment"]
    assert tail["noOfLines"] == SIZE
    assert [n["lineNo"] for n in tail["lines"]["nodes"]] == [10_000 * (SIZE - 1), 10_000 * SIZE]
    assert tail["membershipEvents"]["totalCount"] == SIZE
    removed = await seg.reduce(s["id"], {"contact": {"no": {"eq": "L0299999"}}})
    assert removed["linesRemoved"] == 1
    assert (await seg.go_back(s["id"]))["linesAdded"] == 1
    assert (await seg.go_back(s["id"]))["linesRemoved"] == SIZE
    tail = (await gql(TAIL, {"no": s["no"]}))["segment"]
    assert tail["noOfLines"] == 0
    # Every line entered and left by the Add; L0299999 also left by the Reduce and entered by its Go Back.
    assert tail["membershipEvents"]["totalCount"] == 2 * SIZE + 2


async def test_a_segment_of_every_contact_twice(seg):
    """Every contact of 50,000 twice (the test above is the size, this one the path): re-evaluation keeps the
    second Add's tag on one line per contact (it writes only the leaver's two lines), Refine and Go Back work on
    both lines of a contact."""
    half = 50_000
    await _big_base(half)
    s = await seg.create()
    await seg.add(s["id"], BIG)
    again = await seg.add(s["id"], BIG, allowExistingContacts=True)
    assert (again["userErrors"], again["linesAdded"]) == ([], half)
    segment = await Segment.get(no=s["no"])
    await Contact.filter(no="L0000007").update(privacy_blocked=True)
    await execute("ANALYZE segment_line")
    async with in_transaction():
        done = await reevaluate(await lock_segment(segment.id))
    assert (done.lines_added, done.lines_removed) == (0, 2)
    tags = await fetch_all("SELECT a.position, COUNT(*) AS n FROM segment_line l JOIN segment_criteria_action a "
                           f"ON a.id = l.action_id WHERE l.segment_id = {segment.id} GROUP BY a.position")
    assert sorted((r["position"], r["n"]) for r in tags) == [(1, half - 1), (2, half - 1)]
    refined = await seg.refine(s["id"], {"contact": {"no": {"expr": "<>L0000009"}}})
    assert refined["linesRemoved"] == 2
    assert (await seg.go_back(s["id"]))["linesAdded"] == 2
    assert (await seg.go_back(s["id"]))["linesRemoved"] == half - 1
    assert await SegmentLine.filter(segment_id=segment.id).count() == half - 1


async def test_event_ids_are_unique_for_an_array_of_any_size(seg):
    """A contact array of more elements than the old encoding assumed (2,097,152): one contact repeated, as the
    history reads arrays element by element."""
    await _big_base(1)
    s = await seg.create()
    p = Params()
    segment_id = int(await fetch_value(f"SELECT id FROM segment WHERE no = {p.add(s['no'])}", p))
    contact = int(await fetch_value("SELECT id FROM contact"))
    n = 2_200_000
    p = Params()
    await execute(
        "INSERT INTO segment_line_archive (segment_id, kind, contact_ids, entered_at, entered_cause, left_at, "
        f"left_cause) SELECT {p.add(segment_id)}, 'CONTACTS', to_jsonb(array_fill({contact}, ARRAY[{n}])), now(), "
        "'action 1', now(), 'go back: action 1'",
        p,
    )
    p = Params()
    rows = await fetch_all(f"SELECT COUNT(*) AS n, COUNT(DISTINCT t.id) AS ids FROM {membership_source(p.dialect)} t "
                           f"WHERE t.segment_id = {p.add(segment_id)}", p)
    assert (rows[0]["n"], rows[0]["ids"]) == (2 * n, 2 * n)
