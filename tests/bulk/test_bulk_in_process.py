"""bulkQueryRun in-process: what it refuses, and the lines it writes, by the read plan and through the schema."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest

from segmentum.models import bulk_files
from segmentum.models.bulk_files import BulkQueryChunk, BulkQueryFile
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from segmentum.models.system import Job
from segmentum.resolvers import bulk_queries
from segmentum.resolvers.ids import encode_id, primary_key
from segmentum.schema.bulk import job as bulk_job
from segmentum.workers import queue
from tests.bulk.conftest import Base, file_lines
from tests.conftest import job_context, use_queue

RUN = """mutation($q: String!) { bulkQueryRun(query: $q) {
  job { id kind status bulkQuery { url objectCount fileSize expired } } userErrors { code message field } } }"""
JOB = ("query($id: ID!) { node(id: $id) { ... on Job { status error progress "
       "bulkQuery { url objectCount fileSize } } } }")


async def run(gql: Any, query: str) -> dict[str, Any]:
    return (await gql(RUN, {"q": query}))["bulkQueryRun"]


async def finished(gql: Any, job_id: str) -> dict[str, Any]:
    async with asyncio.timeout(60):
        await queue.drain()
    return (await gql(JOB, {"id": job_id}))["node"]


def pk(job_id: str) -> int:
    import base64

    value = primary_key(base64.b64decode(job_id).decode().split(":", 1)[1])
    assert value is not None
    return value


@pytest.mark.parametrize(("query", "code", "names"), [
    ("mutation { jobCancel(input: {jobId: \"x\"}) { job { id } } }", "NOT_A_QUERY", "mutation"),
    ("subscription { jobUpdated(id: \"x\") { status } }", "NOT_A_QUERY", "subscription"),
    ("{ contacts { nodes { id } } segments { nodes { id } } }", "UNSUPPORTED_QUERY", "contacts, segments"),
    ("{ viewer { name } }", "UNSUPPORTED_QUERY", "'viewer'"),
    ("{ contacts(first: 5) { nodes { id } } }", "UNSUPPORTED_QUERY", "first"),
    ("{ contacts { nodes { persons(after: \"x\") { nodes { id } } } } }", "UNSUPPORTED_QUERY", "after"),
    ("{ contacts { nodes { persons { nodes { persons { nodes { id } } } } } } }", "UNSUPPORTED_QUERY", "deeper"),
    ("{ contacts { nodes { company { persons { nodes { id } } } } } }", "UNSUPPORTED_QUERY", "company.persons"),
    ("{ contacts { totalCount } }", "UNSUPPORTED_QUERY", "nodes"),
    ("{ contacts { nodes { nope } } }", "INVALID", "'nope'"),
    ("{ contacts { nodes { id }", "INVALID", "parse"),
    ("query($a: Int) { contacts { nodes { id } } }", "UNSUPPORTED_QUERY", "variables"),
    ("{ a: contacts { nodes { id } } } query b { contacts { nodes { id } } }", "UNSUPPORTED_QUERY", "2 operations"),
    ("{ contacts { nodes { " + "company { " * 13 + "id" + " }" * 13 + " } } }", "TOO_LARGE", "deep"),
    ("{ contacts { nodes { " + " ".join(f"a{i}: id" for i in range(31)) + " } } }", "TOO_LARGE", "aliases"),
    ("{ contacts { nodes { " + "id " * 5000 + "} } }", "TOO_LARGE", "token"),
])
async def test_a_query_that_is_not_one_read_connection_is_refused_naming_the_problem(
        gql: Any, query: str, code: str, names: str) -> None:
    answer = await run(gql, query)
    assert answer["job"] is None
    [error] = answer["userErrors"]
    assert error["code"] == code and error["field"] == ["query"]
    assert names.lower() in error["message"].lower(), error["message"]
    assert await Job.all().count() == 0


QUERY = """{ contacts(filter: {contact: {type: COMPANY}}) { edges { node {
  id no name salesperson { code } industryGroups { code }
  persons { nodes { id no name } } } } } }"""


async def test_nested_connection_nodes_are_lines_of_their_own_with_their_parent_id(
        gql: Any, in_process: None, base: Base) -> None:
    started = await run(gql, QUERY)
    assert started["userErrors"] == [] and started["job"]["kind"] == "BULK_QUERY"
    job = await finished(gql, started["job"]["id"])
    assert job["status"] == "SUCCEEDED", job["error"]
    lines = await file_lines(pk(started["job"]["id"]))
    parents = [line for line in lines if "__parentId" not in line]
    children = [line for line in lines if "__parentId" in line]
    assert [p["no"] for p in parents] == sorted(base.companies)
    assert "persons" not in parents[0] and set(parents[0]) == {"id", "no", "name", "salesperson", "industryGroups"}
    by_company = {encode_id("Contact", cid): no for no, cid in base.companies.items()}
    found = sorted((child["no"], by_company[child["__parentId"]]) for child in children)
    assert found == sorted((no, company) for no, company in base.persons.items() if company)
    # Each parent comes before its children, and the big company's 130 persons all came (a continued page).
    seen: set[str] = set()
    for line in lines:
        if "__parentId" in line:
            assert line["__parentId"] in seen
        else:
            seen.add(line["id"])
    assert int(job["bulkQuery"]["objectCount"]) == len(lines) == 12 + len(children)
    assert job["progress"] == 1


async def test_the_read_plan_and_the_schema_write_the_same_lines(
        gql: Any, in_process: None, base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    query = """{ contacts(orderBy: [{field: NAME, direction: DESC}]) { nodes { id no name type city
      company { no name } salesperson { code name } industryGroups { code description } } } }"""
    planned = await run(gql, query)
    assert (await finished(gql, planned["job"]["id"]))["status"] == "SUCCEEDED"
    by_plan = await file_lines(pk(planned["job"]["id"]))
    used: list[bool] = []
    original = bulk_job._by_plan

    async def no_plan(*args: Any) -> bool:
        used.append(await original(*args[:2], _Discard(), *args[3:]))
        return False

    class _Discard:
        async def write(self, line: bytes, objects: int = 1) -> None:
            pass

    monkeypatch.setattr(bulk_job, "_by_plan", no_plan)
    await Job.filter(id=pk(planned["job"]["id"])).delete()  # the same query again: a new job
    general = await run(gql, query)
    assert (await finished(gql, general["job"]["id"]))["status"] == "SUCCEEDED"
    assert used == [True]  # the plan would have answered it
    assert await file_lines(pk(general["job"]["id"])) == by_plan
    everyone = await Contact.all().order_by("-name", "-id").values_list("no", flat=True)
    assert [line["no"] for line in by_plan] == list(everyone)
    big = next(line for line in by_plan if line["no"] == "P007000")
    assert big["company"] == {"no": "CO007", "name": "Company 7"} and big["industryGroups"] == []


async def test_a_job_that_runs_again_writes_its_file_from_the_start(gql: Any, in_process: None, base: Base) -> None:
    started = await run(gql, QUERY)
    job_pk = pk(started["job"]["id"])
    await finished(gql, started["job"]["id"])
    first = await file_lines(job_pk)
    job = await Job.get(id=job_pk)
    await bulk_job.bulk_query_job(job_context(), job, **job.payload)
    assert await file_lines(job_pk) == first
    file = await BulkQueryFile.get(job_id=job_pk)
    assert await BulkQueryChunk.filter(file_id=file.id).count() == file.chunk_count


async def test_the_same_query_by_the_same_key_while_it_runs_is_the_same_job(gql: Any, base: Base) -> None:
    await use_queue(None)
    try:
        first, second = await run(gql, QUERY), await run(gql, QUERY)
        assert first["job"]["id"] == second["job"]["id"]
        other = await run(gql, QUERY.replace("name", "name city", 1))
        assert other["job"]["id"] != first["job"]["id"]
    finally:
        await queue.drain()
        await queue.shutdown()


async def test_another_key_asking_the_same_query_gets_a_job_of_its_own(base: Base) -> None:
    await use_queue(None)
    try:
        mine, again = await bulk_queries.start(QUERY, "a", ["read"]), await bulk_queries.start(QUERY, "a", ["read"])
        theirs = await bulk_queries.start(QUERY, "b", ["read"])
        assert mine.id == again.id != theirs.id
        assert {mine.started_by, theirs.started_by} == {None}  # no request: no key recorded
    finally:
        async with asyncio.timeout(60):
            await queue.drain()
        await queue.shutdown()


async def test_a_segment_s_lines_with_their_contacts(gql: Any, in_process: None, base: Base) -> None:
    segment = (await gql('mutation { segmentCreate(input: {description: "All"}) { segment { id } } }'))[
        "segmentCreate"]["segment"]
    added = await gql("mutation($id: ID!) { segmentAddContacts(input: {segmentId: $id, criteria: {contact: "
                      "{type: PERSON}}}) { linesAdded } }", {"id": segment["id"]})
    persons = len(base.persons)
    assert added["segmentAddContacts"]["linesAdded"] == persons
    started = await run(gql, "{ segments { nodes { id no lines { nodes { lineNo contact { no type } } } } } }")
    assert (await finished(gql, started["job"]["id"]))["status"] == "SUCCEEDED"
    lines = await file_lines(pk(started["job"]["id"]))
    assert lines[0]["id"] == segment["id"] and "__parentId" not in lines[0]
    assert len(lines) == 1 + persons
    assert all(line["__parentId"] == segment["id"] for line in lines[1:])
    assert [line["lineNo"] for line in lines[1:]] == [10000 * (i + 1) for i in range(persons)]
    assert sorted(line["contact"]["no"] for line in lines[1:]) == sorted(base.persons)
    assert {line["contact"]["type"] for line in lines[1:]} == {ContactType.PERSON.name}


async def test_the_file_is_written_in_chunks_of_about_the_chunk_size(
        gql: Any, in_process: None, base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = await run(gql, QUERY)
    await finished(gql, whole["job"]["id"])
    expected = await file_lines(pk(whole["job"]["id"]))
    await Job.all().delete()
    monkeypatch.setattr(bulk_files, "CHUNK_BYTES", 512)
    chunked = await run(gql, QUERY)
    await finished(gql, chunked["job"]["id"])
    file = await BulkQueryFile.get(job_id=pk(chunked["job"]["id"]))
    sizes = [len(c.data) for c in await BulkQueryChunk.filter(file_id=file.id).order_by("seq")]
    assert len(sizes) == file.chunk_count > 2 and sum(sizes) == file.byte_count
    assert await file_lines(pk(chunked["job"]["id"])) == expected


async def test_with_nested_connections_a_pass_holds_about_one_page_of_objects(
        gql: Any, in_process: None, base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[int, int | None]] = []
    original = bulk_job._Runner.run

    async def spy(self: Any, text: str, variables: dict[str, Any]) -> dict[str, Any]:
        if "__bulkNestedFirst" in variables:
            asked.append((variables["__bulkFirst"], variables["__bulkNestedFirst"]))
        return await original(self, text, variables)

    monkeypatch.setattr(bulk_job._Runner, "run", spy)
    started = await run(gql, QUERY)
    assert (await finished(gql, started["job"]["id"]))["status"] == "SUCCEEDED"
    # Page size 100 (conftest): root pages of 5 parents with up to 100 children each; 12 companies, 3 pages.
    assert asked == [(5, 100)] * 3


async def test_the_schedule_s_tick_deletes_expired_files_and_keeps_the_others(
        gql: Any, in_process: None, base: Base) -> None:
    from datetime import UTC, datetime, timedelta

    from segmentum.workers.schedule import schedule_tick

    old, fresh = await run(gql, QUERY), await run(gql, QUERY.replace("name", "name city", 1))
    await finished(gql, old["job"]["id"])
    await finished(gql, fresh["job"]["id"])
    await BulkQueryFile.filter(job_id=pk(old["job"]["id"])).update(expires_at=datetime.now(UTC) - timedelta(1))
    await schedule_tick({})
    expired = await BulkQueryFile.get(job_id=pk(old["job"]["id"]))
    kept = await BulkQueryFile.get(job_id=pk(fresh["job"]["id"]))
    assert expired.deleted_at is not None and await BulkQueryChunk.filter(file_id=expired.id).count() == 0
    assert kept.deleted_at is None and await BulkQueryChunk.filter(file_id=kept.id).count() == kept.chunk_count > 0
    assert (await gql(JOB.replace("url objectCount", "url expired objectCount"), {"id": old["job"]["id"]}))[
        "node"]["bulkQuery"]["expired"] is True


async def _by_plan_and_by_schema(gql: Any, query: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The lines of `query` by its read plan, checked equal (byte for byte) to the schema path's for it."""
    planned = await run(gql, query)
    assert (await finished(gql, planned["job"]["id"]))["status"] == "SUCCEEDED"
    by_plan = await _file_bytes(pk(planned["job"]["id"]))
    used: list[bool] = []
    original = bulk_job._by_plan

    class _Discard:
        async def write(self, line: bytes, objects: int = 1) -> None:
            pass

    async def no_plan(*args: Any) -> bool:
        used.append(await original(*args[:2], _Discard(), *args[3:]))
        return False

    monkeypatch.setattr(bulk_job, "_by_plan", no_plan)
    await Job.filter(id=pk(planned["job"]["id"])).delete()  # the same query again: a new job
    general = await run(gql, query)
    assert (await finished(gql, general["job"]["id"]))["status"] == "SUCCEEDED"
    assert used == [True]  # the plan would have answered it
    assert await _file_bytes(pk(general["job"]["id"])) == by_plan
    monkeypatch.setattr(bulk_job, "_by_plan", original)
    return [orjson.loads(line) for line in by_plan.splitlines()]


