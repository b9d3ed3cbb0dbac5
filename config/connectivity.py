"""Whether the database and Redis of the settings can be reached, said in one or two lines a person can act on.

Every command and the app's start check here first, so that a wrong DATABASE_URL or REDIS_URL is named with
what to do instead of a driver's traceback (or, for a SQLite file in a missing folder, a silent hang). The
same descriptions serve the running app when a service goes away (schema/availability.py).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket
from pathlib import Path
from urllib.parse import unquote, urlsplit

import asyncpg

from segmentum.config.settings import display_url

CONNECT_TIMEOUT_S = 5.0
MAINTENANCE_DATABASE = "postgres"
# Tortoise's schemes: the driver each needs, and whether Segmentum runs on it.
DRIVERS = {"postgres": "asyncpg", "postgresql": "asyncpg", "asyncpg": "asyncpg", "psycopg": "psycopg",
           "sqlite": "aiosqlite"}
FORMS = "PostgreSQL (postgres://user:password@host:5432/name) or SQLite (sqlite://path/to/file.sqlite3)"


class Unreachable(Exception):
    """A service of the settings cannot be used; the message says why and what to do (one or two lines)."""


# ------------------------------------------------------------------------------------------------ database
def scheme_of(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def check_database_url(url: str) -> None:
    """What can be told from the URL alone: a scheme Segmentum runs on, its driver installed, and for SQLite
    a folder that exists (SQLite would otherwise fail inside its driver's thread, and the command hang)."""
    scheme = scheme_of(url)
    shown = display_url(url)
    if scheme not in DRIVERS:
        named = f"the scheme '{scheme}'" if scheme else "no scheme"
        raise Unreachable(f"DATABASE_URL {shown!r} has {named}; Segmentum runs on {FORMS}.")
    driver = DRIVERS[scheme]
    if importlib.util.find_spec(driver) is None:
        raise Unreachable(f"DATABASE_URL {shown!r} needs the Python package {driver!r}, which is not installed: "
                          f"`pip install {driver}`, or write postgres:// to use asyncpg (installed with Segmentum).")
    if scheme == "sqlite":
        check_sqlite_file(url)


def sqlite_path(url: str) -> str:
    """The file of a sqlite:// URL as Tortoise reads it: everything after the scheme, up to a query."""
    return url.split("://", 1)[1].split("?", 1)[0]


def check_sqlite_file(url: str) -> None:
    path = sqlite_path(url)
    if path in ("", ":memory:"):
        return
    folder = Path(path).parent
    if not folder.is_dir():
        raise Unreachable(f"The folder {str(folder)!r} of the SQLite database {path!r} (DATABASE_URL) does not "
                          f"exist: create it (`mkdir -p {folder}`) or point DATABASE_URL at a file in a folder that "
                          "does.")
    target = Path(path)
    writable = os.access(target, os.R_OK | os.W_OK) if target.exists() else os.access(folder, os.W_OK | os.X_OK)
    if not writable:
        raise Unreachable(f"The SQLite database {path!r} (DATABASE_URL) cannot be written by this user: fix the "
                          "permissions, or point DATABASE_URL at a file in a folder you may write to.")


class PgTarget:
    """The parts of a PostgreSQL URL that messages name (never the password)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self.host = parts.hostname or "localhost"
        try:
            self.port = parts.port or 5432
        except ValueError as exc:
            raise Unreachable(f"DATABASE_URL {display_url(url)!r} has a port that is not a number.") from exc
        self.user = unquote(parts.username or "") or os.environ.get("PGUSER") or "postgres"
        self.name = unquote(parts.path.lstrip("/")) or self.user
        self.where = f"{self.host}:{self.port}"

    def dsn(self, database: str | None = None) -> str:
        parts = urlsplit(self.url)
        path = "/" + (database if database is not None else parts.path.lstrip("/"))
        # asyncpg reads postgresql:// and ignores the options Tortoise adds (minsize, maxsize, ...).
        return parts._replace(scheme="postgresql", path=path, query="").geturl()


def describe_connect_error(exc: BaseException, target: PgTarget) -> str:
    """One or two lines for a failed connection to PostgreSQL."""
    where = target.where
    if isinstance(exc, asyncpg.InvalidPasswordError):
        return (f"PostgreSQL at {where} refused the password of the user {target.user!r}: fix the password in "
                "DATABASE_URL.")
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError):
        return (f"PostgreSQL at {where} refused the user {target.user!r} ({exc}): fix the user in DATABASE_URL, "
                f"or create the role (`createuser -h {target.host} -p {target.port} {target.user}`).")
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return (f"The database {target.name!r} does not exist on PostgreSQL at {where}: `segmentum migrate` creates "
                f"it, or run `createdb -h {target.host} -p {target.port} -U {target.user} {target.name}`.")
    if isinstance(exc, socket.gaierror):
        return (f"The host {target.host!r} of DATABASE_URL is not known ({exc.strerror}): fix the host in "
                "DATABASE_URL.")
    if isinstance(exc, ConnectionRefusedError):
        return (f"Nothing answers at {where} (connection refused): start PostgreSQL, or fix the host and port in "
                "DATABASE_URL.")
    if isinstance(exc, TimeoutError):
        return (f"PostgreSQL at {where} did not answer within {CONNECT_TIMEOUT_S:g} s: check that it runs and that "
                "the host and port in DATABASE_URL are right.")
    if isinstance(exc, OSError):
        return (f"Cannot connect to PostgreSQL at {where} ({exc.strerror or exc}): check the host and port in "
                "DATABASE_URL.")
    if isinstance(exc, asyncpg.PostgresError):
        return f"PostgreSQL at {where} refused the connection: {exc}."
    return f"Cannot connect to PostgreSQL at {where}: {exc}."


async def _connect(target: PgTarget, database: str | None = None) -> asyncpg.Connection:
    return await asyncio.wait_for(asyncpg.connect(target.dsn(database)), CONNECT_TIMEOUT_S)


async def _create_database(target: PgTarget) -> None:
    """CREATE DATABASE through the maintenance database, as the same user; Unreachable when not allowed."""
    try:
        conn = await _connect(target, MAINTENANCE_DATABASE)
    except Exception as exc:  # noqa: BLE001 - any failure: the user cannot create it this way
        raise Unreachable(_not_created(target, str(exc))) from exc
    try:
        await conn.execute(f'CREATE DATABASE "{target.name.replace(chr(34), chr(34) * 2)}"')
    except asyncpg.DuplicateDatabaseError:
        pass  # made meanwhile by someone else: as good
    except asyncpg.PostgresError as exc:
        raise Unreachable(_not_created(target, str(exc))) from exc
    finally:
        await conn.close()


def _not_created(target: PgTarget, why: str) -> str:
    return (f"The database {target.name!r} does not exist on PostgreSQL at {target.where}, and the user "
            f"{target.user!r} may not create it ({why}).\nRun `createdb -h {target.host} -p {target.port} -U <a user "
            f"who may> -O {target.user} {target.name}`, then try again.")


async def check_database(url: str, *, create: bool = False) -> bool:
    """Raises Unreachable unless the database of `url` can be opened. With `create`, a missing PostgreSQL
    database is created when the URL's user may (CREATEDB); returns whether it was."""
    check_database_url(url)
    if scheme_of(url) == "sqlite":
        return False
    target = PgTarget(url)
    try:
        conn = await _connect(target)
    except asyncpg.InvalidCatalogNameError as exc:
        if not create:
            raise Unreachable(describe_connect_error(exc, target)) from exc
        await _create_database(target)
        return True
    except Exception as exc:  # noqa: BLE001 - described, whatever it is
        raise Unreachable(describe_connect_error(exc, target)) from exc
    await conn.close()
    return False


# ------------------------------------------------------------------------------------------------ Redis
def check_redis_url(url: str) -> None:
    from arq.connections import RedisSettings

    try:
        RedisSettings.from_dsn(url)
    except (RuntimeError, ValueError) as exc:
        raise Unreachable(f"REDIS_URL {display_url(url)!r} is not a Redis URL ({exc}): write redis://host:6379/0 "
                          "(rediss:// for TLS), or unset REDIS_URL to run jobs in-process.") from exc


async def check_redis(url: str) -> None:
    """Raises Unreachable unless Redis at `url` answers PING."""
    from redis.asyncio import Redis
    from redis.exceptions import AuthenticationError, RedisError

    check_redis_url(url)
    where = redis_where(url)
    client = Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_S, socket_timeout=CONNECT_TIMEOUT_S)
    try:
        await client.ping()
    except AuthenticationError as exc:
        raise Unreachable(f"Redis at {where} refused the credentials of REDIS_URL ({exc}): fix them.") from exc
    except (RedisError, OSError) as exc:
        raise Unreachable(describe_redis_error(exc, where)) from exc
    finally:
        await client.aclose()


def redis_where(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port or 6379
    except ValueError:
        port = 6379
    return f"{parts.hostname or 'localhost'}:{port}"


def describe_redis_error(exc: BaseException, where: str) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "Connect call failed" in str(exc):
        reason = "connection refused"
    elif any(isinstance(e, socket.gaierror) for e in chain):
        reason = "unknown host"
    elif any(isinstance(e, TimeoutError) for e in chain):
        reason = f"no answer within {CONNECT_TIMEOUT_S:g} s"
    else:
        reason = str(exc).split("\n", 1)[0] or type(exc).__name__
    return (f"Redis at {where} (REDIS_URL) does not answer ({reason}): start Redis or fix REDIS_URL; without "
            "REDIS_URL, `segmentum serve` runs jobs in its own process.")
