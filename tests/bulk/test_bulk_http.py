"""A bulk export end to end over HTTP: a real uvicorn with REDIS_URL, a real arq worker, the file downloaded with
a real HTTP client and checked against the database; another key, no key and an expired file refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from segmentum.models.bulk_files import BulkQueryChunk, BulkQueryFile
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.resolvers.ids import encode_id
from tests.bulk.conftest import Base
from tests.http.conftest import live_server
from tests.workers.conftest import REDIS_URL, run_worker_burst

RUN = """mutation($q: String!) { bulkQueryRun(query: $q) { job { id status } userErrors { code message } } }"""
JOB = "query($id: ID!) { node(id: $id) { ... on Job { status error bulkQuery { url objectCount fileSize } } } }"
QUERY = """{ contacts(filter: {contact: {type: COMPANY}}) { nodes { id no name
  persons { edges { node { id no } } } } } }"""


async def graphql(client: httpx.AsyncClient, base: str, key: str, query: str, variables: dict[str, Any]) -> Any:
    answer = await client.post(f"{base}/graphql", json={"query": query, "variables": variables},
                               headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    return answer.json()["data"]


@pytest.fixture
async def server(database_url: str, arq_queue: tuple[str, Any]) -> Any:
    name, _ = arq_queue
    async with live_server(database_url, REDIS_URL=REDIS_URL, SEGMENTUM_QUEUE=name,
                           SEGMENTUM_BULK_QUERY_PAGE_SIZE="100") as base:
        yield base, name


async def test_an_export_runs_on_a_worker_and_downloads_to_its_key_only(
        server: Any, make_key: Any, base: Base) -> None:
    url, queue_name = server
    key, other, admin = await make_key("read", "write"), await make_key("read", "write"), await make_key("admin")
    async with httpx.AsyncClient(timeout=60) as client:
        started = (await graphql(client, url, key, RUN, {"q": QUERY}))["bulkQueryRun"]
        assert started["userErrors"] == [] and started["job"]["status"] == "QUEUED"
        await run_worker_burst(queue_name)  # a real arq worker takes the job from Redis
        job = (await graphql(client, url, key, JOB, {"id": started["job"]["id"]}))["node"]
        assert job["status"] == "SUCCEEDED", job["error"]
        file_url = job["bulkQuery"]["url"]
        assert file_url.startswith(url + "/bulk-queries/")

        async with client.stream("GET", file_url, headers={"Authorization": f"Bearer {key}"}) as answer:
            assert answer.status_code == 200 and answer.headers["content-type"] == "application/jsonl"
            body = b"".join([chunk async for chunk in answer.aiter_bytes()])
        assert str(len(body)) == job["bulkQuery"]["fileSize"] == answer.headers["content-length"]
        lines = [orjson.loads(line) for line in body.splitlines()]
        assert str(len(lines)) == job["bulkQuery"]["objectCount"]

        companies = await Contact.filter(type=ContactType.COMPANY).order_by("no").values_list("id", "no", "name")
        assert [line for line in lines if "__parentId" not in line] == [
            {"id": encode_id("Contact", cid), "no": no, "name": name} for cid, no, name in companies]
        persons = await Contact.filter(type=ContactType.PERSON, company_id__isnull=False).values_list(
            "id", "no", "company_id")
        assert sorted((line["no"], line["id"], line["__parentId"]) for line in lines if "__parentId" in line) == \
            sorted((no, encode_id("Contact", pid), encode_id("Contact", company)) for pid, no, company in persons)

        for secret, status in ((other, 404), (None, 401)):
            refused = await client.get(file_url, headers={"Authorization": f"Bearer {secret}"} if secret else {})
            assert refused.status_code == status
            assert b"\n" not in refused.content.strip() and "error" in refused.json()
        assert (await client.get(file_url, headers={"Authorization": f"Bearer {admin}"})).content == body

        # Expired: 410, and its chunks are deleted.
        await BulkQueryFile.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        gone = await client.get(file_url, headers={"Authorization": f"Bearer {key}"})
        assert gone.status_code == 410 and gone.json()["error"]["code"] == "GONE"
        assert await BulkQueryChunk.all().count() == 0
        job = (await graphql(client, url, key, "query($id: ID!) { node(id: $id) { ... on Job { bulkQuery { expired } } "
                             "} }", {"id": started["job"]["id"]}))["node"]
        assert job["bulkQuery"]["expired"] is True


async def test_a_bulk_query_needs_the_write_scope(server: Any, make_key: Any, base: Base) -> None:
    url, _ = server
    reader = await make_key("read")
    async with httpx.AsyncClient(timeout=60) as client:
        answer = await client.post(f"{url}/graphql", json={"query": RUN, "variables": {"q": QUERY}},
                                   headers={"Authorization": f"Bearer {reader}"})
        assert answer.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await BulkQueryFile.all().count() == 0
