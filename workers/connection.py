"""Which database client job bookkeeping uses.

Job rows must be written outside the caller's transaction (so progress is visible while a job runs),
and a task started inside a transaction inherits that transaction through contextvars. On SQLite there
is one connection and an open transaction holds its lock, so there the transaction itself is used.
"""

from __future__ import annotations

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient


def root_client() -> BaseDBAsyncClient:
    conn = connections.get("default")
    while isinstance(conn, TransactionalDBClient):
        conn = conn._parent
    return conn


def in_transaction_now() -> bool:
    return isinstance(connections.get("default"), TransactionalDBClient)


def bookkeeping_client() -> BaseDBAsyncClient:
    conn = connections.get("default")
    if isinstance(conn, TransactionalDBClient) and conn.capabilities.dialect == "sqlite":
        return conn
    return root_client()


def detach_from_transaction() -> None:
    """In a task created inside a transaction: use the plain connection from now on (this task only)."""
    if in_transaction_now():
        connections.set("default", root_client())
