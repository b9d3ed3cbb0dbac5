"""Opaque Relay global IDs in inputs: decoded to primary keys, with errors that name the value."""

from __future__ import annotations

from strawberry import relay

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError, shown

# Primary keys are 32-bit integers: a number outside cannot name a row (and the database refuses to compare it).
MIN_KEY, MAX_KEY = -(2**31), 2**31 - 1


def primary_key(node_id: str) -> int | None:
    """The primary key a global ID's node id names, or None when it cannot name one."""
    if len(node_id) > 11 or not node_id.isascii():
        return None
    try:
        pk = int(node_id)
    except ValueError:
        return None
    return pk if MIN_KEY <= pk <= MAX_KEY else None


def decode_id(global_id: str | relay.GlobalID, type_name: str, *field: str) -> int:
    """The primary key inside `global_id`, which must be an ID of `type_name`."""
    path = ["input", *(field or ("id",))]
    try:
        gid = global_id if isinstance(global_id, relay.GlobalID) else relay.GlobalID.from_id(global_id)
        if gid.type_name != type_name:
            raise ValueError(gid.type_name)
        pk = primary_key(gid.node_id)
        if pk is None:
            raise ValueError(gid.node_id)
        return pk
    except Exception as exc:  # noqa: BLE001 - any decoding failure is the same user error
        raise DomainError(ErrorCode.NOT_FOUND, f"{shown(global_id)} is not the ID of a {type_name}.", path) from exc


def encode_id(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))
