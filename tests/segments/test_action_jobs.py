"""Worksheet actions above SEGMENTUM_ACTION_JOB_THRESHOLD run as SEGMENT_ACTION jobs: the same lines as inline,
progress while they run, one action after another per segment, refusals before any job."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from arq.connections import ArqRedis
from redis.asyncio import Redis

from segmentum.models.enums import JobKind, JobStatus
from segmentum.models.segments import Segment, SegmentCriteriaAction, SegmentLine
from segmentum.models.system import Job
from segmentum.models.worksheet.recording import MAX_LINE_NO
from segmentum.resolvers.ids import decode_id, encode_id
from segmentum.workers import events, queue
from segmentum.workers.segment_action import segment_action_job
from tests.conftest import test_db_kind as db_kind
from tests.conftest import use_queue
from tests.segments.conftest import World
from tests.workers.conftest import REDIS_URL, arq_queue, run_worker_burst, unique  # noqa: F401 - fixtures

# Starts an in-process job; the `held` fixture replaces the queue's own reference to it.
_START = queue._start_in_process

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

RESULT = ("linesAdded linesRemoved skippedExcluded skippedExisting skippedPrivacyBlocked "
          "userErrors { code message field } warnings { code }")
PAYLOAD = f"{RESULT} segment {{ no }} job {{ id kind status segmentAction {{ {RESULT} }} }}"
ADD = f"mutation($i: SegmentAddContactsInput!) {{ segmentAddContacts(input: $i) {{ {PAYLOAD} }} }}"
REDUCE = f"mutation($i: SegmentRemoveContactsInput!) {{ segmentReduceContacts(input: $i) {{ {PAYLOAD} }} }}"
REFINE = f"mutation($i: SegmentRemoveContactsInput!) {{ segmentRefineContacts(input: $i) {{ {PAYLOAD} }} }}"
GO_BACK = f"mutation($i: SegmentRefInput!) {{ segmentGoBack(input: $i) {{ {PAYLOAD} }} }}"
REUSE = f"mutation($i: SegmentReuseCriteriaInput!) {{ segmentReuseCriteria(input: $i) {{ {PAYLOAD} }} }}"
SAVE = ("mutation($i: SegmentSaveCriteriaInput!) { segmentSaveCriteria(input: $i) { userErrors { code } } }")
JOB = f"query($id: ID!) {{ node(id: $id) {{ ... on Job {{ kind status progress segmentAction {{ {RESULT} }} }} }} }}"

GENT_OR_BRUGGE = {"contact": {"city": {"in": ["GENT", "BRUGGE"]}}}
BRUGGE = {"contact": {"city": {"eq": "BRUGGE"}}}
RETAIL = {"industryGroup": {"code": {"eq": "RETAIL"}}}
# Each step's mutation and variables (segment id added): every kind of action the threshold sends to a job.
STEPS: list[tuple[str, str, dict[str, Any]]] = [
    ("segmentAddContacts", ADD, {"criteria": GENT_OR_BRUGGE}),
    ("segmentGoBack", GO_BACK, {}),
    ("segmentAddContacts", ADD, {"criteria": GENT_OR_BRUGGE}),
    ("segmentReduceContacts", REDUCE, {"criteria": BRUGGE}),
    ("segmentRefineContacts", REFINE, {"criteria": RETAIL, "entireCompanies": True}),
]


async def _segment(no: str) -> str:
    return encode_id("Segment", (await Segment.create(no=no, date="2026-01-01")).id)


async def _lines(segment_gid: str) -> list[tuple[int, int, str]]:
    """The segment's lines as (line number, contact, why it entered)."""
    rows = await SegmentLine.filter(segment_id=decode_id(segment_gid, "Segment")).order_by("line_no").values_list(
        "line_no", "contact_id", "entered_cause")
    return [(int(n), int(c), str(cause)) for n, c, cause in rows]


async def _inline(gql: Any, segment: str, code: str | None = None) -> list[dict[str, Any]]:
    """The steps run in the request (the default threshold), with their payloads."""
    out = []
    for field, mutation, variables in STEPS:
        res = (await gql(mutation, {"i": {"segmentId": segment, **variables}}))[field]
        assert res["job"] is None and res["userErrors"] == []
        out.append(res)
    if code:
        assert (await gql(SAVE, {"i": {"segmentId": segment, "code": code}}))["segmentSaveCriteria"]["userErrors"] == []
    return out


def _counts(res: dict[str, Any]) -> dict[str, Any]:
    return {k: res[k] for k in ("linesAdded", "linesRemoved", "skippedExcluded", "skippedExisting",
                                "skippedPrivacyBlocked", "userErrors", "warnings")}


