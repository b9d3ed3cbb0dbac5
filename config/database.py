"""Tortoise configuration and migrations, shared by the web app, the workers and the CLI."""

from __future__ import annotations

import os
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from segmentum.config.settings import DEFAULT_DATABASE_URL

MODEL_MODULES = ["segmentum.models"]


def normalize_url(url: str) -> str:
    # Heroku-style URLs say postgresql://; Tortoise knows the asyncpg backend as postgres://.
    if url.startswith("postgresql://"):
        return "postgres://" + url[len("postgresql://") :]
    return url


def is_postgres(db_url: str) -> bool:
    return normalize_url(db_url).startswith(("postgres://", "asyncpg://", "psycopg://"))


async def keep_session(connection: Any) -> None:
    """What asyncpg's pool does to a connection it takes back, beyond rolling back an open transaction
    (which it always does): nothing.

    Its default reset (release advisory locks, close cursors, UNLISTEN, RESET ALL) is one more round trip
    for every statement run outside a transaction, and Segmentum leaves no such state on a connection: its
    locks are transaction-level (pg_advisory_xact_lock, SELECT ... FOR UPDATE), settings are SET LOCAL or
    given when the connection opens (the statement timeout), and it neither listens nor keeps cursors.
    """


def connection_config(url: str, statement_timeout_ms: int = 0) -> str | dict[str, Any]:
    """The Tortoise connection for a URL; SQLite gets the backend that registers the filter collation;
    PostgreSQL through asyncpg gets `keep_session` as its pool's reset; with a statement timeout, every
    statement is canceled after that many milliseconds (SQLite: interrupted by models/sqlite_backend.py)."""
    if url.startswith("sqlite://"):
        expanded = expand_db_url(url)
        expanded["engine"] = "segmentum.models.sqlite_backend"
        if statement_timeout_ms > 0:  # a progress handler interrupts a longer statement
            expanded["credentials"]["statement_timeout_ms"] = statement_timeout_ms
        return expanded
    if not is_postgres(url):
        return url
    expanded = expand_db_url(url)
    credentials = expanded["credentials"]
    if statement_timeout_ms > 0:
        credentials["server_settings"] = {**credentials.get("server_settings", {}),
                                          "statement_timeout": str(statement_timeout_ms)}
    if expanded["engine"] == "tortoise.backends.asyncpg":
        credentials["reset"] = keep_session
    return expanded


def tortoise_config(db_url: str | None = None, statement_timeout_ms: int = 0) -> dict[str, Any]:
    url = normalize_url(db_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    return {
        "connections": {"default": connection_config(url, statement_timeout_ms)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "segmentum.models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by the `tortoise` CLI (see [tool.tortoise] in pyproject.toml).
TORTOISE_ORM = tortoise_config()


async def migrate(db_url: str) -> None:
    """Apply every pending migration. The database itself must exist (a SQLite file is made by opening it);
    the CLI creates a missing PostgreSQL database first, when its user may (config/connectivity.py)."""
    config = tortoise_config(db_url)
    await Tortoise.init(config=config, _create_db=False, init_connections=True)
    await Tortoise.close_connections()
    await tortoise_migrate(config=config)
    await Tortoise.close_connections()
