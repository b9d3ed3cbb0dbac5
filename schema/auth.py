"""Who is asking: the API key of a request, and what its scopes let it do."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from segmentum.models.enums import ApiScope
from segmentum.resolvers.api_keys import key_for
from segmentum.resolvers.jobs import acting_as
from segmentum.schema.context import Viewer
from segmentum.schema.errors import FORBIDDEN, UNAUTHENTICATED, coded_error

MISSING_KEY = "Send an API key as `Authorization: Bearer <key>`."
BAD_KEY = "The API key is not valid or has been revoked."


def bearer_token(authorization: str | None) -> str | None:
    """The credentials of an `Authorization: Bearer <token>` header value."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def authenticate(authorization: str | None) -> tuple[Viewer | None, str]:
    """The viewer for an Authorization header value, or None and the reason for the client."""
    token = bearer_token(authorization)
    if token is None:
        return None, MISSING_KEY
    key = await key_for(token)
    if key is None:
        return None, BAD_KEY
    return Viewer(name=key.name, scopes=frozenset(key.scopes),
                  registered_documents_only=key.registered_documents_only, key_id=key.id), ""


def authorization_from_params(params: Any) -> str | None:
    """The Authorization value sent in a WebSocket `connection_init` payload (header names vary in case)."""
    if not isinstance(params, Mapping):
        return None
    for name, value in params.items():
        if isinstance(name, str) and name.lower() == "authorization" and isinstance(value, str):
            return value
    return None


class AuthorizationGate(SchemaExtension):
    """Refuses, before anything runs, an operation without a viewer or a mutation without the write scope."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.result is None:
            viewer = getattr(ctx.context, "viewer", None)
            error = None
            if viewer is None:
                error = coded_error(MISSING_KEY, UNAUTHENTICATED)
            elif ctx.operation_type == OperationType.MUTATION and not viewer.can(ApiScope.WRITE.value):
                error = coded_error(f"The API key {viewer.name!r} may only read: mutations need the "
                                    f"{ApiScope.WRITE.value!r} scope.", FORBIDDEN)
            if error is not None:
                ctx.result = GraphQLExecutionResult(data=None, errors=[error])
        viewer = getattr(ctx.context, "viewer", None)
        # Jobs the operation starts record the key (Job.startedBy), the records it writes its id (createdBy).
        with acting_as(viewer.name if viewer is not None else None, viewer.key_id if viewer is not None else None):
            yield
