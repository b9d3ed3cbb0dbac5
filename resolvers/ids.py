"""Opaque Relay global IDs in inputs: decoded to primary keys, with errors that name the value."""

from __future__ import annotations

from strawberry import relay

from models.enums import ErrorCode
from models.errors import DomainError


def decode_id(global_id: str | relay.GlobalID, type_name: str, *field: str) -> int:
    """The primary key inside `global_id`, which must be an ID of `type_name`."""
    path = ["input", *(field or ("id",))]
    try:
        gid = global_id if isinstance(global_id, relay.GlobalID) else relay.GlobalID.from_id(global_id)
        if gid.type_name != type_name:
            raise ValueError(gid.type_name)
        return int(gid.node_id)
    except Exception as exc:  # noqa: BLE001 - any decoding failure is the same user error
        raise DomainError(ErrorCode.NOT_FOUND, f"{global_id!s} is not the ID of a {type_name}.", path) from exc


def encode_id(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))