async def test_actions_above_the_threshold_run_on_an_arq_worker_with_the_same_lines(
        gql: Any, world: World, monkeypatch: pytest.MonkeyPatch, arq_queue: tuple[str, ArqRedis]) -> None:  # noqa: F811
    inline, inline_reused = await _segment("INLINE"), await _segment("INLINE2")
    expected = await _inline(gql, inline, code="STEPS")
    reuse_inline = (await gql(REUSE, {"i": {"segmentId": inline_reused, "savedCriteriaCode": "STEPS"}}))
    assert reuse_inline["segmentReuseCriteria"]["job"] is None

    name, _ = arq_queue
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    monkeypatch.setenv("SEGMENTUM_ACTION_JOB_THRESHOLD", "2")
    await use_queue(REDIS_URL)
    redis = Redis.from_url(REDIS_URL)
    pubsub = redis.pubsub()
    try:
        segment, reused = await _segment("JOBS"), await _segment("JOBS2")
        steps = [*STEPS, ("segmentReuseCriteria", REUSE, {"savedCriteriaCode": "STEPS"})]
        for number, (field, mutation, variables) in enumerate(steps):
            target = reused if field == "segmentReuseCriteria" else segment
            res = (await gql(mutation, {"i": {"segmentId": target, **variables}}))[field]
            # The mutation answers at once with the job; nothing has changed yet.
            assert res["userErrors"] == [] and res["linesAdded"] == res["linesRemoved"] == 0, field
            assert res["job"] is not None, (number, field)
            assert res["job"]["kind"] == "SEGMENT_ACTION" and res["job"]["status"] in ("QUEUED", "RUNNING"), field
            assert res["job"]["segmentAction"] is None
            if number == 0:
                job_id = (await Job.get(kind=JobKind.SEGMENT_ACTION)).id
                await pubsub.subscribe(events.channel(job_id))
                assert (await pubsub.get_message(timeout=5))["type"] == "subscribe"
            worker = await run_worker_burst(name)
            assert worker.jobs_complete == 1 and worker.jobs_failed == 0, field
            done = (await gql(JOB, {"id": res["job"]["id"]}))["node"]
            assert done["status"] == "SUCCEEDED" and done["progress"] == 1.0
            want = expected[number] if field != "segmentReuseCriteria" else reuse_inline[field]
            assert done["segmentAction"] == _counts(want), field
            if number == 0:
                changes = []
                while (message := await pubsub.get_message(timeout=1)) is not None:
                    changes.append(message["data"])
                # Started, three progress reports (waiting done, segment locked, action done), finished.
                assert changes.count(b"changed") >= 5, changes
    finally:
        await pubsub.aclose()
        await redis.aclose()
        await queue.shutdown()
    assert await _lines(segment) == await _lines(inline)
    assert await _lines(reused) == await _lines(inline_reused)
    for no in ("JOBS", "JOBS2"):
        assert await SegmentCriteriaAction.filter(segment__no=no).count() == 3


class Held:
    """In-process jobs queued meanwhile wait until started, in the order the test chooses."""

    def __init__(self) -> None:
        self.ids: list[int] = []


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch, in_process: None) -> Held:
    jobs = Held()
    monkeypatch.setattr(queue, "_start_in_process", jobs.ids.append)
    monkeypatch.setenv("SEGMENTUM_ACTION_JOB_THRESHOLD", "2")
    return jobs


async def test_a_later_action_waits_for_the_segments_earlier_job_as_for_its_lock(
        gql: Any, world: World, held: Held, monkeypatch: pytest.MonkeyPatch) -> None:
    inline = await _segment("INLINE")
    monkeypatch.setenv("SEGMENTUM_ACTION_JOB_THRESHOLD", "1000")
    for field, mutation, variables in STEPS[2:4]:
        assert (await gql(mutation, {"i": {"segmentId": inline, **variables}}))[field]["job"] is None
    monkeypatch.setenv("SEGMENTUM_ACTION_JOB_THRESHOLD", "2")

    segment = await _segment("JOBS")
    add = (await gql(ADD, {"i": {"segmentId": segment, "criteria": GENT_OR_BRUGGE}}))["segmentAddContacts"]
    # A Reduce of a segment without lines is small, but the Add before it is still a job: it queues behind it.
    reduce = (await gql(REDUCE, {"i": {"segmentId": segment, "criteria": BRUGGE}}))["segmentReduceContacts"]
    assert add["job"] is not None and reduce["job"] is not None
    assert reduce["job"]["status"] == "QUEUED" and reduce["userErrors"] == []
    # Started in the wrong order, the Reduce still runs second.
    first, second = held.ids
    for job_id in (second, first):
        _START(job_id)
    await queue.drain()
    assert await _lines(segment) == await _lines(inline)
    jobs = await Job.filter(kind=JobKind.SEGMENT_ACTION).order_by("id")
    assert [j.status for j in jobs] == [JobStatus.SUCCEEDED] * 2
    assert [j.result["linesRemoved"] for j in jobs if j.result] == [0, 3]


