"""GraphQL over HTTP (GET and POST on /graphql), as the GraphQL-over-HTTP specification asks.

Responses are `application/graphql-response+json` when the client accepts it, `application/json` otherwise.
A request error (the document does not parse or validate, the variables do not coerce, a limit is hit)
has no `data` entry; with graphql-response+json it is answered 400, with legacy JSON 200. Missing or bad
keys are 401, a mutation with a read-only key 403, a key over its limits 429. WebSockets
(graphql-transport-ws) are served by schema/websocket.py under the same rules.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from segmentum.config.settings import Settings
from segmentum.models.db_errors import is_timeout
from segmentum.resolvers.loaders import Loaders
from segmentum.schema.audit.recording import record_rate_refusal
from segmentum.schema.auth import authenticate, authorization_from_params
from segmentum.schema.availability import (
    RETRY_AFTER_S,
    SERVICE_UNAVAILABLE,
    availability,
    reason_of,
    unavailable_service,
)
from segmentum.schema.compiled import CompiledDocuments, Leasing
from segmentum.schema.context import Context, Viewer
from segmentum.schema.errors import FORBIDDEN, INTERNAL_SERVER_ERROR, UNAUTHENTICATED
from segmentum.schema.graphiql.page import graphiql_page
from segmentum.schema.limits import TIMEOUT, mask, timeout_message
from segmentum.schema.persisted import NOT_REGISTERED, PersistedQueries, PersistedQueryError, persisted_hash
from segmentum.schema.socket_watch import CLOSE_TOO_MANY, SocketCounts, SocketRules, refusal_of
from segmentum.schema.throttle import RATE_LIMITED, Throttle
from segmentum.schema.transport import DOCUMENT_TOO_LARGE, MAX_BODY_BYTES, document_too_long, load_json, request_id_from
from segmentum.schema.uploads import UploadError, read_multipart
from segmentum.schema.websocket import LimitedWebSocketAdapter, TransportWSHandler

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
BAD_REQUEST = "BAD_REQUEST"
NO_KEY_ON_SOCKET = 'Unauthenticated: send connectionParams {"Authorization": "Bearer <API key>"} in connection_init'
BAD_KEY_ON_SOCKET = "Unauthenticated: the API key in connectionParams is not valid or has been revoked"
DATABASE = "Database"


class RequestError(Exception):
    def __init__(self, status: int, message: str, code: str = BAD_REQUEST, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers or {}


@dataclass
class GraphQLParams:
    query: str | None  # None: a persisted query sent by its hash alone
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when nothing we produce is acceptable."""
    if not accept or not accept.strip():
        return JSON  # legacy clients send no Accept
    best, best_q = None, 0.0
    for part in accept.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media == GRAPHQL_RESPONSE_JSON:
            candidate = GRAPHQL_RESPONSE_JSON
        elif media in (JSON, "application/*", "*/*"):
            candidate = JSON
        else:
            continue
        if q > best_q or (q == best_q and q > 0 and candidate == GRAPHQL_RESPONSE_JSON):
            best, best_q = candidate, q
    return best


def _json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return load_json(raw)
    except ValueError as exc:
        raise RequestError(400, f"The `{name}` parameter is not valid JSON ({exc}).") from exc


