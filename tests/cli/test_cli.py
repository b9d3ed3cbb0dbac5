"""The `segmentum` command, run as a separate process against a fresh database."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from pathlib import Path

from tests.cli.conftest import ROOT, cli_env, query, run_cli, scalar, tables

TABLES = {"contact", "segment", "segment_line", "api_key", "job", "number_series", "interaction_log_entry"}


async def test_migrate_creates_the_tables_and_can_run_again(fresh_db: str) -> None:
    result = await run_cli(fresh_db, "migrate")
    assert result.code == 0, result.err
    assert "is up to date" in result.out
    assert TABLES <= await tables(fresh_db)

    again = await run_cli(fresh_db, "migrate")
    assert again.code == 0, again.err


async def test_seed_loads_companies_persons_and_independents_by_the_rules(fresh_db: str) -> None:
    result = await run_cli(fresh_db, "seed", "--contacts", "300")
    assert result.code == 0, result.err
    assert result.lines[-1].startswith("300 contacts, 30 companies, 270 persons")

    count = lambda where: scalar(fresh_db, f"SELECT COUNT(*) FROM contact WHERE {where}")  # noqa: E731
    assert await count("1 = 1") == 300
    assert await count("type = 'COMPANY'") == 30
    assert await count("type = 'COMPANY' AND company_id = id") == 30
    employed = await count("type = 'PERSON' AND company_id IS NOT NULL")
    independent = await count("type = 'PERSON' AND company_id IS NULL")
    assert employed + independent == 270
    assert employed > independent > 0
    # Persons belong to companies, never to other persons.
    assert await scalar(fresh_db, (
        "SELECT COUNT(*) FROM contact p JOIN contact c ON c.id = p.company_id "
        "WHERE p.type = 'PERSON' AND (c.type <> 'COMPANY' OR p.company_name <> c.name)"
    )) == 0
    # Business relations and industry groups on companies only; job responsibilities on persons only.
    for table, only in (("contact_business_relation", "COMPANY"), ("contact_industry_group", "COMPANY"),
                        ("contact_job_responsibility", "PERSON")):
        kinds = await query(fresh_db, f"SELECT DISTINCT c.type FROM {table} l JOIN contact c ON c.id = l.contact_id")
        assert kinds == [(only,)], table
    assert await scalar(fresh_db, "SELECT last_no FROM number_series WHERE code = 'CONTACT'") == 300


async def test_seed_refuses_a_database_that_has_contacts(migrated_db: str) -> None:
    assert (await run_cli(migrated_db, "seed", "--contacts", "20")).code == 0
    again = await run_cli(migrated_db, "seed", "--contacts", "20")
    assert again.code == 1
    assert "already has 20 contacts" in again.err
    assert await scalar(migrated_db, "SELECT COUNT(*) FROM contact") == 20


async def test_api_key_create_list_and_revoke(migrated_db: str) -> None:
    assert (await run_cli(migrated_db, "migrate")).code == 0
    created = await run_cli(migrated_db, "api-key", "create", "partner-x", "--scope", "read", "--scope", "write")
    assert created.code == 0, created.err
    secret = created.lines[-1]
    assert secret.startswith("sgm_") and " " not in secret

    listed = await run_cli(migrated_db, "api-key", "list")
    assert listed.code == 0, listed.err
    assert "partner-x" in listed.out and "read,write" in listed.out and "active" in listed.out
    assert secret not in listed.out

    duplicate = await run_cli(migrated_db, "api-key", "create", "partner-x", "--scope", "read")
    assert duplicate.code == 1 and "already exists" in duplicate.err

    revoked = await run_cli(migrated_db, "api-key", "revoke", "partner-x")
    assert revoked.code == 0, revoked.err
    assert "revoked" in (await run_cli(migrated_db, "api-key", "list")).out
    assert await scalar(migrated_db, "SELECT COUNT(*) FROM api_key WHERE revoked_at IS NOT NULL") == 1

    missing = await run_cli(migrated_db, "api-key", "revoke", "nobody")
    assert missing.code == 1 and "'nobody' does not exist" in missing.err


async def test_a_key_is_restricted_to_the_registered_documents_and_documents_are_registered(
        migrated_db: str, tmp_path: Path) -> None:
    assert (await run_cli(migrated_db, "migrate")).code == 0
    created = await run_cli(migrated_db, "api-key", "create", "partner-y", "--scope", "read",
                            "--registered-documents-only")
    assert created.code == 0, created.err
    assert "registered documents only" in created.out
    assert await scalar(migrated_db, "SELECT COUNT(*) FROM api_key WHERE registered_documents_only") == 1
    lifted = await run_cli(migrated_db, "api-key", "restrict", "partner-y", "--off")
    assert lifted.code == 0 and "may send any document" in lifted.out
    assert await scalar(migrated_db, "SELECT COUNT(*) FROM api_key WHERE registered_documents_only") == 0
    assert (await run_cli(migrated_db, "api-key", "restrict", "partner-y")).code == 0
    assert "registered" in (await run_cli(migrated_db, "api-key", "list")).out

    document = tmp_path / "viewer.graphql"
    document.write_text("query Viewer { viewer { name } }\n")
    registered = await run_cli(migrated_db, "document", "register", str(document))
    assert registered.code == 0, registered.err
    sha = registered.lines[-1].split()[0]
    assert sha == hashlib.sha256(document.read_bytes()).hexdigest()
    assert sha in (await run_cli(migrated_db, "document", "list")).out
    broken = tmp_path / "broken.graphql"
    broken.write_text("query {")
    refused = await run_cli(migrated_db, "document", "register", str(broken))
    assert refused.code == 1 and "does not parse" in refused.err


async def test_api_key_create_needs_a_known_scope(fresh_db: str) -> None:
    result = await run_cli(fresh_db, "api-key", "create", "x", "--scope", "root")
    assert result.code == 2
    assert "root" in result.err


async def test_export_schema_writes_the_sdl_of_the_code(fresh_db: str, tmp_path: Path) -> None:
    from segmentum.schema.root import build_schema

    target = tmp_path / "schema.graphql"
    result = await run_cli(fresh_db, "export-schema", "--output", str(target))
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8") == build_schema().as_str() + "\n"

    workdir = tmp_path / "project"
    workdir.mkdir()
    default = await run_cli(fresh_db, "export-schema", cwd=workdir)
    assert default.code == 0, default.err
    assert (workdir / "schema.graphql").read_text(encoding="utf-8") == build_schema().as_str() + "\n"


async def test_worker_without_redis_says_what_is_missing(fresh_db: str) -> None:
    result = await run_cli(fresh_db, "worker", "--burst")
    assert result.code == 1
    assert "REDIS_URL is not set" in result.err


async def test_a_manifest_whose_ids_are_not_the_hashes_of_their_bodies_is_refused(migrated_db: str,
                                                                                  tmp_path: Path) -> None:
    body = "query Contacts { contacts(first: 1) { nodes { no __typename } __typename } }"
    good = {"id": hashlib.sha256(body.encode()).hexdigest(), "name": "Contacts", "type": "query", "body": body}
    manifest = tmp_path / "persisted-query-manifest.json"
    manifest.write_text(json.dumps({"format": "apollo-persisted-query-manifest", "version": 1,
                                    "operations": [{**good, "id": "0" * 64}]}))
    refused = await run_cli(migrated_db, "document", "register", str(manifest))
    assert refused.code == 1
    assert "the id of operation Contacts is not the sha256 of its body" in refused.err
    manifest.write_text(json.dumps({"format": "something-else"}))
    assert "is JSON but not an Apollo persisted-query manifest" in (
        await run_cli(migrated_db, "document", "register", str(manifest))).err
    manifest.write_text(json.dumps({"format": "apollo-persisted-query-manifest", "version": 1,
                                    "operations": [good]}))
    assert (await run_cli(migrated_db, "migrate")).code == 0
    registered = await run_cli(migrated_db, "document", "register", str(manifest))
    assert registered.lines == [f"{good['id']}  Contacts (persisted-query-manifest.json)"]
    assert await scalar(migrated_db, "SELECT document FROM registered_document") == body


# Run in one process, the way `segmentum` runs each command: what the command imported, beside what it printed.
IMPORTED_BY = """
import sys
from segmentum.cli import cli
for args in sys.argv[1:]:
    cli.main(args.split(), prog_name="segmentum", standalone_mode=False)
    print("IMPORTED", args, sorted(m for m in ("strawberry", "graphql", "uvicorn", "starlette", "tortoise",
                                              "segmentum.models", "segmentum.schema.root", "segmentum.app")
                                   if m in sys.modules))
"""


async def test_each_command_imports_only_the_layers_it_uses(migrated_db: str) -> None:
    """Every command is a process of its own: help imports no layer, an API key command the models but no
    GraphQL nor web server (the schema's types alone cost seconds of CPU to import)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", IMPORTED_BY, "--help", "api-key --help", "api-key list", cwd=ROOT,
        env=cli_env(migrated_db), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    async with asyncio.timeout(120):
        out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    imported = [line for line in out.decode().splitlines() if line.startswith("IMPORTED")]
    assert imported == [
        "IMPORTED --help []",
        "IMPORTED api-key --help []",
        "IMPORTED api-key list ['segmentum.models', 'tortoise']",
    ], out.decode()
    assert "Usage: segmentum [OPTIONS] COMMAND" in out.decode() and "No API keys." in out.decode()
