"""GraphQL reads (SPEC §5): a 100-contact page with company, salesperson, industry groups and statistics,
over HTTP, against a hand-written Starlette endpoint (bench/reads_handwritten.py) returning the same JSON.

    python -m bench.reads --database-url postgres://postgres@127.0.0.1:5432/segmentum_reads \
        [--contacts 20000] [--requests 200] [--runs 3] [--pages 5] [--sizes 100,10] [--no-fail]

The database is dropped, recreated, migrated and loaded with the demo data (models.demo.seed). Both apps run
as real uvicorn processes on free local ports; one httpx client sends them the same pages (`after` cursors),
one request at a time, rotating among three sides, for pages of 100 and of 10 contacts: Segmentum with the
query text (ad hoc), Segmentum with the query's hash only (a persisted query, as Apollo's PersistedQueryLink
sends it once the document is known: answered from its compiled plan), and the hand-written endpoint. Every
page is first checked to come back as the same bytes from all three. The SQL statements of one Segmentum
request are counted in-process at the driver for pages of 10 and 100, both ways. Each figure is the median of
`--runs` runs (each the median of `--requests` requests per side). Exit code 1 when a ratio exceeds its target
(persisted 1.5, ad hoc 3) or a statement count depends on the page size, unless --no-fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from asgi_lifespan import LifespanManager
from tortoise import Tortoise

from bench import reads_handwritten
from bench.reads_handwritten import pool_url
from segmentum.app import create_app
from segmentum.config.database import migrate, tortoise_config
from segmentum.config.settings import Settings
from segmentum.models.demo.seed import seed
from segmentum.models.rules.api_keys import create_api_key
from segmentum.resolvers.documents import document_hash

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/segmentum_reads"
TARGETS = {"persisted": 1.5, "ad hoc": 3.0}
ROOT = Path(__file__).resolve().parent.parent
NODES = """nodes { no name type city company { no name } salesperson { code name }
  industryGroups { code description }
  statistics { noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted } }"""
QUERY = "query($first: Int!, $after: String) { contacts(first: $first, after: $after) { " + NODES + " } }"
CURSORS = "query($after: String) { contacts(first: 100, after: $after) { pageInfo { endCursor } nodes { no } } }"


@dataclass
class Page:
    cursor: str | None  # Segmentum's `after`
    after_no: str | None  # the hand-written endpoint's `after`: the last contact number of the previous page


@dataclass
class Side:
    name: str
    ms: list[float] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.ms)

    def p95(self) -> float:
        return statistics.quantiles(self.ms, n=20, method="inclusive")[18]


async def run_sql(url: str, *statements: str) -> None:
    conn = await asyncpg.connect(pool_url(url))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def prepare(url: str, contacts: int) -> tuple[str, dict[str, tuple[int, int]]]:
    """A fresh database with the demo data and a read key; returns the key's secret and the statement counts."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    await run_sql(urlunsplit(parts._replace(path="/postgres")), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                  f'CREATE DATABASE "{name}"')
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    try:
        started = time.perf_counter()
        summary = await seed(contacts=contacts)
        print(f"Loaded {summary['contacts']} contacts, {summary['interactions']} interactions "
              f"in {time.perf_counter() - started:.1f} s")
        _, secret = await create_api_key("bench-reads", ["read"])
        counts = await count_statements(url, secret)
    finally:
        await Tortoise.close_connections()
    await run_sql(url, "VACUUM ANALYZE")
    return secret, counts


# Every way asyncpg sends a statement; asyncpg's pool also sends this reset when a connection goes back to it.
DRIVER_METHODS = ("execute", "executemany", "fetch", "fetchrow", "fetchval")
POOL_RESET = "SELECT pg_advisory_unlock_all()"


async def statements_of(app: Any, path: str, secret: str, **request: Any) -> tuple[int, int]:
    """Statements sent to PostgreSQL while `app` (in-process, its lifespan run) answers one request, after
    one unmeasured request (the API key's last use is recorded at most once a minute), and the pool's
    resets among them (each one more round trip)."""
    seen: list[str] = []
    originals = {name: getattr(asyncpg.connection.Connection, name) for name in DRIVER_METHODS}

    def counted(original: Any) -> Any:
        async def wrapper(self: Any, query: Any, *args: Any, **kw: Any) -> Any:
            seen.append(str(query))
            return await original(self, query, *args, **kw)
        return wrapper

    headers = {"Authorization": f"Bearer {secret}", "Accept": "application/json"}
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            (await client.request(url=path, headers=headers, **request)).raise_for_status()
            try:
                for name, original in originals.items():
                    setattr(asyncpg.connection.Connection, name, counted(original))
                response = await client.request(url=path, headers=headers, **request)
            finally:
                for name, original in originals.items():
                    setattr(asyncpg.connection.Connection, name, original)
            response.raise_for_status()
            assert "errors" not in response.json(), response.text
    resets = len([s for s in seen if s.lstrip().startswith(POOL_RESET)])
    return len(seen) - resets, resets