def graphql_params(data: Any) -> GraphQLParams:
    if not isinstance(data, dict):
        raise RequestError(400, "The request body must be a JSON object; batched requests are not supported.")
    query = data.get("query")
    extensions = data.get("extensions")
    if query is None and not (isinstance(extensions, dict) and "persistedQuery" in extensions):
        raise RequestError(400, "No GraphQL query found in the request: send it as the `query` parameter.")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise RequestError(400, "The `query` parameter must be a non-empty string.")
    name = data.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestError(400, "The `operationName` parameter must be a string or null.")
    for key in ("variables", "extensions"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise RequestError(400, f"The `{key}` parameter must be an object or null.")
    return GraphQLParams(query, name or None, data.get("variables"), data.get("extensions"))


async def read_params(request: Request, max_upload_bytes: int = 10_000_000,
                      max_import_bytes: int = 0) -> GraphQLParams:
    if request.method == "GET":
        qp = request.query_params
        return graphql_params({
            "query": qp.get("query"),
            "operationName": qp.get("operationName"),
            "variables": _json_param(qp.get("variables"), "variables"),
            "extensions": _json_param(qp.get("extensions"), "extensions"),
        })
    media, *params = (p.strip().lower() for p in request.headers.get("content-type", "").split(";"))
    charset = next((p.partition("=")[2].strip('"') for p in params if p.startswith("charset=")), "utf-8")
    if media == "multipart/form-data":
        try:
            return graphql_params(await read_multipart(request, max_upload_bytes, max_import_bytes))
        except UploadError as exc:
            raise RequestError(exc.status, exc.message, exc.code) from exc
    if media != JSON or charset not in ("utf-8", "utf8"):
        raise RequestError(415, "Send the GraphQL request as `Content-Type: application/json` (UTF-8).",
                           "UNSUPPORTED_MEDIA_TYPE")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise RequestError(413, f"The request body is larger than {MAX_BODY_BYTES} bytes.", "PAYLOAD_TOO_LARGE")
    if not body.strip():
        raise RequestError(400, "The request body is empty: send a JSON object with a `query`.")
    try:
        data = load_json(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RequestError(400, "The request body is not valid UTF-8.") from exc
    except ValueError as exc:
        raise RequestError(400, f"The request body is not valid JSON ({exc}).") from exc
    return graphql_params(data)


def request_id_of(request: Request | WebSocket) -> str:
    return request_id_from(request.headers.get("x-request-id", ""))


class GraphQLView(GraphQL[Context, None]):
    websocket_adapter_class = LimitedWebSocketAdapter  # type: ignore[assignment]
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(self, schema: strawberry.Schema, settings: Settings) -> None:
        super().__init__(schema, graphql_ide=None, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                         allowed_origins=settings.cors_origins,
                         connection_init_wait_timeout=timedelta(seconds=settings.ws_handshake_seconds))
        self.settings = settings
        self.socket_rules = SocketRules(settings.ws_handshake_seconds, settings.ws_idle_seconds,
                                        settings.ws_key_check_seconds, settings.ws_sockets_per_key)
        self.sockets = SocketCounts(settings.ws_sockets_per_key)
        self.persisted = PersistedQueries(settings.persisted_documents, settings.persisted_documents_per_key)
        self.compiled = CompiledDocuments(schema, settings)
        self.throttle = Throttle(settings.rate_limit_per_minute, settings.max_concurrent_expensive,
                                 lease_seconds=max(120, 2 * settings.statement_timeout_ms // 1000))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            response = await self.handle(Request(scope, receive))
            await response(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    # ------------------------------------------------------------------ HTTP
    async def handle(self, request: Request) -> Response:
        request_id = request_id_of(request)
        media = negotiate(request.headers.get("accept"))
        try:
            if request.method not in ("GET", "POST"):
                raise RequestError(405, "GraphQL is served over GET (queries) and POST.",
                                   "METHOD_NOT_ALLOWED", {"Allow": "GET, POST"})
            if request.method == "GET" and "query" not in request.query_params \
                    and "text/html" in request.headers.get("accept", ""):
                return graphiql_page(request)
            if media is None:
                raise RequestError(406, f"Accept {GRAPHQL_RESPONSE_JSON} or {JSON}.", "NOT_ACCEPTABLE")
            viewer, reason = await authenticate(request.headers.get("authorization"))
            availability.answered(DATABASE)  # the key was looked up: the database answers
            if viewer is None:
                raise RequestError(401, reason, UNAUTHENTICATED, {"WWW-Authenticate": 'Bearer realm="segmentum"'})
            refusal = await self.throttle.hit(viewer.name, queue_of(request))
            if refusal is not None:
                if refusal.first:
                    await record_rate_refusal(viewer, request_id)
                raise RequestError(429, refusal.message, RATE_LIMITED, {"Retry-After": str(refusal.retry_after)})
            params = await read_params(request, self.settings.max_upload_bytes, self.settings.max_import_bytes)
            too_long = document_too_long(params.query, self.settings.max_document_chars)
            if too_long is not None:
                raise RequestError(413, too_long, DOCUMENT_TOO_LARGE)
            sha = persisted_hash(params.extensions)
            store = await self.persisted_document(sha, params, viewer, request)
            response, valid = None, True
            if sha is not None and params.query is not None:
                # Known by its hash: answered from its compiled plan when it has one (schema/compiled.py).
                lease = Leasing(self.throttle, viewer.name, queue_of(request))
                answer = await self.compiled.answer(sha, params.query, params.operation_name, params.variables,
                                                    lease)
                if answer is not None:
                    response = self.respond(answer, 200, media, request_id)
            if response is None:
                context = Context(settings=self.settings, viewer=viewer, loaders=Loaders(), request=request,
                                  request_id=request_id, queue=queue_of(request), throttle=self.throttle)
                response, valid = await self.execute(request, params, context, media or JSON)
            if valid and store and sha is not None and params.query is not None:
                await self.persisted.store(sha, params.query, queue_of(request), viewer.name)
            if sha is not None and request.method == "GET":
                return revalidated(request, response)
            return response
        except RequestError as exc:
            body = {"errors": [{"message": exc.message, "extensions": {"code": exc.code}}]}
            return self.respond(body, exc.status, media or JSON, request_id, exc.headers)
        except PersistedQueryError as exc:
            # The answer to an unknown hash must not be cached: the client sends the query next.
            body = {"errors": [{"message": exc.message, "extensions": {"code": exc.code}}]}
            status = exc.status if exc.status != 200 or media != GRAPHQL_RESPONSE_JSON else 400
            return self.respond(body, status, media or JSON, request_id, {"Cache-Control": "no-store"})
        except Exception as exc:  # noqa: BLE001 - e.g. the database is down while checking the key
            if is_timeout(exc):
                body = {"errors": [{"message": timeout_message(None), "extensions": {"code": TIMEOUT}}]}
                return self.respond(body, 503, media or JSON, request_id, {"Retry-After": "5"})
            service = unavailable_service(exc)
            if service is not None:
                availability.failed(service, reason_of(exc))
                body = {"errors": [{"message": availability.message(service),
                                    "extensions": {"code": SERVICE_UNAVAILABLE, "retryAfter": RETRY_AFTER_S}}]}
                return self.respond(body, 503, media or JSON, request_id, {"Retry-After": str(RETRY_AFTER_S)})
            error = mask(GraphQLError(str(exc), original_error=exc), request_id)
            return self.respond({"errors": [formatted(error)]}, 500, media or JSON, request_id)

    async def persisted_document(self, sha: str | None, params: GraphQLParams, viewer: Viewer,
                                 request: Request) -> bool:
        """Puts the document of a persisted query (schema/persisted.py) into `params.query`, and says whether it
        is to be stored once it proves valid; a key restricted to registered documents may send nothing else."""
        if sha is not None:
            params.query, store = await self.persisted.resolve(sha, params.query, queue_of(request),
                                                               viewer.registered_documents_only)
            return store
        if viewer.registered_documents_only:
            raise PersistedQueryError(403, "This API key runs registered documents only: send "
                                           "`extensions.persistedQuery` with the document's sha256Hash.",
                                      NOT_REGISTERED)
        return False

    async def execute(self, request: Request, params: GraphQLParams, context: Context,
                      media: str) -> tuple[Response, bool]:
        """The response, and whether the document was valid (it parsed, validated and passed the limits)."""
        is_get = request.method == "GET"
        allowed = {OperationType.QUERY} if is_get else {OperationType.QUERY, OperationType.MUTATION}
        try:
            assert params.query is not None  # read_params or persisted_document gave one
            result = await self.schema.execute(params.query, variable_values=params.variables,
                                               context_value=context, operation_name=params.operation_name,
                                               allowed_operation_types=allowed,
                                               operation_extensions=params.extensions)
        except InvalidOperationTypeError as exc:
            if exc.operation_type == OperationType.MUTATION:
                raise RequestError(405, "Mutations are not allowed over GET: send them with POST.",
                                   "METHOD_NOT_ALLOWED", {"Allow": "POST"}) from exc
            raise RequestError(400 if media == GRAPHQL_RESPONSE_JSON else 200,
                               "Subscriptions are served over WebSocket (graphql-transport-ws).") from exc
        except CannotGetOperationTypeError as exc:
            raise RequestError(400 if media == GRAPHQL_RESPONSE_JSON else 200, exc.as_http_error_reason(),
                               "GRAPHQL_VALIDATION_FAILED") from exc
        except MissingQueryError as exc:  # pragma: no cover - read_params requires a query
            raise RequestError(400, "No GraphQL query found in the request.") from exc

        # Anything that reached here without a code escaped the error shaping: it is a bug.
        errors = [e if (e.extensions or {}).get("code") else mask(e, context.request_id)
                  for e in (result.errors or [])]
        codes = {(e.extensions or {}).get("code") for e in errors}
        request_error = bool(errors) and result.data is None and all(e.path is None for e in errors)
        # A service that is down answered for every root field: the request is to be tried again, as a whole.
        unavailable = bool(errors) and SERVICE_UNAVAILABLE in codes \
            and not any(value is not None for value in (result.data or {}).values())
        body: dict[str, Any] = {} if request_error else {"data": result.data}
        if errors:
            body["errors"] = [formatted(e) for e in errors]
        if result.extensions:
            body["extensions"] = result.extensions
        status = 200
        headers: dict[str, str] = {}
        if request_error:
            if RATE_LIMITED in codes:
                status = 429
                retry = max(int((e.extensions or {}).get("retryAfter") or 1) for e in errors)
                headers["Retry-After"] = str(retry)
            elif UNAUTHENTICATED in codes:
                status = 401
            elif FORBIDDEN in codes:
                status = 403
            elif INTERNAL_SERVER_ERROR in codes:
                status = 500
            elif SERVICE_UNAVAILABLE in codes:
                status = 503
                headers["Retry-After"] = str(RETRY_AFTER_S)
            elif media == GRAPHQL_RESPONSE_JSON:
                status = 400
        elif unavailable:
            status = 503
            headers["Retry-After"] = str(RETRY_AFTER_S)
        return self.respond(body, status, media, context.request_id, headers), not request_error

    def respond(self, body: dict[str, Any], status: int, media: str, request_id: str,
                headers: dict[str, str] | None = None) -> Response:
        return Response(encode(body), status_code=status, media_type=f"{media}; charset=utf-8",
                        headers={"X-Request-ID": request_id, **(headers or {})})

    # ------------------------------------------------------------------ WebSocket
    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        authorization = request.headers.get("authorization")
        viewer, _ = await authenticate(authorization)
        return Context(settings=self.settings, viewer=viewer, loaders=Loaders(), request=request,
                       response=response, request_id=request_id_of(request), queue=queue_of(request),
                       throttle=self.throttle, authorization=authorization if viewer is not None else None)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        if context.viewer is None:
            context.authorization = authorization_from_params(context.connection_params)
            context.viewer, _ = await authenticate(context.authorization)
            if context.viewer is None:
                # The close reason is all a client sees: it says how to authenticate (at most 123 bytes).
                context.rejection = NO_KEY_ON_SOCKET if context.authorization is None else BAD_KEY_ON_SOCKET
                raise ConnectionRejectionError({"message": context.rejection, "extensions": {"code": UNAUTHENTICATED}})
        if context.viewer.registered_documents_only:
            context.rejection = refusal_of(context.viewer)
            raise ConnectionRejectionError({"message": context.rejection, "extensions": {"code": NOT_REGISTERED}})
        if not self.sockets.take(context.viewer.name):
            context.rejection = f"Too many sockets: at most {self.sockets.per_key} per API key"
            context.rejection_code = CLOSE_TOO_MANY
            raise ConnectionRejectionError({"message": context.rejection, "extensions": {"code": RATE_LIMITED}})
        context.socket_key = context.viewer.name
        return UNSET


def revalidated(request: Request, response: Response) -> Response:
    """A GET of a persisted query: its answer carries an ETag (of its bytes) and may be kept by the client's own
    cache only (`private`: every request is authenticated) and reused after asking (`no-cache`); asked again
    with a matching If-None-Match, the answer is 304 without a body. Errors are not cached."""
    body = bytes(response.body)
    if response.status_code != 200 or b'"errors":' in body:
        response.headers["Cache-Control"] = "no-store"
        return response
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Authorization, Accept"}
    wanted = {tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")}
    if etag in wanted or "*" in wanted:
        return Response(status_code=304, headers={**headers, "X-Request-ID": response.headers["X-Request-ID"]})
    response.headers.update(headers)
    return response


def encode(body: dict[str, Any]) -> bytes:
    """The response as compact UTF-8 JSON, written by orjson straight to bytes (no text to encode after);
    the standard library's encoder for what orjson refuses (integers beyond 64 bits, keys that are not
    strings), with the same result."""
    try:
        return orjson.dumps(body)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def formatted(error: GraphQLError) -> dict[str, Any]:
    return dict(error.formatted)


def queue_of(request: Request | WebSocket) -> Any:
    """The arq pool the lifespan put in the request state (None without Redis)."""
    state = request.scope.get("state") or {}
    return state.get("arq") if isinstance(state, dict) else None
