"""contactImport end to end: real files in GraphQL multipart requests to a real uvicorn (which queues on Redis), a
real arq worker running the job, results read back over HTTP, webhook events received and verified on 127.0.0.1."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from arq.connections import RedisSettings, create_pool

import segmentum.models.imports.run as import_run
from segmentum.models.contacts import Contact
from segmentum.models.imports.tables import ContactImport
from segmentum.models.system import Job
from segmentum.models.webhooks.tables import WebhookEvent
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.http.conftest import MakeKey, live_server, make_key  # noqa: F401 - fixture
from tests.imports.conftest import IMPORT
from tests.webhooks.conftest import Receiver, endpoint, receiver  # noqa: F401 - fixtures
from tests.workers.conftest import REDIS_URL, run_worker_burst

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

LIMIT = 200_000
UPLOAD_LIMIT = 20_000
QUEUE = f"segmentum-test:import-{uuid.uuid4().hex[:12]}"
CSV = (b"no,externalId,type,name,firstName,surname,companyNo,city,industryGroupCodes\n"
       b"K1,crm-1,COMPANY,Klok NV,,,,Gent,\n"
       b"K2,crm-2,COMPANY,Zon BV,,,,Brugge,\n"
       b",crm-3,PERSON,,An,Smet,K1,Gent,\n"
       b",crm-4,PERSON,,Bo,Claes,K2,,\n"
       b",crm-5,PERSON,,Cis,Wouters,,,\n")
JOB = """query($id: ID!) { node(id: $id) { ... on Job { status error startedBy kind } } }"""
ERRORS = """query($id: ID!) { contactImportErrors(jobId: $id, first: 50) { totalCount nodes { row field code } } }"""


@pytest.fixture(scope="module")
async def server(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url, REDIS_URL=REDIS_URL, SEGMENTUM_QUEUE=QUEUE,
                           SEGMENTUM_MAX_IMPORT_BYTES=str(LIMIT), SEGMENTUM_MAX_UPLOAD_BYTES=str(UPLOAD_LIMIT)) as base:
        yield base
    pool = await create_pool(RedisSettings.from_dsn(REDIS_URL))
    keys = [k async for k in pool.scan_iter(match=f"*{QUEUE}*")]
    if keys:
        await pool.delete(*keys)
    await pool.aclose()


@pytest.fixture
async def worker_queue(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """Jobs the worker starts (webhook deliveries) go to the same Redis queue."""
    monkeypatch.setenv("SEGMENTUM_QUEUE", QUEUE)
    await use_queue(REDIS_URL)
    yield
    await queue.shutdown()


async def send(server: str, key: str, data: bytes, mode: str = "CREATE", format: str = "CSV",
               name: str = "contacts.csv") -> httpx.Response:
    operations = {"query": IMPORT, "variables": {"file": None, "format": format, "mode": mode}}
    async with httpx.AsyncClient(timeout=60) as client:
        return await client.post(f"{server}/graphql", headers={"Authorization": f"Bearer {key}"},
                                 data={"operations": json.dumps(operations),
                                       "map": json.dumps({"0": ["variables.file"]})},
                                 files={"0": (name, data, "text/csv")})


async def query(server: str, key: str, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=60) as client:
        res = await client.post(f"{server}/graphql", headers={"Authorization": f"Bearer {key}"},
                                json={"query": document, "variables": variables})
    assert res.status_code == 200 and "errors" not in res.json(), res.text
    return res.json()["data"]  # type: ignore[no-any-return]


async def imported(server: str, key: str, data: bytes, mode: str = "CREATE") -> tuple[dict[str, Any], dict]:
    res = await send(server, key, data, mode)
    payload = res.json()["data"]["contactImport"]
    assert payload["userErrors"] == [] and payload["job"]["status"] == "QUEUED", payload
    worker = await run_worker_burst(QUEUE)
    assert worker.jobs_failed == 0
    job_id = payload["job"]["id"]
    job = (await query(server, key, JOB, {"id": job_id}))["node"]
    errors = (await query(server, key, ERRORS, {"id": job_id}))["contactImportErrors"]
    return job, {"errors": errors, "result": (await Job.get(kind="contact.import", id=_pk(job_id))).result}


def _pk(global_id: str) -> int:
    import base64

    return int(base64.b64decode(global_id).decode().split(":", 1)[1])


async def test_an_import_runs_on_a_worker_with_one_signed_event_per_chunk(
        server: str, make_key: MakeKey,  # noqa: F811
         worker_queue: None, receiver: Receiver,  # noqa: F811
        endpoint: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    hook = await endpoint(receiver.url, "CONTACT_CREATED", "CONTACT_UPDATED")
    assert hook["userErrors"] == []
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 2)  # rows 1-2, 3-4, 5: companies, then persons
    key = await make_key("read", "write", name="partner")
    job, outcome = await imported(server, key, CSV)
    assert job == {"status": "SUCCEEDED", "error": None, "startedBy": "partner", "kind": "CONTACT_IMPORT"}
    assert outcome["errors"]["totalCount"] == 0
    assert outcome["result"]["created"] == 5
    k1 = await Contact.get(no="K1")
    assert {c.external_id: c.company_id for c in await Contact.filter(type="PERSON")} == {
        "crm-3": k1.id, "crm-4": (await Contact.get(no="K2")).id, "crm-5": None}
    await run_worker_burst(QUEUE)  # the deliveries the import queued
    events = [e for e in receiver.verified(hook["secret"]) if e["type"] == "contact.created"]
    # Chunk 1 holds both companies, chunk 2 the persons of rows 3-4, chunk 3 the person of row 5.
    assert sorted((e["data"]["count"], e["data"]["cause"]["firstRow"]) for e in events) == [(1, 5), (2, 1), (2, 3)]
    assert await WebhookEvent.filter(type="contact.created").count() == 3


async def test_an_upsert_sent_again_changes_nothing(server: str, make_key: MakeKey,  # noqa: F811
         worker_queue: None) -> None:
    key = await make_key("read", "write")
    first_job, first = await imported(server, key, CSV, mode="UPSERT")
    assert first_job["status"] == "SUCCEEDED" and first["result"]["created"] == 5
    before = {c.no: (c.updated_at, c.name, c.company_id) for c in await Contact.all()}
    job, again = await imported(server, key, CSV, mode="UPSERT")
    assert job["status"] == "SUCCEEDED"
    assert (again["result"]["created"], again["result"]["updated"], again["result"]["unchanged"]) == (0, 0, 5)
    assert {c.no: (c.updated_at, c.name, c.company_id) for c in await Contact.all()} == before
    # In CREATE mode the same file creates nothing new: every row's number or externalId is taken.
    job, create = await imported(server, key, CSV, mode="CREATE")
    assert create["result"]["created"] == 0 and create["result"]["failed"] == 5
    assert {(e["row"], e["code"]) for e in create["errors"]["nodes"]} >= {(1, "ALREADY_EXISTS"), (3, "ALREADY_EXISTS")}
    assert await Contact.all().count() == 5


async def test_the_same_file_sent_twice_is_one_job(server: str, make_key: MakeKey,  # noqa: F811
         worker_queue: None) -> None:
    key = await make_key("read", "write")
    first = (await send(server, key, CSV)).json()["data"]["contactImport"]["job"]["id"]
    second = (await send(server, key, CSV)).json()["data"]["contactImport"]["job"]["id"]
    assert first == second and await ContactImport.all().count() == 1
    await run_worker_burst(QUEUE)
    assert await Contact.all().count() == 5


async def test_refusals_at_upload_store_nothing(server: str, make_key: MakeKey) -> None:  # noqa: F811
    key = await make_key("read", "write")
    # The import limit, not the attachments' one, applies to the import's file.
    big_row = "no,name,type,address\n" + "".join(f"B{i},Big {i},COMPANY,{'x' * 90}\n" for i in range(400))
    assert UPLOAD_LIMIT < len(big_row) < LIMIT
    accepted = (await send(server, key, big_row.encode())).json()["data"]["contactImport"]
    assert accepted["userErrors"] == [] and accepted["job"] is not None
    too_big = await send(server, key, b"no,name\n" + b"A,B\n" * (LIMIT // 4))
    assert too_big.status_code == 413
    error = too_big.json()["errors"][0]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE" and "SEGMENTUM_MAX_IMPORT_BYTES" in error["message"]
    for data, code in ((b"no,name,favouriteColour\nA,B,red\n", "UNKNOWN_FIELD"),
                       ("no,name\nA,Caf\u00e9\n".encode("utf-16"), "UNSUPPORTED_TYPE"),
                       (b"no,name\nA,\"B\n", "INVALID")):
        payload = (await send(server, key, data)).json()["data"]["contactImport"]
        assert payload["job"] is None and payload["userErrors"][0]["code"] == code, payload
    assert await ContactImport.all().count() == 1 and not await Contact.exists()
