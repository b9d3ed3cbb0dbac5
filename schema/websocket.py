"""GraphQL over WebSocket (graphql-transport-ws) under the rules of HTTP.

- A message is at most MAX_MESSAGE_BYTES, as an HTTP body; a larger one closes the socket (1009).
- Every operation started on a socket checks the API key again: a revoked key, or one restricted to registered
  documents since, closes the socket (4403) before the operation runs. It counts against the key's rate like an
  HTTP request. While the socket is open its key is looked up again every few seconds, so that running
  subscriptions end too; idle sockets are closed, and a key holds a bounded number (schema/socket_watch.py).
- Each operation has a context of its own (loaders, request id, expensive-field lock), as an HTTP request.
- Queries and mutations run to completion (every extension hook, error shaping included) before their result
  is sent, so their errors carry `extensions.code` and internal errors are masked; a document that does not
  parse or validate is an `error` message with its code, the socket stays open.
- A malformed message closes the socket (4400), as the protocol says.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncGenerator
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import NonJsonMessageReceived, NonTextMessageReceived
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler, Operation
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message
from strawberry.types.graphql import OperationType

from segmentum.resolvers.loaders import Loaders
from segmentum.schema.audit.recording import record_rate_refusal
from segmentum.schema.auth import authenticate
from segmentum.schema.context import Context
from segmentum.schema.limits import GRAPHQL_VALIDATION_FAILED
from segmentum.schema.socket_watch import Watch, refusal_of
from segmentum.schema.throttle import RATE_LIMITED, Refusal
from segmentum.schema.transport import MAX_BODY_BYTES, document_too_long, load_json, new_request_id

MAX_MESSAGE_BYTES = MAX_BODY_BYTES
MAX_OPERATION_ID = 128
CLOSE_TOO_BIG = 1009
CLOSE_FORBIDDEN = 4403


def _byte_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


class LimitedWebSocketAdapter(ASGIWebSocketAdapter):
    """Reads JSON text messages of at most MAX_MESSAGE_BYTES, strict JSON as over HTTP."""

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object, None]:
        try:
            while self.ws.application_state != WebSocketState.DISCONNECTED:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                if text is None:
                    raise NonTextMessageReceived
                if len(text) > MAX_MESSAGE_BYTES or _byte_length(text) > MAX_MESSAGE_BYTES:
                    await self.ws.close(code=CLOSE_TOO_BIG, reason=f"Messages are at most {MAX_MESSAGE_BYTES} bytes")
                    return
                try:
                    yield load_json(text)
                except ValueError as exc:
                    if not ignore_parsing_errors:
                        raise NonJsonMessageReceived from exc
        except WebSocketDisconnect:
            pass


def _subscribe_problem(message: dict[str, Any]) -> str | None:
    operation_id = message.get("id")
    if not isinstance(operation_id, str) or not 0 < len(operation_id) <= MAX_OPERATION_ID:
        return f"A subscribe message needs an `id` string of 1 to {MAX_OPERATION_ID} characters"
    payload = message.get("payload")
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return "A subscribe message needs a `payload` object with a `query` string"
    if payload.get("operationName") is not None and not isinstance(payload["operationName"], str):
        return "`operationName` must be a string or null"
    for name in ("variables", "extensions"):
        if payload.get(name) is not None and not isinstance(payload[name], dict):
            return f"`{name}` must be an object or null"
    return None


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    context: Context
    watch: Watch | None = None

    async def handle_message(self, message: Message) -> None:
        if self.watch is not None:
            self.watch.heard()
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self.handle_invalid_message("A message is a JSON object with a `type` string")
            return
        await super().handle_message(message)

    async def handle_connection_init(self, message: Any) -> None:
        # Strawberry closes a refused connection with 4403 "Forbidden"; the reason here says what to do.
        websocket = self.websocket
        close = websocket.close

        async def close_with_reason(code: int, reason: str) -> None:
            if code == CLOSE_FORBIDDEN and self.context.rejection:
                code, reason = self.context.rejection_code, self.context.rejection
            await close(code, reason)

        websocket.close = close_with_reason  # type: ignore[method-assign]
        try:
            await super().handle_connection_init(message)
        finally:
            del websocket.close
        if self.connection_acknowledged and self.watch is None:
            self.watch = Watch(self.view.socket_rules, self.context.authorization,  # type: ignore[attr-defined]
                               lambda: len(self.operations), self.close_socket)
            self.watch.start()

    async def close_socket(self, code: int, reason: str) -> None:
        """Ends the socket and what runs on it (the watch found the key refused, or the socket idle)."""
        await self.websocket.close(code=code, reason=reason)
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)

    async def shutdown(self) -> None:
        if self.watch is not None:
            await self.watch.stop()
        if self.context.socket_key is not None:
            self.view.sockets.give_back(self.context.socket_key)  # type: ignore[attr-defined]
            self.context.socket_key = None
        await super().shutdown()

    async def handle_subscribe(self, message: Any) -> None:
        if self.connection_acknowledged:
            problem = _subscribe_problem(message) or document_too_long(
                message["payload"]["query"], self.context.settings.max_document_chars)
            if problem is not None:
                await self.handle_invalid_message(problem)
                return
            # The key is checked again for every operation: a revoked key stops working at once.
            viewer, _ = await authenticate(self.context.authorization)
            refused = refusal_of(viewer)
            if refused is not None:
                await self.close_socket(CLOSE_FORBIDDEN, refused)
                return
            assert viewer is not None
            self.context.viewer = viewer
            throttle = self.context.throttle
            refusal = await throttle.hit(viewer.name, self.context.queue) if throttle is not None else None
            per_socket = self.context.settings.max_subscriptions_per_socket
            if refusal is None and len(self.operations) >= per_socket:
                refusal = Refusal(f"At most {per_socket} operations run at once on one socket "
                                  "(SEGMENTUM_MAX_SUBSCRIPTIONS_PER_SOCKET).", 1)
            if refusal is not None and message["id"] not in self.operations:
                if refusal.first:
                    await record_rate_refusal(viewer, None)
                await self.send_message({"id": message["id"], "type": "error", "payload": [{
                    "message": refusal.message,
                    "extensions": {"code": RATE_LIMITED, "retryAfter": refusal.retry_after}}]})
                return
        await super().handle_subscribe(message)

    def operation_context(self) -> Context:
        return dataclasses.replace(self.context, loaders=Loaders(), request_id=new_request_id(),
                                   expensive_lock=asyncio.Lock())

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        context = self.operation_context()
        try:
            result = await self.schema.execute(
                operation.query, variable_values=operation.variables, context_value=context,
                operation_name=operation.operation_name,
                allowed_operation_types={OperationType.QUERY, OperationType.MUTATION})
        except InvalidOperationTypeError:
            # A subscription: results arrive as a stream.
            await super().run_operation(operation)
            return
        except CannotGetOperationTypeError as exc:
            await operation.send_initial_errors([GraphQLError(exc.as_http_error_reason(),
                                                              extensions={"code": GRAPHQL_VALIDATION_FAILED})])
            return
        errors = result.errors or []
        if errors and result.data is None and all(e.path is None for e in errors):
            await operation.send_initial_errors(errors)
            return
        await operation.send_next(result)
        await operation.send_operation_message({"id": operation.id, "type": "complete"})
