"""GET /bulk-queries/{job id}: a bulk query's file, streamed a chunk at a time, to the API key that started the
query or an admin key. Refusals are one line of JSON: 401 without a valid key, 404 for a file that is not this
key's (or not there, or not finished), 410 once it expired."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from segmentum.models.bulk_files import read_chunks
from segmentum.models.enums import ApiScope
from segmentum.resolvers import bulk_queries
from segmentum.schema.auth import authenticate
from segmentum.schema.errors import UNAUTHENTICATED

CODES = {404: "NOT_FOUND", 410: "GONE"}


def _refusal(status: int, message: str, code: str) -> Response:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def download(request: Request) -> Response:
    viewer, reason = await authenticate(request.headers.get("authorization"))
    if viewer is None:
        return _refusal(401, reason, UNAUTHENTICATED)
    found = await bulk_queries.download(request.path_params["job_id"], viewer.name, viewer.can(ApiScope.ADMIN.value))
    if found.file is None:
        return _refusal(found.status, found.message, CODES.get(found.status, "NOT_FOUND"))
    file = found.file
    return StreamingResponse(read_chunks(file), media_type="application/jsonl", headers={
        "Content-Length": str(file.byte_count),
        "Content-Disposition": f'attachment; filename="bulk-query-{file.job_id}.jsonl"',  # type: ignore[attr-defined]
        "Cache-Control": "private, no-store"})
