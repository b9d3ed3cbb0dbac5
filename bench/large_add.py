"""One large Add (then its Go Back) over the API, as a client sends them: does the API answer within its statement
timeout, and does the work finish?

    python -m bench.large_add --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--city GENT]
        [--statement-timeout-ms 60000] [--redis-url redis://127.0.0.1:6379] [--action-job-threshold N]
        [--no-go-back]

On a generated base (bench/generate.py): a new segment, then `segmentAddContacts` of every contact of one city
(no widening, privacy and exclusion applied), through the whole HTTP stack (the app in-process with the API's
settings, its statement timeout included, an API key, a JSON body), then `segmentGoBack` of it. With Redis (the
default) a real `segmentum worker` process runs the jobs on a queue of this run's own, as in production: an
action whose estimated size is above SEGMENTUM_ACTION_JOB_THRESHOLD (`--action-job-threshold`, the setting's
default unless given) is answered at once with a SEGMENT_ACTION job, which the bench follows (its progress and
end, read every 0.25 s). Prints the candidates (`SELECT count(*)` of the same contacts), the time until the HTTP
answer, the time until the job ended, the lines added or the errors. The segment and the key are removed
afterwards. Exit code 1 when the Add did not add every candidate (or the Go Back did not remove them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from asgi_lifespan import LifespanManager

from bench.generate import DEFAULT_URL, asyncpg_url
from segmentum.app import create_app
from segmentum.config.settings import Settings
from segmentum.models.rules.api_keys import create_api_key
from segmentum.models.system import ApiKey

KEY_NAME = "bench-large-add"
CANDIDATES = ("SELECT count(*) FROM contact c WHERE c.city = $1 AND NOT c.privacy_blocked "
              "AND NOT c.exclude_from_segment")
CREATE = "mutation { segmentCreate(input: {description: \"bench large add\"}) { segment { id no } } }"
RESULT = "linesAdded linesRemoved skippedExcluded skippedPrivacyBlocked userErrors { code message field }"
ADD = (f"mutation($i: SegmentAddContactsInput!) {{ segmentAddContacts(input: $i) {{ {RESULT} "
       "job { id status } } }")
GO_BACK = f"mutation($i: SegmentRefInput!) {{ segmentGoBack(input: $i) {{ {RESULT} job {{ id status }} }} }}"
JOB = (f"query($id: ID!) {{ node(id: $id) {{ ... on Job {{ status progress error startedAt finishedAt "
       f"segmentAction {{ {RESULT} }} }} }} }}")
SEGMENTUM = str(Path(sys.executable).parent / "segmentum")
ROOT = Path(__file__).resolve().parents[1]


async def post(client: httpx.AsyncClient, secret: str, query: str, variables: dict[str, Any] | None = None,
               ) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", headers={"Authorization": f"Bearer {secret}"},
                                 json={"query": query, "variables": variables or {}})
    return response.status_code, response.json()


async def act(client: httpx.AsyncClient, secret: str, name: str, query: str, variables: dict[str, Any]
              ) -> dict[str, Any]:
    """Send one action; when it answers with a job, follow the job to its end. Prints and returns the outcome."""
    started = time.perf_counter()
    status, body = await post(client, secret, query, variables)
    answered = time.perf_counter() - started
    result = next(iter((body.get("data") or {}).values()), None) or {}
    job = result.get("job")
    print(f"{name}: HTTP {status} after {answered:.2f} s; job {'yes' if job else 'no'}; "
          f"linesAdded {result.get('linesAdded')} linesRemoved {result.get('linesRemoved')}; "
          f"userErrors {result.get('userErrors')}; errors {body.get('errors')}", flush=True)
    if not job:
        return result
    progress: list[str] = []
    while True:
        await asyncio.sleep(0.25)
        _, read = await post(client, secret, JOB, {"id": job["id"]})
        node = read["data"]["node"]
        seen = f"{node['status']} {node['progress']}"
        if not progress or progress[-1].split(" @")[0] != seen:
            progress.append(f"{seen} @{time.perf_counter() - started:.1f}s")
        if node["status"] in ("SUCCEEDED", "FAILED", "CANCELED"):
            break
    ended = time.perf_counter() - started
    outcome = node.get("segmentAction") or {}
    print(f"{name} job: {node['status']} {ended:.1f} s after the request (error {node['error']}); "
          f"linesAdded {outcome.get('linesAdded')} linesRemoved {outcome.get('linesRemoved')} "
          f"userErrors {outcome.get('userErrors')}\n  states: {'; '.join(progress)}", flush=True)
    return outcome


async def start_worker(url: str, redis_url: str, queue: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "SEGMENTUM_QUEUE": queue}
    return await asyncio.create_subprocess_exec(SEGMENTUM, "worker", cwd=ROOT, env=env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def main(url: str, city: str, timeout_ms: int, redis_url: str | None, go_back: bool) -> bool:
    conn = await asyncpg.connect(asyncpg_url(url))
    worker = None
    try:
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        candidates = (await conn.fetch(CANDIDATES, city))[0][0]
        print(f"{contacts:,} contacts; {candidates:,} candidates in {city} ({CANDIDATES}); "
              f"statement timeout {timeout_ms:,} ms; action job threshold "
              f"{Settings.from_env().action_job_threshold:,}; jobs {'on a worker' if redis_url else 'in-process'}",
              flush=True)
        if redis_url:
            os.environ["SEGMENTUM_QUEUE"] = queue = f"bench-large-add:{uuid.uuid4().hex[:8]}"
            worker = await start_worker(url, redis_url, queue)
        app = create_app(Settings(database_url=url, statement_timeout_ms=timeout_ms, redis_url=redis_url))
        async with LifespanManager(app) as manager:
            await ApiKey.filter(name=KEY_NAME).delete()
            _, secret = await create_api_key(KEY_NAME, ["read", "write"])
            segment_no = None
            try:
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=manager.app), base_url="http://bench",
                                             timeout=3600) as client:
                    _, created = await post(client, secret, CREATE)
                    segment = created["data"]["segmentCreate"]["segment"]
                    segment_no = segment["no"]
                    add = {"segmentId": segment["id"], "criteria": {"contact": {"city": {"eq": city}}}}
                    added = await act(client, secret, "segmentAddContacts", ADD, {"i": add})
                    lines = await conn.fetchval("SELECT count(*) FROM segment_line l JOIN segment s "
                                                "ON s.id = l.segment_id WHERE s.no = $1", segment_no)
                    print(f"lines of the segment after the Add: {lines:,}", flush=True)
                    ok = added.get("linesAdded") == candidates == lines
                    if go_back:
                        back = await act(client, secret, "segmentGoBack", GO_BACK, {"i": {"segmentId": segment["id"]}})
                        left = await conn.fetchval("SELECT count(*) FROM segment_line l JOIN segment s "
                                                   "ON s.id = l.segment_id WHERE s.no = $1", segment_no)
                        print(f"lines of the segment after the Go Back: {left:,}", flush=True)
                        ok = ok and back.get("linesRemoved") == candidates and left == 0
                return bool(ok)
            finally:
                await ApiKey.filter(name=KEY_NAME).delete()
                if segment_no is not None:
                    started = time.perf_counter()
                    await conn.execute("DELETE FROM segment WHERE no = $1", segment_no)
                    print(f"segment removed in {time.perf_counter() - started:.1f} s")
    finally:
        if worker is not None:
            worker.terminate()
            await worker.wait()
        await conn.close()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--city", default="GENT")
    parser.add_argument("--statement-timeout-ms", type=int, default=Settings().statement_timeout_ms)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379",
                        help="jobs go to a `segmentum worker` on this Redis; empty: in-process (under the timeout)")
    parser.add_argument("--action-job-threshold", type=int, default=None,
                        help="SEGMENTUM_ACTION_JOB_THRESHOLD for this run (default: the setting's)")
    parser.add_argument("--no-go-back", action="store_true", help="only the Add")
    args = parser.parse_args()
    if args.action_job_threshold is not None:
        os.environ["SEGMENTUM_ACTION_JOB_THRESHOLD"] = str(args.action_job_threshold)
    if not asyncio.run(main(args.database_url, args.city, args.statement_timeout_ms, args.redis_url or None,
                            not args.no_go_back)):
        sys.exit(1)


if __name__ == "__main__":
    cli()
