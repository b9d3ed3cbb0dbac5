"""The outbox: an event commits with its change or not at all; deliveries survive a crash between the commit and
the queue (a real arq worker on Redis picks them up); bulk changes make one event with counts."""

from __future__ import annotations

from typing import Any

import pytest
from arq.connections import ArqRedis

from segmentum.models.enums import ContactType, ErrorCode, JobKind
from segmentum.models.errors import DomainError
from segmentum.models.system import Job
from segmentum.models.webhooks.tables import WebhookDelivery, WebhookEvent
from segmentum.resolvers import contacts
from segmentum.resolvers import webhooks as webhook_resolvers
from segmentum.resolvers.commands import ContactFields
from segmentum.resolvers.transactions import atomically
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.segments.conftest import seg, world  # noqa: F401 - fixtures
from tests.webhooks.conftest import CONTACT_CREATE, Receiver, settle
from tests.workers.conftest import REDIS_URL, arq_queue, run_worker_burst, unique  # noqa: F401 - fixtures

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")


async def test_a_rolled_back_change_sends_nothing(gql, receiver: Receiver, endpoint, in_process) -> None:
    await endpoint(receiver.url, "CONTACT_CREATED")

    async def create_then_fail() -> None:
        await contacts.create_contact(ContactFields(no="K1", type=ContactType.COMPANY, name="Acme"))
        assert await WebhookEvent.all().count() == 1  # recorded inside the transaction...
        raise DomainError(ErrorCode.INVALID, "a later rule refuses the change")

    with pytest.raises(DomainError):
        await atomically(create_then_fail)
    await webhook_resolvers.after_commit()
    await settle()
    assert await WebhookEvent.all().count() == 0 and await WebhookDelivery.all().count() == 0
    assert receiver.requests == []


async def test_a_refused_mutation_records_no_event(gql, receiver: Receiver, endpoint, in_process) -> None:
    await endpoint(receiver.url, "CONTACT_CREATED")
    await gql(CONTACT_CREATE, {"no": "K1"})
    res = await gql(CONTACT_CREATE, {"no": "K1"})
    assert res["contactCreate"]["userErrors"] == [{"code": "ALREADY_EXISTS"}]
    await settle()
    assert await WebhookEvent.all().count() == 1 and len(receiver.requests) == 1


async def test_a_crash_after_the_commit_loses_nothing(gql, receiver: Receiver, endpoint, monkeypatch,
                                                      arq_queue: tuple[str, ArqRedis]) -> None:  # noqa: F811
    """The process dies between the commit and queueing the delivery: a worker that starts later queues it
    (its startup sweep) and delivers it, signed."""
    name, _ = arq_queue
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    secret = (await endpoint(receiver.url, "CONTACT_CREATED"))["secret"]

    async def die_after_commit() -> None:
        raise SystemExit("the process died after its commit")

    monkeypatch.setattr(webhook_resolvers, "after_commit", die_after_commit)
    await use_queue(REDIS_URL)
    try:
        with pytest.raises(SystemExit):
            await gql(CONTACT_CREATE, {"no": "K1"})
        delivery = await WebhookDelivery.get()
        assert delivery.status == "PENDING" and receiver.requests == []
        assert not await Job.filter(kind=JobKind.WEBHOOK_DELIVERY).exists()
        worker = await run_worker_burst(name)
    finally:
        await queue.shutdown()
    assert worker.jobs_complete >= 1
    [payload] = receiver.verified(secret)
    assert payload["data"]["no"] == "K1"
    assert (await WebhookDelivery.get()).status == "SUCCEEDED"


async def test_a_real_worker_delivers_and_a_second_run_sends_nothing_more(
        gql, receiver: Receiver, endpoint, monkeypatch, arq_queue: tuple[str, ArqRedis]) -> None:  # noqa: F811
    name, _ = arq_queue
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    secret = (await endpoint(receiver.url, "CONTACT_CREATED"))["secret"]
    await use_queue(REDIS_URL)
    try:
        await gql(CONTACT_CREATE, {"no": "K1"})
        await run_worker_burst(name)
        # The sweep runs again (another worker starting): the delivery has ended, nothing is queued or sent.
        await run_worker_burst(name)
    finally:
        await queue.shutdown()
    assert len(receiver.verified(secret)) == 1


async def test_a_bulk_action_is_one_event_with_counts(gql, receiver: Receiver, endpoint, world, seg,  # noqa: F811
                                                      in_process) -> None:
    secret = (await endpoint(receiver.url, "SEGMENT_MEMBERSHIP_CHANGED"))["secret"]
    segment = await seg.create(description="All")
    res = await seg.add(segment["id"], allowNoFilter=True)
    assert res["userErrors"] == []
    await settle()
    [payload] = receiver.verified(secret)
    assert payload["type"] == "segment.membership_changed"
    data: dict[str, Any] = payload["data"]
    assert data["segmentId"] == segment["id"] and data["linesRemoved"] == 0
    assert data["linesAdded"] == res["linesAdded"] > 1
    assert data["cause"] == {"kind": "ACTION", "action": "ADD", "actionPosition": 1, "manual": False}


async def test_a_reevaluation_job_names_the_job_and_job_finished_follows(
        gql, receiver: Receiver, endpoint, world, seg, in_process) -> None:  # noqa: F811 - fixtures
    secret = (await endpoint(receiver.url, "SEGMENT_MEMBERSHIP_CHANGED", "JOB_FINISHED"))["secret"]
    segment = await seg.create(description="Gent")
    await seg.add(segment["id"], {"contact": {"city": {"eq": "GENT"}}})
    await settle()
    receiver.requests.clear()
    await gql('mutation($i: ContactUpdateInput!) { contactUpdate(input: $i) { userErrors { code } } }',
              {"i": {"id": world.gid("I2"), "city": "GENT"}})
    res = await gql('mutation($i: SegmentRefInput!) { segmentReevaluate(input: $i) { job { id } userErrors { code '
                    '} } }', {"i": {"segmentId": segment["id"]}})
    job_id = res["segmentReevaluate"]["job"]["id"]
    await settle()
    payloads = receiver.verified(secret)
    changed = [p for p in payloads if p["type"] == "segment.membership_changed"]
    finished = [p for p in payloads if p["type"] == "job.finished"]
    assert [c["data"]["cause"] for c in changed] == [{"kind": "JOB", "jobId": job_id,
                                                      "jobKind": str(JobKind.SEGMENT_REEVALUATE)}]
    assert changed[0]["data"]["linesAdded"] == 1
    assert [(f["data"]["jobId"], f["data"]["status"]) for f in finished] == [(job_id, "SUCCEEDED")]