async def _file_bytes(job_pk: int) -> bytes:
    file = await BulkQueryFile.get(job_id=job_pk)
    return b"".join(bytes(c.data) for c in await BulkQueryChunk.filter(file_id=file.id).order_by("seq"))


SEGMENT_LINES = """{ segments { totalCount nodes { no description kind date unitCostLcy
  lines { pageInfo { hasNextPage } edges { node { id lineNo description
    contact { id no type company { no name } industryGroups { code } } } } } id } } }"""


async def test_a_segment_s_lines_by_the_read_plan_are_the_schema_s_byte_for_byte(
        gql: Any, in_process: None, base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = []
    for description in ("Persons", "Empty", "Companies"):
        created = await gql('mutation($d: String!) { segmentCreate(input: {description: $d}) { segment { id } } }',
                            {"d": description})
        ids.append(created["segmentCreate"]["segment"]["id"])
    for segment_id, kind in ((ids[0], "PERSON"), (ids[2], "COMPANY")):
        await gql("mutation($id: ID!) { segmentAddContacts(input: {segmentId: $id, criteria: {contact: "
                  f"{{type: {kind}}}}}}}) {{ linesAdded }} }}", {"id": segment_id})
    lines = await _by_plan_and_by_schema(gql, SEGMENT_LINES, monkeypatch)
    parents = [line for line in lines if "__parentId" not in line]
    assert [p["id"] for p in parents] == ids and "lines" not in parents[0]
    assert len(lines) == 3 + len(base.persons) + len(base.companies)  # persons: more than a page of 100
    persons = [line for line in lines if line.get("__parentId") == ids[0]]
    assert [line["lineNo"] for line in persons] == [10000 * (i + 1) for i in range(len(base.persons))]
    big = next(line for line in persons if line["contact"]["no"] == "P007000")
    assert big["contact"]["company"] == {"no": "CO007", "name": "Company 7"}
    assert big["contact"]["industryGroups"] == []
    assert lines.index(parents[1]) + 1 == lines.index(parents[2])  # the empty segment: no lines


async def test_a_filtered_contacts_export_by_the_read_plan_is_the_schema_s_byte_for_byte(
        gql: Any, in_process: None, base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    query = """{ contacts(filter: {contact: {type: PERSON}}, orderBy: [{field: CITY}, {field: NAME, direction: DESC}])
      { nodes { id no name company { no industryGroups { code } } industryGroups { description } } } }"""
    lines = await _by_plan_and_by_schema(gql, query, monkeypatch)
    expected = await Contact.filter(type=ContactType.PERSON).order_by("city", "-name", "id").values_list(
        "no", flat=True)
    assert [line["no"] for line in lines] == list(expected)
    assert len(lines) > 100  # more than a page


async def test_contacts_that_tie_on_the_order_come_in_id_order_on_both_paths(
        gql: Any, in_process: None, base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    first = await Contact.filter(type=ContactType.PERSON).order_by("id").limit(20)
    for contact in first:  # rewritten rows: the table's own order is no longer the ids' order
        contact.name = contact.name + "."
        await contact.save()
    lines = await _by_plan_and_by_schema(gql, "{ contacts(orderBy: [{field: CITY}]) { nodes { id city } } }",
                                         monkeypatch)
    keys = [(line["city"], pk(line["id"])) for line in lines]
    assert len(keys) == await Contact.all().count() and len({city for city, _ in keys}) == 2
    tied = [key for key in keys if key[0] == keys[0][0]]
    assert [i for _, i in tied] == sorted(i for _, i in tied) and len(tied) > 20
