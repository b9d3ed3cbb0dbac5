"""Tortoise's SQLite backend, with the collation and the function that the criteria SQL names registered on every
connection.

The database configuration names this module as the engine of SQLite connections.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.sqlite.client import SqliteClient

from models.criteria import collation, numbers


def _register(connection: sqlite3.Connection) -> None:
    collation.register(connection)
    numbers.register(connection)


class SegmentumSqliteClient(SqliteClient):
    async def _post_connect(self) -> None:
        await super()._post_connect()
        conn = self._connection
        if conn is not None:
            # sqlite3 objects belong to the thread that made them: aiosqlite's worker thread.
            await conn._execute(lambda: _register(conn._conn))


client_class = SegmentumSqliteClient
