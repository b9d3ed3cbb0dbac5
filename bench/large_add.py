"""One large Add over the API, as a client sends it: does it finish within the API's statement timeout?

    python -m bench.large_add --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--city GENT]
        [--statement-timeout-ms 60000]

On a generated base (bench/generate.py): a new segment, then `segmentAddContacts` of every contact of one city
(no widening, privacy and exclusion applied), through the whole HTTP stack (the app in-process with the API's
settings, its statement timeout included, an API key, a JSON body). Prints the candidates (`SELECT count(*)` of
the same contacts), the wall time, the lines added or the errors, and whether the action finished. The segment
and the key are removed afterwards. Exit code 1 when the Add did not add every candidate.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

import asyncpg
import httpx
from asgi_lifespan import LifespanManager

from bench.generate import DEFAULT_URL, asyncpg_url
from config.settings import Settings
from models.rules.api_keys import create_api_key
from models.system import ApiKey
from segmentum.app import create_app

KEY_NAME = "bench-large-add"
CANDIDATES = ("SELECT count(*) FROM contact c WHERE c.city = $1 AND NOT c.privacy_blocked "
              "AND NOT c.exclude_from_segment")
CREATE = "mutation { segmentCreate(input: {description: \"bench large add\"}) { segment { id no } } }"
ADD = ("mutation($i: SegmentAddContactsInput!) { segmentAddContacts(input: $i) { linesAdded skippedExcluded "
       "skippedPrivacyBlocked userErrors { code message field } } }")


async def post(client: httpx.AsyncClient, secret: str, query: str, variables: dict[str, Any] | None = None,
               ) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", headers={"Authorization": f"Bearer {secret}"},
                                 json={"query": query, "variables": variables or {}})
    return response.status_code, response.json()


async def main(url: str, city: str, timeout_ms: int) -> bool:
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        candidates = (await conn.fetch(CANDIDATES, city))[0][0]
        print(f"{contacts:,} contacts; {candidates:,} candidates in {city} ({CANDIDATES}); "
              f"statement timeout {timeout_ms:,} ms", flush=True)
        app = create_app(Settings(database_url=url, statement_timeout_ms=timeout_ms))
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
                    started = time.perf_counter()
                    add = {"segmentId": segment["id"], "criteria": {"contact": {"city": {"eq": city}}}}
                    status, body = await post(client, secret, ADD, {"i": add})
                    seconds = time.perf_counter() - started
                result = (body.get("data") or {}).get("segmentAddContacts") or {}
                print(f"segmentAddContacts: HTTP {status} after {seconds:.1f} s; "
                      f"linesAdded {result.get('linesAdded')}; userErrors {result.get('userErrors')}; "
                      f"errors {body.get('errors')}")
                lines = await conn.fetchval("SELECT count(*) FROM segment_line l JOIN segment s ON s.id = l.segment_id "
                                            "WHERE s.no = $1", segment_no)
                print(f"lines of the segment after the request: {lines:,}")
                return bool(result.get("linesAdded") == candidates == lines)
            finally:
                await ApiKey.filter(name=KEY_NAME).delete()
                if segment_no is not None:
                    started = time.perf_counter()
                    await conn.execute("DELETE FROM segment WHERE no = $1", segment_no)
                    print(f"segment removed in {time.perf_counter() - started:.1f} s")
    finally:
        await conn.close()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--city", default="GENT")
    parser.add_argument("--statement-timeout-ms", type=int, default=Settings().statement_timeout_ms)
    args = parser.parse_args()
    if not asyncio.run(main(args.database_url, args.city, args.statement_timeout_ms)):
        sys.exit(1)


if __name__ == "__main__":
    cli()
