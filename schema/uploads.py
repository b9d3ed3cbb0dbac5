"""The GraphQL multipart request specification: `operations` (the JSON request), `map` (which file goes to which
variable) and the files. Every file is read whole but bounded (SEGMENTUM_MAX_UPLOAD_BYTES each, at most
MAX_FILES), the JSON parts stay under the 1 MB request cap, and a file reaches a resolver as an UploadedFile:
its bytes and the names the client gave, never a path on this machine. The file of a contact import (the `file`
argument of contactImport) has its own limit, SEGMENTUM_MAX_IMPORT_BYTES."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, OperationType, parse
from graphql.language import FieldNode, VariableNode
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from segmentum.models.attachments import UploadedFile
from segmentum.schema.transport import MAX_BODY_BYTES, load_json

MAX_FILES = 4
# Room for the multipart boundaries and part headers.
OVERHEAD_BYTES = 64_000


class UploadError(Exception):
    def __init__(self, status: int, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def _json(form: Any, name: str) -> Any:
    raw = form.get(name)
    if not isinstance(raw, str):
        raise UploadError(400, f"A multipart GraphQL request needs a `{name}` field (JSON text).")
    try:
        return load_json(raw)
    except ValueError as exc:
        raise UploadError(400, f"The `{name}` field is not valid JSON ({exc}).") from exc


def _place(operations: Any, path: str, value: UploadedFile) -> None:
    """Put `value` where the dotted `path` (e.g. variables.input.attachment) points; it must hold null."""
    parts = path.split(".")
    if len(parts) < 2 or parts[0] != "variables" or not isinstance(operations, dict):
        raise UploadError(400, f"Map path {path!r} must name a variable (variables.<name>...).")
    node: Any = operations
    for i, part in enumerate(parts[:-1]):
        key: Any = int(part) if isinstance(node, list) and part.isdigit() else part
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError) as exc:
            raise UploadError(400, f"Map path {path!r} names nothing in the operations (at {'.'.join(parts[:i + 1])})."
                              ) from exc
    last: Any = int(parts[-1]) if isinstance(node, list) and parts[-1].isdigit() else parts[-1]
    try:
        if node[last] is not None:
            raise UploadError(400, f"Map path {path!r} must point at a null in the operations.")
        node[last] = value
    except (KeyError, IndexError, TypeError) as exc:
        raise UploadError(400, f"Map path {path!r} names nothing in the operations.") from exc


IMPORT_FIELD = "contactImport"


def import_variables(operations: Any) -> set[str]:
    """The variables a mutation of `operations` passes as the `file` of contactImport: their files take the import
    limit. A query that does not parse names none (execution will say what is wrong with it)."""
    query = operations.get("query") if isinstance(operations, dict) else None
    if not isinstance(query, str) or IMPORT_FIELD not in query:
        return set()
    try:
        document = parse(query)
    except GraphQLError:
        return set()
    names: set[str] = set()
    for definition in document.definitions:
        if getattr(definition, "operation", None) != OperationType.MUTATION:
            continue
        for selection in definition.selection_set.selections:  # type: ignore[attr-defined]
            if isinstance(selection, FieldNode) and selection.name.value == IMPORT_FIELD:
                for argument in selection.arguments or ():
                    if argument.name.value == "file" and isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)
    return names


def _file_limit(paths: list[str], imports: set[str], max_upload_bytes: int, max_import_bytes: int) -> tuple[int, str]:
    if imports and all(p.count(".") == 1 and p.split(".", 1)[1] in imports for p in paths):
        return max_import_bytes, "SEGMENTUM_MAX_IMPORT_BYTES"
    return max_upload_bytes, "SEGMENTUM_MAX_UPLOAD_BYTES"


async def read_multipart(request: Request, max_upload_bytes: int, max_import_bytes: int = 0) -> Any:
    """The request's operations, with its files in place of the nulls the map names."""
    limit = MAX_BODY_BYTES + MAX_FILES * max_upload_bytes + max_import_bytes + OVERHEAD_BYTES
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise UploadError(413, f"The multipart request is larger than {limit} bytes (at most {MAX_FILES} files "
                              f"of {max_upload_bytes} bytes).", "PAYLOAD_TOO_LARGE")
    request._body = bytes(body)  # the form parser reads the bounded copy, not the socket
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=2, max_part_size=MAX_BODY_BYTES)
    except MultiPartException as exc:
        raise UploadError(400, f"The multipart request is malformed or has too many parts ({exc.message}).") from exc
    operations = _json(form, "operations")
    mapping = _json(form, "map")
    if not isinstance(mapping, dict):
        raise UploadError(400, "The `map` field must be a JSON object of file field -> [paths].")
    imports = import_variables(operations)
    for key, paths in mapping.items():
        part = form.get(key)
        if not isinstance(part, UploadFile):
            raise UploadError(400, f"The map names file field {key!r}, which the request does not hold.")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            raise UploadError(400, f"The map entry {key!r} must be a non-empty list of paths.")
        data = await part.read()
        file_limit, setting = _file_limit(paths, imports, max_upload_bytes, max_import_bytes)
        if len(data) > file_limit:
            raise UploadError(413, f"File {part.filename!r} has {len(data)} bytes; at most {file_limit} are "
                              f"allowed ({setting}).", "PAYLOAD_TOO_LARGE")
        upload = UploadedFile(part.filename or "", part.content_type or "application/octet-stream", data)
        for path in paths:
            _place(operations, path, upload)
    return operations
