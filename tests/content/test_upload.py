"""Attachments arrive by the GraphQL multipart request specification, sent by a real client (Python's gql) to a
real uvicorn: stored in the database with their checked type, under their own size limit; a hostile request gets
a coded answer and stores nothing."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from gql import Client, FileVar, gql
from gql.transport.httpx import HTTPXAsyncTransport

from segmentum.models.content import Attachment, InteractionLanguage
from tests.http.conftest import MakeKey, live_server
from tests.log.conftest import gid

LIMIT = 50_000
PDF = b"%PDF-1.4\n" + b"x" * 1000
SET = """mutation($input: InteractionTemplateLanguageSetInput!) { interactionTemplateLanguageSet(input: $input) {
  interactionLanguage { languageCode attachment { fileName contentType size sha256 } }
  userErrors { code field message } } }"""


@pytest.fixture(scope="module")
async def server(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url, SEGMENTUM_MAX_UPLOAD_BYTES=str(LIMIT)) as base:
        yield base


async def _upload(server: str, key: str, template_id: str, data: bytes, filename: str, content_type: str) -> dict:
    transport = HTTPXAsyncTransport(url=f"{server}/graphql", headers={"Authorization": f"Bearer {key}"})
    async with Client(transport=transport) as session:
        request = gql(SET)
        request.variable_values = {"input": {"templateId": template_id, "languageCode": "ENU",
                                             "attachment": FileVar(io.BytesIO(data), filename=filename,
                                                                   content_type=content_type)}}
        result = await session.execute(request, upload_files=True)
    return result["interactionTemplateLanguageSet"]  # type: ignore[no-any-return]


async def test_a_real_client_uploads_an_attachment(server, make_key: MakeKey, setup):
    key = await make_key("read", "write")
    res = await _upload(server, key, gid(setup.email_template), PDF, "../../etc/offer.pdf", "application/pdf")
    assert res["userErrors"] == []
    attachment = res["interactionLanguage"]["attachment"]
    assert attachment["fileName"] == "offer.pdf"  # a label, never a path
    assert (attachment["contentType"], attachment["size"]) == ("application/pdf", len(PDF))
    stored = await Attachment.get()
    assert bytes(stored.data) == PDF
    assert (await InteractionLanguage.get(template_id=setup.email_template.id)).attachment_id == stored.id


async def test_uploads_are_checked_and_refused_with_codes(server, make_key: MakeKey, setup):
    key = await make_key("read", "write")
    template = gid(setup.email_template)
    cases = [
        (b"MZ\x90\x00 not a pdf", "offer.pdf", "application/pdf", "UNSUPPORTED_TYPE"),
        (b"#!/bin/sh\nrm -rf /\n", "run.sh", "application/x-sh", "UNSUPPORTED_TYPE"),
        (b"\xff\xfe not utf-8", "a.txt", "text/plain", "UNSUPPORTED_TYPE"),
        (b"", "empty.pdf", "application/pdf", "INVALID"),
        (b"%PDF-" + b"x" * (LIMIT - 5), "limit.pdf", "application/pdf", None),  # exactly the limit is fine
    ]
    for data, name, content_type, code in cases:
        res = await _upload(server, key, template, data, name, content_type)
        if code is None:
            assert res["userErrors"] == [], res
            continue
        assert res["interactionLanguage"] is None
        assert res["userErrors"][0]["code"] == code and res["userErrors"][0]["field"] == ["input", "attachment"], res
    assert await Attachment.all().count() == 1


async def _raw(server: str, key: str, operations: object, mapping: object, files: dict) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{server}/graphql", headers={"Authorization": f"Bearer {key}"},
                                 data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
                                 files=files)


async def test_an_oversized_or_malformed_multipart_request_is_refused(server, make_key: MakeKey, setup):
    key = await make_key("read", "write")
    operations = {"query": SET, "variables": {"input": {"templateId": gid(setup.email_template),
                                                        "languageCode": "ENU", "attachment": None}}}
    big = await _raw(server, key, operations, {"0": ["variables.input.attachment"]},
                     {"0": ("big.pdf", b"%PDF-" + b"x" * LIMIT, "application/pdf")})
    assert big.status_code == 413 and big.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "big.pdf" in big.json()["errors"][0]["message"]
    huge = await _raw(server, key, operations, {"0": ["variables.input.attachment"]},
                      {"0": ("huge.pdf", b"%PDF-" + b"x" * (6 * LIMIT + 1_100_000), "application/pdf")})
    assert huge.status_code == 413
    for mapping, needle in (({"0": ["input.attachment"]}, "must name a variable"),
                            ({"0": ["variables.input.nothing.deeper"]}, "names nothing"),
                            ({"0": ["variables.input.languageCode"]}, "must point at a null"),
                            ({"1": ["variables.input.attachment"]}, "does not hold"),
                            ([], "JSON object")):
        res = await _raw(server, key, operations, mapping, {"0": ("a.pdf", PDF, "application/pdf")})
        assert res.status_code == 400 and needle in res.json()["errors"][0]["message"], (mapping, res.text)
    # A multipart request without a key is refused before anything is read.
    async with httpx.AsyncClient() as client:
        anonymous = await client.post(f"{server}/graphql", data={"operations": "{}", "map": "{}"},
                                      files={"0": ("a.pdf", PDF, "application/pdf")})
    assert anonymous.status_code == 401
    assert not await Attachment.exists()
