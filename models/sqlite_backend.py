"""Tortoise's SQLite backend, with the collation that the criteria SQL names registered on every connection.

The database configuration names this module as the engine of SQLite connections.
"""

from __future__ import annotations

from tortoise.backends.sqlite.client import SqliteClient

from models.criteria.collation import register


class SegmentumSqliteClient(SqliteClient):
    async def _post_connect(self) -> None:
        await super()._post_connect()
        conn = self._connection
        if conn is not None:
            # sqlite3 objects belong to the thread that made them: aiosqlite's worker thread.
            await conn._execute(lambda: register(conn._conn))


client_class = SegmentumSqliteClient
