"""Fuzzing the API with schemathesis (GraphQL mode) against a real uvicorn on PostgreSQL.

    python -m tests.fuzz.fuzz [--max-time 100] [--contacts 300] [--workers 2]

A fresh database gets the demo data, two segments with lines and saved criteria; the codes, numbers and global
IDs it holds become schemathesis's dictionary for every String and ID argument, so that generated queries
reach the database instead of stopping at "not found". Every Query and Mutation field is an operation;
the run fails (exit 1) on any HTTP 5xx or any error coded INTERNAL_SERVER_ERROR (`not_a_server_error`). The
limits that would stop a fuzzer early (rate, concurrency) are lifted for the run; every other limit holds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ADMIN_URL = os.environ.get("SEGMENTUM_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[2]  # the project, so that schemathesis can import tests.fuzz.scalars
EXPRESSIONS = ["*a*", "@*an*", "GENT|BRUGGE", "A..M", "<>''", "''", "CT0000*", "?E*", "RETAIL", "2026-01-01"]
# Tables whose business keys and global IDs go into the dictionary: (table, key column, GraphQL type).
KEYED = [
    ("contact", "no", "Contact"), ("salesperson", "code", "Salesperson"), ("territory", "code", "Territory"),
    ("industry_group", "code", "IndustryGroup"), ("business_relation", "code", "BusinessRelation"),
    ("mailing_group", "code", "MailingGroup"), ("job_responsibility", "code", "JobResponsibility"),
    ("interaction_group", "code", "InteractionGroup"), ("interaction_template", "code", "InteractionTemplate"),
    ("campaign", "no", "Campaign"), ("profile_questionnaire", "code", "ProfileQuestionnaire"),
    ("segment", "no", "Segment"), ("saved_segment_criteria", "code", "SavedSegmentCriteria"),
    ("logged_segment", "segment_no", "LoggedSegment"),
]
KEYS_PER_TABLE = 12


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def global_id(type_name: str, pk: int) -> str:
    import base64

    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return done.stdout


async def recreate(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(ADMIN_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(ADMIN_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def dictionary(url: str) -> tuple[list[str], list[int]]:
    """Strings (codes, numbers, global IDs, filter expressions) and integers (line numbers) of the data."""
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    strings: list[str] = list(EXPRESSIONS)
    integers: list[int] = [0, 1, 20, 100, 10000, 20000]
    try:
        for table, column, type_name in KEYED:
            rows = await conn.fetch(f"SELECT id, {column} AS key FROM {table} ORDER BY id LIMIT {KEYS_PER_TABLE}")
            for row in rows:
                strings += [str(row["key"]), global_id(type_name, row["id"])]
        for row in await conn.fetch(f"SELECT id, line_no FROM segment_line ORDER BY id LIMIT {KEYS_PER_TABLE}"):
            strings.append(global_id("SegmentLine", row["id"]))
            integers.append(int(row["line_no"]))
        for row in await conn.fetch("SELECT id FROM interaction_log_entry ORDER BY id LIMIT 5"):
            integers.append(int(row["id"]))  # the entry number
            strings.append(global_id("InteractionLogEntry", row["id"]))
        for row in await conn.fetch("SELECT line_no FROM profile_questionnaire_line ORDER BY id LIMIT 8"):
            integers.append(int(row["line_no"]))
    finally:
        await conn.close()
    return list(dict.fromkeys(strings)), list(dict.fromkeys(integers))


def config(strings: list[str], integers: list[int]) -> str:
    return "\n".join([
        "[dictionaries.data]",
        "values = " + json.dumps(strings),
        "[dictionaries.numbers]",
        "values = " + json.dumps(integers),
        "[generation.dictionaries.string]",
        'dictionary = "data"',
        "probability = 0.5",
        "[generation.dictionaries.integer]",
        'dictionary = "numbers"',
        "probability = 0.3",
    ]) + "\n"


async def prepare(client: httpx.AsyncClient) -> None:
    """Segments with lines, history and saved criteria, so that their IDs and numbers exist."""
    async def gql(query: str, **variables: Any) -> dict[str, Any]:
        body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
        assert "errors" not in body, body
        return body["data"]

    for n, city in enumerate(("GENT", "BRUGGE")):
        segment = (await gql('mutation { segmentCreate(input: {description: "Fuzz"}) { segment { id } } }'))[
            "segmentCreate"]["segment"]["id"]
        await gql("mutation($id: ID!, $c: String!) { segmentAddContacts(input: {segmentId: $id, criteria: "
                  "{contact: {city: {eq: $c}}}}) { linesAdded } }", id=segment, c=city)
        await gql('mutation($id: ID!, $code: String!) { segmentSaveCriteria(input: {segmentId: $id, code: $code, '
                  'description: "Fuzz"}) { userErrors { code } } }', id=segment, code=f"FUZZ{n}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-time", type=int, default=100)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/segmentum_fuzz_{os.getpid()}"
    asyncio.run(recreate(url))
    try:
        return fuzz(url, args.max_time, args.contacts, args.workers)
    finally:
        asyncio.run(drop(url))


async def started(endpoint: str, key: str, server: subprocess.Popen[bytes]) -> bool:
    """Waits for /healthz, then adds the segments; False when the server did not come up."""
    async with httpx.AsyncClient(base_url=endpoint, headers={"Authorization": f"Bearer {key}"},
                                 timeout=60) as client:
        deadline = time.monotonic() + 120
        while True:
            try:
                if (await client.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                return False
            await asyncio.sleep(0.3)
        await prepare(client)
    return True


def fuzz(url: str, max_time: int, contacts: int, workers: int) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update({"DATABASE_URL": url, "PYTHONUNBUFFERED": "1", "SEGMENTUM_RATE_LIMIT": "0",
                "SEGMENTUM_MAX_CONCURRENT_EXPENSIVE": "0"})
    run(sys.executable, "-m", "segmentum.cli", "migrate", env=env)
    run(sys.executable, "-m", "segmentum.cli", "seed", "--contacts", str(contacts), env=env)
    key = run(sys.executable, "-m", "segmentum.cli", "api-key", "create", "fuzz", "--scope", "admin",
              env=env).strip().splitlines()[-1]
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        # Deliveries of segments logged by the fuzz go to the temporary directory, not the working directory.
        env["SEGMENTUM_OUTBOX_DIR"] = str(Path(tmp) / "outbox")
        log = Path(tmp) / "uvicorn.log"
        with log.open("wb") as out:
            server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "segmentum.app:create_app",
                                       "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
                                      env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            if not asyncio.run(started(endpoint, key, server)):
                print(log.read_text()[-3000:])
                return 1
            strings, integers = asyncio.run(dictionary(url))
            config_file = Path(tmp) / "schemathesis.toml"
            config_file.write_text(config(strings, integers))
            report = Path(tmp) / "report"
            command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config_file), "run",
                       f"{endpoint}/graphql", "--checks", "not_a_server_error", "--max-time", str(max_time),
                       "--workers", str(workers), "-H", f"Authorization: Bearer {key}",
                       "--suppress-health-check", "all", "--request-timeout", "30", "--report", "ndjson",
                       "--report-dir", str(report), "--seed", "42", "--generation-database", "none"]
            print(f"schemathesis: {len(strings)} strings and {len(integers)} integers of seeded data", flush=True)
            # Run in the temporary directory: schemathesis keeps its own files where it runs. Its hooks give values
            # for the API's own scalars (tests/fuzz/scalars.py).
            hooks = {"SCHEMATHESIS_HOOKS": "tests.fuzz.scalars",
                     "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))}
            result = subprocess.run(command, env={**env, **hooks}, text=True, capture_output=True, cwd=tmp)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        print((result.stdout + result.stderr)[-6000:])
        server_log = log.read_text()
        internal = len(re.findall(r"Internal error in request", server_log))
        print(f"fuzz: {count_cases(report)} cases sent; {internal} internal errors in the server log; "
              f"schemathesis exit code {result.returncode}")
        if internal:
            print(server_log[-6000:])
        return 1 if result.returncode != 0 or internal else 0


def count_cases(report: Path) -> int:
    """Requests sent, from the ndjson report (one interaction per case)."""
    total = 0
    for path in report.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            total += line.count('"request"')
    return total


if __name__ == "__main__":
    sys.exit(main())
