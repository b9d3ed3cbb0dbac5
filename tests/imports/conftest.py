"""Factories for the import tests: master data through the models, imports through the GraphQL mutation with the
file as the multipart layer hands it over (an UploadedFile), jobs in-process; the HTTP tests send real files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from segmentum.models import BusinessRelation, IndustryGroup, JobResponsibility, MailingGroup
from segmentum.models.attachments import UploadedFile
from segmentum.models.masters import Salesperson, Territory
from segmentum.models.system import Job
from segmentum.workers import queue

IMPORT = """
mutation($file: Upload!, $format: ImportFormat!, $mode: ImportMode!) {
  contactImport(file: $file, format: $format, mode: $mode) {
    job { id kind status startedBy } userErrors { field code message }
  }
}
"""
ERRORS = """
query($jobId: ID!, $after: String) {
  contactImportErrors(jobId: $jobId, first: 100, after: $after) {
    totalCount nodes { row field code message } pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.fixture
async def masters() -> None:
    await Salesperson.create(code="AV", name="Annette Hill")
    await Salesperson.create(code="OLD", name="Gone", blocked=True)
    await Territory.create(code="EU", name="Europe")
    for model, codes in ((IndustryGroup, ("RETAIL", "IT")), (BusinessRelation, ("CUST", "VEND")),
                         (MailingGroup, ("NEWS", "EVENTS")), (JobResponsibility, ("SALES", "IT"))):
        for code in codes:
            await model.create(code=code, description=f"{code} description")


RunImport = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def run_import(gql: Any, in_process: None) -> RunImport:
    """contactImport of `data`, the job run to its end; returns {"payload", "job", "errors"}."""

    async def run(data: bytes | str, mode: str = "CREATE", format: str = "CSV",
                  name: str = "contacts.csv") -> dict[str, Any]:
        raw = data.encode() if isinstance(data, str) else data
        payload = (await gql(IMPORT, {"file": UploadedFile(name, "text/csv", raw), "format": format,
                                      "mode": mode}))["contactImport"]
        if payload["job"] is None:
            return {"payload": payload, "job": None, "errors": []}
        await queue.drain()
        job = await Job.get(kind="contact.import", status__in=["SUCCEEDED", "FAILED"], id=_pk(payload["job"]["id"]))
        errors = (await gql(ERRORS, {"jobId": payload["job"]["id"]}))["contactImportErrors"]["nodes"]
        return {"payload": payload, "job": job, "errors": errors}

    return run


def _pk(global_id: str) -> int:
    import base64

    return int(base64.b64decode(global_id).decode().split(":", 1)[1])
