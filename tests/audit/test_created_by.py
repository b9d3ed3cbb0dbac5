"""`createdBy { name }`: the API key whose request made a record, on the recorded actions, saved criteria, logged
segments, interaction log entries, campaign entries and jobs; read by name, also once the key is revoked."""

from __future__ import annotations

from typing import Any

import pytest
from arq.connections import ArqRedis

from segmentum.models.interactions import CampaignEntry, InteractionLogEntry, LoggedSegment
from segmentum.models.rules.api_keys import revoke_api_key
from segmentum.models.system import ApiKey
from segmentum.resolvers.ids import encode_id
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.workers.conftest import REDIS_URL, arq_queue, run_worker_burst, unique  # noqa: F401 - fixtures

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

CREATE = ("mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { segment { id no } "
          "userErrors { code } } }")
ADD = ("mutation($i: SegmentAddContactsInput!) { segmentAddContacts(input: $i) { linesAdded "
       "segment { criteria { position createdBy { name } } } userErrors { code } } }")
SAVE = ("mutation($i: SegmentSaveCriteriaInput!) { segmentSaveCriteria(input: $i) { "
        "savedCriteria { code createdBy { name } actions { createdBy { name } } } userErrors { code } } }")
LOG = ("mutation($i: SegmentLogInput!) { segmentLog(input: $i) { job { id createdBy { name } } "
       "loggedSegment { id segmentNo createdBy { name } "
       "interactions(first: 20) { nodes { createdBy { name } } } "
       "campaignEntries(first: 5) { nodes { createdBy { name } } } } userErrors { code } } }")
LOGGED = ("query($no: String!) { loggedSegment(segmentNo: $no) { createdBy { name } "
          "interactions(first: 20) { nodes { createdBy { name } campaignEntry { createdBy { name } } } } } }")


async def build_segment(run: Any, expr: str = "C*") -> str:
    created = await run(CREATE, {"i": {"description": "Spring mailing", "salespersonCode": "SP1",
                                       "interactionTemplateCode": "MAIL"}})
    assert created["errors"] == [] and created["data"]["segmentCreate"]["userErrors"] == []
    segment_id: str = created["data"]["segmentCreate"]["segment"]["id"]
    added = await run(ADD, {"i": {"segmentId": segment_id, "criteria": {"contact": {"no": {"expr": expr}}}}})
    assert added["errors"] == [] and added["data"]["segmentAddContacts"]["linesAdded"] > 0
    return segment_id


async def test_every_record_names_the_key_that_made_it(setup: Any, as_key: Any, in_process: None) -> None:
    marketing = await as_key("marketing")
    segment_id = await build_segment(marketing, "C01|C02|C03")
    added = await marketing(ADD, {"i": {"segmentId": segment_id, "criteria": {"contact": {"no": {"eq": "C04"}}}}})
    assert added["data"]["segmentAddContacts"]["segment"]["criteria"] == [
        {"position": 1, "createdBy": {"name": "marketing"}}, {"position": 2, "createdBy": {"name": "marketing"}}]

    # Another key saves the criteria: the saved criteria name it; their actions name nobody (a copy).
    partner = await as_key("partner")
    saved = await partner(SAVE, {"i": {"segmentId": segment_id, "code": "SPRING"}})
    assert saved["data"]["segmentSaveCriteria"]["savedCriteria"] == {
        "code": "SPRING", "createdBy": {"name": "partner"}, "actions": [{"createdBy": None}] * 2}

    logged = await partner(LOG, {"i": {"segmentId": segment_id}})
    assert logged["errors"] == [] and logged["data"]["segmentLog"]["userErrors"] == []
    log = logged["data"]["segmentLog"]["loggedSegment"]
    assert log["createdBy"] == {"name": "partner"}
    assert log["interactions"]["nodes"] == [{"createdBy": {"name": "partner"}}] * 4
    assert log["campaignEntries"]["nodes"] == [{"createdBy": {"name": "partner"}}]
    key = await ApiKey.get(name="partner")
    assert await InteractionLogEntry.filter(created_by_id=key.id).count() == 4
    assert await CampaignEntry.filter(created_by_id=key.id).count() == 1

    # A single interaction names its key too.
    contact = encode_id("Contact", setup.contacts[5].id)
    one = await marketing("mutation($i: InteractionCreateInput!) { interactionCreate(input: $i) { "
                          "interactionLogEntry { createdBy { name } } userErrors { code } } }",
                          {"i": {"contactId": contact, "templateCode": "LETTER"}})
    assert one["data"]["interactionCreate"]["interactionLogEntry"] == {"createdBy": {"name": "marketing"}}

    # A revoked key keeps its name on what it made.
    await revoke_api_key("partner")
    reader = await as_key("reader", "read")
    again = await reader(LOGGED, {"no": log["segmentNo"]})
    assert again["data"]["loggedSegment"]["createdBy"] == {"name": "partner"}
    assert {(n["createdBy"]["name"], n["campaignEntry"]["createdBy"]["name"])
            for n in again["data"]["loggedSegment"]["interactions"]["nodes"]} == {("partner", "partner")}


async def test_a_log_run_by_a_worker_names_the_key_that_asked(setup: Any, as_key: Any, monkeypatch: Any,
                                                              arq_queue: tuple[str, ArqRedis]) -> None:  # noqa: F811
    name, _ = arq_queue
    monkeypatch.setenv("SEGMENTUM_QUEUE", name)
    monkeypatch.setenv("SEGMENTUM_LOG_JOB_THRESHOLD", "3")
    await use_queue(REDIS_URL)
    try:
        partner = await as_key("partner")
        segment_id = await build_segment(partner, "C0*")
        started = await partner(LOG, {"i": {"segmentId": segment_id}})
        assert started["errors"] == [] and started["data"]["segmentLog"]["userErrors"] == []
        job = started["data"]["segmentLog"]["job"]
        assert job["createdBy"] == {"name": "partner"}
        # The request's key is not in the worker's context: the job brings it.
        worker = await run_worker_burst(name)
    finally:
        await queue.shutdown()
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    key = await ApiKey.get(name="partner")
    logged = await LoggedSegment.get()
    assert logged.created_by_id == key.id
    assert await InteractionLogEntry.filter(logged_segment_id=logged.id).count() == 9
    assert await InteractionLogEntry.filter(logged_segment_id=logged.id, created_by_id=key.id).count() == 9
    assert await CampaignEntry.filter(logged_segment_id=logged.id, created_by_id=key.id).count() == 1


async def test_records_made_without_a_key_name_nobody(setup: Any, gql: Any, in_process: None) -> None:
    """The command line, the schedule and a request context without a key id write no key."""
    res = await gql(CREATE, {"i": {"description": "x", "salespersonCode": "SP1", "interactionTemplateCode": "MAIL"}})
    segment_id = res["segmentCreate"]["segment"]["id"]
    added = await gql(ADD, {"i": {"segmentId": segment_id, "criteria": {"contact": {"no": {"eq": "C01"}}}}})
    assert added["segmentAddContacts"]["segment"]["criteria"] == [{"position": 1, "createdBy": None}]