async def test_a_refused_action_says_so_before_any_job(gql: Any, world: World, held: Held) -> None:
    segment = await _segment("FULL")
    res = (await gql(ADD, {"i": {"segmentId": segment, "criteria": {"contact": {"city": {"eq": "LEUVEN"}}}}}))
    assert res["segmentAddContacts"]["job"] is None  # one candidate: in the request
    await SegmentLine.filter(segment__no="FULL").update(line_no=MAX_LINE_NO - 50_000)

    added = (await gql(ADD, {"i": {"segmentId": segment, "criteria": GENT_OR_BRUGGE}}))["segmentAddContacts"]
    assert added["job"] is None and added["segment"] is None
    [error] = added["userErrors"]
    assert error["code"] == "INVALID" and f"{MAX_LINE_NO:,}" in error["message"]
    unknown = (await gql(REUSE, {"i": {"segmentId": segment, "savedCriteriaCode": "NOPE"}}))["segmentReuseCriteria"]
    assert unknown["job"] is None and [e["code"] for e in unknown["userErrors"]] == ["NOT_FOUND"]
    nothing = (await gql(REDUCE, {"i": {"segmentId": segment}}))["segmentReduceContacts"]
    assert nothing["job"] is None and [e["code"] for e in nothing["userErrors"]] == ["NO_FILTER"]
    assert held.ids == [] and not await Job.all().exists()
    assert await SegmentCriteriaAction.filter(segment__no="FULL").count() == 1


async def test_a_job_run_twice_acts_once_and_a_segment_gone_meanwhile_is_its_user_error(
        gql: Any, world: World, held: Held) -> None:
    segment = await _segment("TWICE")
    res = (await gql(ADD, {"i": {"segmentId": segment, "criteria": GENT_OR_BRUGGE}}))["segmentAddContacts"]
    job = await Job.get(kind=JobKind.SEGMENT_ACTION)
    await Job.filter(id=job.id).update(status=JobStatus.RUNNING)
    first = await segment_action_job({}, job, **job.payload)
    # The transaction that wrote the lines wrote the result too: a run after a worker died finds it.
    again = await Job.get(id=job.id)
    assert again.result == first and first["linesAdded"] == 6
    assert await segment_action_job({}, again, **again.payload) == first
    assert await SegmentLine.filter(segment__no="TWICE").count() == 6
    assert await SegmentCriteriaAction.filter(segment__no="TWICE").count() == 1
    assert res["job"]["id"] == encode_id("Job", job.id)

    gone = await _segment("GONE")
    await gql(ADD, {"i": {"segmentId": gone, "criteria": GENT_OR_BRUGGE}})
    await Segment.filter(no="GONE").delete()
    _START(held.ids[-1])
    await queue.drain()
    ended = (await gql(JOB, {"id": encode_id("Job", held.ids[-1])}))["node"]
    assert ended["status"] == "SUCCEEDED" and ended["segmentAction"]["linesAdded"] == 0
    assert [e["code"] for e in ended["segmentAction"]["userErrors"]] == ["NOT_FOUND"]


async def test_an_action_that_waited_for_the_lock_of_a_request_that_queued_a_job_queues_behind_it(
        gql: Any, world: World, held: Held, database_url: str) -> None:
    if db_kind() != "postgres":
        pytest.skip("a second connection holding the segment's row lock: PostgreSQL")
    segment = await _segment("RACE")
    segment_id = decode_id(segment, "Segment")
    other = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        # What a request that queues an action job holds until it commits: the segment's lock and the Job row.
        transaction = other.transaction()
        await transaction.start()
        await other.execute("SELECT id FROM segment WHERE id = $1 FOR UPDATE", segment_id)
        await other.execute("INSERT INTO job (kind, key, status, payload, tries, enqueued_at) "
                            "VALUES ('segment.action', $1, 'QUEUED', '{}', 0, now())", f"segment:{segment_id}:other")
        reduce = asyncio.create_task(gql(REDUCE, {"i": {"segmentId": segment, "criteria": BRUGGE}}))
        async with asyncio.timeout(30):
            waiting = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
            while not await other.fetchval(waiting):  # noqa: ASYNC110 - another session's state
                await asyncio.sleep(0.01)  # until the Reduce waits for the lock
        await transaction.commit()
        res = (await reduce)["segmentReduceContacts"]
    finally:
        await other.close()
    # It saw no job before the lock, and the job once it had the lock: it is queued behind it, not run first.
    assert res["userErrors"] == [] and res["job"] is not None and len(held.ids) == 1
    assert not await SegmentCriteriaAction.filter(segment__no="RACE").exists()


async def test_an_action_on_a_segment_whose_job_holds_its_lock_is_queued_without_waiting_for_it(
        gql: Any, world: World, held: Held, database_url: str) -> None:
    if db_kind() != "postgres":
        pytest.skip("a second connection holding the segment's row lock: PostgreSQL")
    segment = await _segment("BUSY")
    segment_id = decode_id(segment, "Segment")
    other = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        await other.execute("INSERT INTO job (kind, key, status, payload, tries, enqueued_at) "
                            "VALUES ('segment.action', $1, 'RUNNING', '{}', 1, now())", f"segment:{segment_id}:other")
        # The running job's transaction: it holds the segment's lock for as long as the action takes.
        async with other.transaction():
            await other.execute("SELECT id FROM segment WHERE id = $1 FOR UPDATE", segment_id)
            async with asyncio.timeout(20):
                res = (await gql(REDUCE, {"i": {"segmentId": segment, "criteria": BRUGGE}}))["segmentReduceContacts"]
    finally:
        await other.close()
    assert res["userErrors"] == [] and res["job"]["status"] == "QUEUED" and len(held.ids) == 1