PERSISTED = {"persistedQuery": {"version": 1, "sha256Hash": document_hash(QUERY)}}


async def count_statements(url: str, secret: str) -> dict[str, tuple[int, int]]:
    ours = create_app(Settings(database_url=url), manage_database=False)
    counts: dict[str, tuple[int, int]] = {}
    # Stores the document with its hash; the counted requests then send the hash alone.
    await statements_of(ours, "/graphql", secret, method="POST",
                        json={"query": QUERY, "variables": {"first": 1}, "extensions": PERSISTED})
    for n in (10, 100):
        counts[f"ours_{n}"] = await statements_of(ours, "/graphql", secret, method="POST",
                                                  json={"query": QUERY, "variables": {"first": n}})
        counts[f"persisted_{n}"] = await statements_of(ours, "/graphql", secret, method="POST",
                                                       json={"variables": {"first": n}, "extensions": PERSISTED})
    counts["hand_100"] = await statements_of(reads_handwritten.create_app(url), "/contacts", secret, method="GET")
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(factory: str, url: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = url
    # The rate is counted as in production, with a limit this sequential client never reaches.
    env["SEGMENTUM_RATE_LIMIT"] = "1000000"
    cmd = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def wait_ready(client: httpx.AsyncClient, base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if (await client.get(f"{base}/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{base} did not start (see its output above)")


def canonical(body: bytes) -> str:
    """The JSON text without insignificant whitespace; key order, list order and value types are kept."""
    return json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False)


class Bench:
    def __init__(self, client: httpx.AsyncClient, ours: str, hand: str, secret: str) -> None:
        self.client, self.ours, self.hand = client, ours, hand
        self.headers = {"Authorization": f"Bearer {secret}", "Accept": "application/json"}

    async def graphql(self, query: str | None, variables: dict[str, Any],
                      extensions: dict[str, Any] | None = None) -> httpx.Response:
        body: dict[str, Any] = {"variables": variables}
        if query is not None:
            body["query"] = query
        if extensions is not None:
            body["extensions"] = extensions
        response = await self.client.post(f"{self.ours}/graphql", json=body, headers=self.headers)
        response.raise_for_status()
        return response

    async def handwritten(self, page: Page, first: int) -> httpx.Response:
        params = {"first": str(first), **({"after": page.after_no} if page.after_no else {})}
        response = await self.client.get(f"{self.hand}/contacts", params=params, headers=self.headers)
        response.raise_for_status()
        return response

    async def pages(self, count: int) -> list[Page]:
        pages = [Page(None, None)]
        while len(pages) < count:
            data = (await self.graphql(CURSORS, {"after": pages[-1].cursor})).json()["data"]["contacts"]
            if not data["nodes"]:
                break
            pages.append(Page(data["pageInfo"]["endCursor"], data["nodes"][-1]["no"]))
        return pages

    async def persist(self) -> None:
        """The document once with its hash (as PersistedQueryLink does after PersistedQueryNotFound)."""
        await self.graphql(QUERY, {"first": 1}, PERSISTED)

    async def send(self, side: str, page: Page, first: int) -> httpx.Response:
        variables = {"first": first, "after": page.cursor}
        if side == "ad hoc":
            return await self.graphql(QUERY, variables)
        if side == "persisted":
            return await self.graphql(None, variables, PERSISTED)
        return await self.handwritten(page, first)

    async def check_same(self, page: Page, first: int) -> None:
        """The three answers are the same bytes (the hand-written one after whitespace is normalised)."""
        ad_hoc = (await self.send("ad hoc", page, first)).content
        persisted = (await self.send("persisted", page, first)).content
        hand = canonical((await self.handwritten(page, first)).content)
        assert len(json.loads(ad_hoc)["data"]["contacts"]["nodes"]) == first, "a short page proves less"
        assert persisted == ad_hoc, f"the persisted answer differs for {first} after {page.after_no}"
        assert canonical(ad_hoc) == hand, (f"the answers differ for {first} after {page.after_no}:\n"
                                           f"{ad_hoc[:600]!r}\n{hand[:600]}")

    async def timed(self, side: Side, page: Page, first: int) -> None:
        started = time.perf_counter()
        response = await self.send(side.name, page, first)
        side.ms.append((time.perf_counter() - started) * 1000)
        assert len(response.content) > 100 * first


SIDES = ("ad hoc", "persisted", "hand-written")


@dataclass
class Run:
    size: int
    sides: dict[str, Side]

    def ratio(self, side: str) -> float:
        return self.sides[side].median() / self.sides["hand-written"].median()


async def measure(url: str, secret: str, args: argparse.Namespace) -> tuple[list[Run], int]:
    ours_port, hand_port = free_port(), free_port()
    procs = [start("segmentum.app:create_app", url, ours_port)]
    try:
        procs.append(start("bench.reads_handwritten:create_app", url, hand_port))
        async with httpx.AsyncClient(timeout=30) as client:
            bench = Bench(client, f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{hand_port}", secret)
            await wait_ready(client, bench.ours, procs[0])
            await wait_ready(client, bench.hand, procs[1])
            await bench.persist()
            pages = await bench.pages(args.pages)
            runs = []
            for size in args.sizes:
                for page in pages:
                    await bench.check_same(page, size)
            for _ in range(args.runs):
                for size in args.sizes:
                    sides = {name: Side(name) for name in SIDES}
                    for i in range(args.warmup + args.requests):
                        page = pages[i % len(pages)]
                        # Rotate which side goes first, so that none always follows another.
                        for k in range(len(SIDES)):
                            await bench.timed(sides[SIDES[(i + k) % len(SIDES)]], page, size)
                    for side in sides.values():
                        del side.ms[: args.warmup]
                    runs.append(Run(size, sides))
            return runs, len(pages)
    finally:
        for proc in procs:
            stop(proc)


def report(args: argparse.Namespace, runs: list[Run], pages: int, counts: dict[str, tuple[int, int]]) -> bool:
    print(f"\nGraphQL reads: {args.contacts} contacts, {pages} pages (after cursors), {args.runs} runs of "
          f"{args.requests} sequential requests per side and page size after {args.warmup} warm-up, rotating sides")
    ok = True
    for size in args.sizes:
        mine = [run for run in runs if run.size == size]
        print(f"\npages of {size:<6}" + "".join(f"{'run ' + str(i + 1) + ' median ms':>18}" for i in range(len(mine)))
              + f"{'median of runs':>16}")
        for side in SIDES:
            medians = [run.sides[side].median() for run in mine]
            print(f"{side:<14}" + "".join(f"{m:>18.2f}" for m in medians) + f"{statistics.median(medians):>16.2f}")
        for side, target in TARGETS.items():
            ratios = [run.ratio(side) for run in mine]
            ratio = statistics.median(ratios)
            met = ratio <= target
            ok = ok and met
            print(f"{'ratio ' + side:<14}" + "".join(f"{r:>18.2f}" for r in ratios) + f"{ratio:>16.2f}"
                  f"   target <= {target:g}: {'met' if met else 'MISSED'}")

    def shown(name: str) -> str:
        statements, resets = counts[name]
        return f"{statements} (+{resets} pool resets)"

    print(f"\nSQL statements per request (API key check included): ad hoc first: 10 -> {shown('ours_10')}, "
          f"first: 100 -> {shown('ours_100')}; persisted first: 10 -> {shown('persisted_10')}, first: 100 -> "
          f"{shown('persisted_100')}; hand-written first: 100 -> {shown('hand_100')}")
    constant = (counts["ours_10"][0] == counts["ours_100"][0]
                and counts["persisted_10"][0] == counts["persisted_100"][0])
    ok = ok and constant
    print("OK" if ok else f"FAILED (statement count {'constant' if constant else 'depends on the page size'})")
    return ok


async def main(args: argparse.Namespace) -> bool:
    secret, counts = await prepare(args.database_url, args.contacts)
    runs, pages = await measure(args.database_url, secret, args)
    return report(args, runs, pages, counts)


def page_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or any(not 1 <= size <= 100 for size in sizes):
        raise argparse.ArgumentTypeError(f"page sizes are between 1 and 100, got {text!r}")
    return sizes


def cli() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reads", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="dropped and recreated")
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per side, run and size")
    parser.add_argument("--runs", type=int, default=3, help="runs; each figure is the median of the runs' medians")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per side first")
    parser.add_argument("--pages", type=int, default=5, help="distinct pages the requests cycle through")
    parser.add_argument("--sizes", type=page_sizes, default=[100, 10],
                        help="page sizes to measure, comma-separated (each at most 100)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    args = parser.parse_args()
    ok = asyncio.run(main(args))
    sys.exit(0 if ok or args.no_fail else 1)


if __name__ == "__main__":
    cli()
