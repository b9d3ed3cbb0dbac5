"""The `segmentum` command: serve the API, run migrations and workers, load demo data, manage API keys."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from segmentum.config.settings import Settings, display_url

T = TypeVar("T")

DEV_KEY_NAME = "dev"
DEV_KEY_SCOPES = ("read", "write", "admin")
NEW_KEY_COMMAND = "segmentum api-key create NAME --scope read --scope write"


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:  # a variable that is not a number: the message names it and its value
        raise click.ClickException(str(exc)) from exc


def _reach_database(settings: Settings, *, create: bool = False) -> None:
    """Stops the command with what to do when DATABASE_URL cannot be used; with `create`, a missing PostgreSQL
    database is created first when the user may (migrate, seed and serve create it; the others say so)."""
    from segmentum.config.connectivity import check_database

    if _run(lambda: check_database(settings.database_url, create=create)):
        click.echo(f"Created the database {display_url(settings.database_url)}.")


def _reach_redis(settings: Settings) -> None:
    from segmentum.config.connectivity import check_redis

    if settings.redis_url:
        _run(lambda: check_redis(settings.redis_url or ""))


@asynccontextmanager
async def _database(url: str) -> AsyncIterator[None]:
    from tortoise import Tortoise

    from segmentum.config.database import tortoise_config

    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()


def _run(work: Callable[[], Awaitable[T]]) -> T:
    """Run one coroutine on a fresh event loop; domain and seed errors become clean CLI errors."""
    from segmentum.config.connectivity import Unreachable
    from segmentum.models.db_errors import is_missing_table
    from segmentum.models.demo.seed import SeedError
    from segmentum.models.errors import DomainError

    try:
        return asyncio.run(work())  # type: ignore[arg-type]
    except (DomainError, SeedError, Unreachable) as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:
        if is_missing_table(exc):
            raise click.ClickException("The database has no Segmentum tables yet: run `segmentum migrate` "
                                       "first.") from exc
        raise


@click.group()
@click.version_option(package_name="segmentum")
def cli() -> None:
    """Segmentum: a GraphQL API for marketing segmentation.

    The database is DATABASE_URL (default: the SQLite file segmentum.sqlite3 in the current directory);
    background jobs use Redis at REDIS_URL, or run in-process when it is not set.
    """


# ---------------------------------------------------------------------------------------------- database
@cli.command()
def migrate() -> None:
    """Apply pending database migrations."""
    from segmentum.config.database import migrate as apply_migrations

    settings = _settings()
    _reach_database(settings, create=True)
    _run(lambda: apply_migrations(settings.database_url))
    click.echo(f"Database {display_url(settings.database_url)} is up to date.")


@cli.command()
@click.option("--contacts", type=click.IntRange(min=0), default=2000, show_default=True,
              help="How many contacts (about one in ten a company).")
@click.option("--seed", "seed_value", type=int, default=42, show_default=True,
              help="Random seed; the same seed gives the same data.")
def seed(contacts: int, seed_value: int) -> None:
    """Load the demo data set into a database without contacts (migrations are applied first)."""
    settings = _settings()
    _reach_database(settings, create=True)

    async def work() -> dict[str, Any]:
        from segmentum.config.database import migrate as apply_migrations
        from segmentum.models.demo.seed import seed as load_demo_data

        await apply_migrations(settings.database_url)
        async with _database(settings.database_url):
            with ExitStack() as stack:
                bar: Any = None
                shown = 0

                def progress(done: int, total: int) -> None:
                    # Opened on the first report, i.e. only once the database was found empty.
                    nonlocal bar, shown
                    if bar is None:
                        bar = stack.enter_context(click.progressbar(length=total, label="Loading demo contacts"))
                    bar.update(done - shown)
                    shown = done

                return await load_demo_data(contacts, progress=progress, seed=seed_value)

    result = _run(work)
    click.echo(", ".join(f"{value} {name.replace('_', ' ')}" for name, value in result.items()))


# ---------------------------------------------------------------------------------------------- serving
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--demo", is_flag=True, help="Load the demo data set first when the database has no contacts.")
@click.option("--demo-contacts", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Size of the demo data set for --demo.")
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
def serve(host: str, port: int, demo: bool, demo_contacts: int, reload: bool) -> None:
    """Start the API: migrations applied, a dev API key on first start, GraphiQL at /graphql."""
    import uvicorn

    from segmentum.http_protocol import GUARDED_HTTP
    from segmentum.port import why_not_serve
    from segmentum.schema.transport import MAX_BODY_BYTES

    # Before anything else: a busy port would otherwise show up only after the URL and the key hints.
    problem = why_not_serve(host, port)
    if problem:
        raise click.ClickException(problem)
    settings = _settings()
    # Both services are checked before anything is printed: a URL to open would be a false promise.
    _reach_redis(settings)
    _reach_database(settings, create=True)
    prepared = _run(lambda: _prepare(settings, demo, demo_contacts))
    click.echo(f"Database: {display_url(settings.database_url)}")
    if prepared.seeded:
        click.echo(f"Demo data loaded: {prepared.seeded['contacts']} contacts.")
    elif demo:
        click.echo(f"Demo data skipped: the database has {prepared.contacts} contacts already "
                   "(--demo loads demo data only into a database without contacts).")
    click.echo(f"Jobs: {'arq on ' + settings.redis_url if settings.redis_url else 'in-process (no REDIS_URL)'}")
    click.echo(f"GraphQL API and GraphiQL: http://{host}:{port}/graphql")
    if prepared.secret:
        click.echo(f"Dev API key with the scopes {', '.join(DEV_KEY_SCOPES)} (shown once; paste it into GraphiQL, "
                   f"or send it as 'Authorization: Bearer <key>'):\n{prepared.secret}")
    else:
        click.echo("API keys exist already (`segmentum api-key list`); the dev key was shown on the first start. "
                   f"A new key that can also run mutations: `{NEW_KEY_COMMAND}` (the key is the last line it prints).")
    if reload:
        # Reloading needs an import string; the factory reads the same environment.
        uvicorn.run("segmentum.app:create_app", factory=True, host=host, port=port, reload=True,
                    ws_max_size=MAX_BODY_BYTES, http=GUARDED_HTTP)
        return
    from segmentum.app import create_app

    # WebSocket messages are bounded as HTTP bodies (the app checks too; uvicorn then never buffers more).
    # Half-sent headers are not kept, oversized ones answered 431 (segmentum/http_protocol.py).
    uvicorn.run(create_app(settings), host=host, port=port, ws_max_size=MAX_BODY_BYTES, http=GUARDED_HTTP)


@dataclass
class Prepared:
    secret: str | None  # the dev key, when this start made it
    seeded: dict[str, Any] | None  # what the demo data set loaded, when it did
    contacts: int  # contacts in the database before the demo data


async def _prepare(settings: Settings, demo: bool, demo_contacts: int) -> Prepared:
    from segmentum.config.database import migrate as apply_migrations
    from segmentum.models.contacts import Contact
    from segmentum.models.demo.seed import seed as load_demo_data
    from segmentum.models.rules.api_keys import create_api_key
    from segmentum.models.system import ApiKey

    await apply_migrations(settings.database_url)
    async with _database(settings.database_url):
        secret = None
        if not await ApiKey.exists():
            _, secret = await create_api_key(DEV_KEY_NAME, DEV_KEY_SCOPES)
        contacts = await Contact.all().count() if demo else 0
        seeded = await load_demo_data(demo_contacts) if demo and contacts == 0 else None
        return Prepared(secret, seeded, contacts)


@cli.command()
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(burst: bool) -> None:
    """Run an arq worker for background jobs (needs REDIS_URL)."""
    if not os.environ.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set. The worker takes its jobs from Redis, e.g. REDIS_URL=redis://127.0.0.1:6379; "
            "without Redis, `segmentum serve` runs jobs in-process and no worker is needed."
        )
    import logging.config

    from arq.logs import default_log_config
    from arq.worker import run_worker
    from redis.exceptions import RedisError

    from segmentum.config.connectivity import describe_redis_error, redis_where

    settings = _settings()
    _reach_redis(settings)
    _reach_database(settings)
    from segmentum.worker import WorkerSettings, worker_options

    # As the `arq` command does: one line per job started and finished, on stderr.
    logging.config.dictConfig(default_log_config(verbose=False))
    try:
        run_worker(WorkerSettings, burst=burst, **worker_options(settings))  # type: ignore[arg-type]
    except (RedisError, OSError) as exc:
        # Redis went away while the worker ran: its jobs stay queued; a process manager restarts the worker.
        raise click.ClickException(describe_redis_error(exc, redis_where(settings.redis_url or "")) +
                                   " Start the worker again once it does.") from exc


# ---------------------------------------------------------------------------------------------- API keys
@cli.group("api-key")
def api_key() -> None:
    """Create, list and revoke API keys."""


@api_key.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True, type=click.Choice(["read", "write", "admin"]),
              help="A scope of the key; repeat for more.")
@click.option("--registered-documents-only", is_flag=True,
              help="The key runs only documents registered with `segmentum document register`, by their hash.")
def api_key_create(name: str, scopes: tuple[str, ...], registered_documents_only: bool) -> None:
    """Create a key; its secret is printed once, as the last line."""
    from segmentum.models.rules.api_keys import create_api_key

    settings = _settings()
    _reach_database(settings)

    async def work() -> tuple[Any, str]:
        async with _database(settings.database_url):
            return await create_api_key(name, scopes, registered_documents_only)

    key, secret = _run(work)
    only = ", registered documents only" if key.registered_documents_only else ""
    click.echo(f"Created API key {key.name!r} with scopes {', '.join(key.scopes)}{only}. Store the secret now:")
    click.echo(secret)


@api_key.command("list")
def api_key_list() -> None:
    """List the keys (never their secrets)."""
    from segmentum.models.rules.api_keys import list_api_keys

    settings = _settings()
    _reach_database(settings)

    async def work() -> list[Any]:
        async with _database(settings.database_url):
            return await list_api_keys()

    keys = _run(work)
    if not keys:
        click.echo("No API keys.")
        return
    rows = [("NAME", "PREFIX", "SCOPES", "DOCUMENTS", "CREATED", "LAST USED", "STATUS")]
    for key in keys:
        rows.append((
            key.name, key.prefix + "…", ",".join(key.scopes), "registered" if key.registered_documents_only else "any",
            _when(key.created_at), _when(key.last_used_at),
            "revoked " + _when(key.revoked_at) if key.revoked_at else "active",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@api_key.command("revoke")
@click.argument("name")
def api_key_revoke(name: str) -> None:
    """Revoke a key: requests with it are refused from now on."""
    from segmentum.models.rules.api_keys import revoke_api_key

    settings = _settings()
    _reach_database(settings)

    async def work() -> Any:
        async with _database(settings.database_url):
            return await revoke_api_key(name)

    key = _run(work)
    click.echo(f"Revoked API key {key.name!r}.")


@api_key.command("restrict")
@click.argument("name")
@click.option("--off", is_flag=True, help="Lift the restriction: the key may send any document again.")
def api_key_restrict(name: str, off: bool) -> None:
    """Restrict a key to the registered documents (a partner's allowlist)."""
    from segmentum.resolvers.api_keys import restrict

    settings = _settings()
    _reach_database(settings)

    async def work() -> Any:
        async with _database(settings.database_url):
            return await restrict(name, not off)

    key = _run(work)
    state = "runs registered documents only" if key.registered_documents_only else "may send any document"
    click.echo(f"API key {key.name!r} {state}.")


# ---------------------------------------------------------------------------------------------- documents
@cli.group("document")
def document() -> None:
    """Register the GraphQL documents that restricted keys may run (and that never leave the persisted cache)."""


@document.command("register")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, readable=True))
def document_register(files: tuple[str, ...]) -> None:
    """Register each FILE's text as one document, or each operation of an Apollo persisted-query manifest
    (JSON, from `generate-persisted-query-manifest`); prints each one's sha256Hash, as clients send it."""
    from pathlib import Path

    from segmentum.models.errors import DomainError
    from segmentum.resolvers.documents import manifest_operations, register

    settings = _settings()
    texts: list[tuple[str, str]] = []
    for f in files:
        text, name = Path(f).read_text(encoding="utf-8"), Path(f).name
        try:
            operations = manifest_operations(text, name)
        except DomainError as exc:
            raise click.ClickException(str(exc)) from exc
        texts.extend([(body, f"{op} ({name})") for body, op in operations] if operations is not None
                     else [(text, name)])
    _reach_database(settings)

    async def work() -> list[Any]:
        async with _database(settings.database_url):
            return [await register(text, name) for text, name in texts]

    for doc in _run(work):
        click.echo(f"{doc.sha256}  {doc.name}")


@document.command("list")
def document_list() -> None:
    """List the registered documents: hash and name."""
    from segmentum.resolvers.documents import documents

    settings = _settings()
    _reach_database(settings)

    async def work() -> list[Any]:
        async with _database(settings.database_url):
            return await documents()

    docs = _run(work)
    if not docs:
        click.echo("No registered documents.")
    for doc in docs:
        click.echo(f"{doc.sha256}  {doc.name}")


# ---------------------------------------------------------------------------------------------- schema
@cli.command("export-schema")
@click.option("--output", "-o", default="schema.graphql", show_default=True, help="File to write; '-' for stdout.")
def export_schema(output: str) -> None:
    """Write the GraphQL schema (SDL) as the code defines it."""
    from segmentum.schema.root import build_schema

    sdl = build_schema().as_str() + "\n"
    if output == "-":
        click.echo(sdl, nl=False)
        return
    Path(output).write_text(sdl, encoding="utf-8")
    click.echo(f"Wrote {output}.")


# ---------------------------------------------------------------------------------------------- helpers
def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def main() -> None:
    cli(prog_name="segmentum")


if __name__ == "__main__":
    main()
