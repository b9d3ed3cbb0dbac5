"""`segmentPreview` over the API against the statements a hand-written preview would run, in the same run.

    python -m bench.preview --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench [--repeat 5]
        [--no-fail]

On a generated base (bench/generate.py), for two criteria: one city (CITY, about a tenth of the contacts) and
two sources (the worksheet bench's Add criteria: four cities and two industry groups of the company). Per
criteria, three requests, sent through the whole HTTP stack (the app in-process, an API key, a JSON body):

- count:          segmentPreview(criteria: $c) { count }
- sample:         segmentPreview(criteria: $c) { sample { no name } }      (the first page: 20 contacts)
- count + sample: both fields in one request

and two yardsticks on a plain asyncpg connection (the statements are printed as run):

- COUNT: `SELECT count(*) FROM contact c WHERE <criteria> AND NOT c.privacy_blocked AND NOT
  c.exclude_from_segment`, the criteria written by hand;
- TOP-N: the same candidates, `LEFT JOIN contact co ON co.id = c.company_id`, `ORDER BY` an Add's line order
  `LIMIT 20`.

Sides take turns, after `--warmup` unmeasured rounds; each figure is the median of `--repeat` runs. Target: count
at most 1.5 × COUNT, sample at most 1.5 × TOP-N, count + sample at most 1.5 × (COUNT + TOP-N). Every answer is
checked against the yardsticks (the same count, the same contacts in the same order). Exit code 1 above a target,
unless --no-fail.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
from asgi_lifespan import LifespanManager

from bench.generate import DEFAULT_URL, asyncpg_url
from bench.operations import ADD_CRITERIA, CITIES, INDUSTRIES
from segmentum.app import create_app
from segmentum.config.settings import Settings
from segmentum.models.rules.api_keys import create_api_key
from segmentum.models.system import ApiKey

TARGET = 1.5
CITY = "ANTWERPEN"
KEY_NAME = "bench-preview"
PAGE = 20

PRIVACY = "NOT c.privacy_blocked AND NOT c.exclude_from_segment"
LINE_ORDER = "COALESCE(c.company_name, ''), COALESCE(co.no, ''), c.type, c.name, c.no"


@dataclass(frozen=True)
class Case:
    label: str
    criteria: dict[str, Any]  # as GraphQL variables (camelCase, enums by name)
    where: str  # the same candidates, by hand, on contact row c
    args: tuple[Any, ...]

    @property
    def count_sql(self) -> str:
        return f"SELECT count(*) FROM contact c WHERE {self.where} AND {PRIVACY}"

    @property
    def top_n_sql(self) -> str:
        return (f"SELECT c.no, c.name FROM contact c LEFT JOIN contact co ON co.id = c.company_id "
                f"WHERE {self.where} AND {PRIVACY} ORDER BY {LINE_ORDER} LIMIT {PAGE}")


CASES = (
    Case("one city", {"contact": {"city": {"eq": CITY}}}, "c.city = $1", (CITY,)),
    Case("two sources",
         {"contact": {"city": {"expr": ADD_CRITERIA["contact"]["city"]["expr"]}},
          "industryGroup": {"code": {"in": INDUSTRIES}}},
         "c.city IN ($1, $2, $3, $4) AND EXISTS (SELECT 1 FROM contact_industry_group ci "
         "JOIN industry_group g ON g.id = ci.industry_group_id WHERE ci.contact_id = c.company_id "
         "AND g.code IN ($5, $6))",
         (*CITIES, *INDUSTRIES)),
)

QUERIES = {
    "count": "query($c: ContactCriteria!) { segmentPreview(criteria: $c) { count } }",
    "sample": "query($c: ContactCriteria!) { segmentPreview(criteria: $c) { sample { no name } } }",
    "count + sample": "query($c: ContactCriteria!) { segmentPreview(criteria: $c) { count sample { no name } } }",
}
YARDSTICK = {"count": ("COUNT",), "sample": ("TOP-N",), "count + sample": ("COUNT", "TOP-N")}


@dataclass
class Measured:
    case: Case
    ms: dict[str, list[float]] = field(default_factory=dict)

    def median(self, side: str) -> float:
        return statistics.median(self.ms[side])

    def ratio(self, request: str) -> float:
        return self.median(request) / sum(self.median(y) for y in YARDSTICK[request])


async def timed(run: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await run()
    return (time.perf_counter() - started) * 1000, result


async def measure(client: httpx.AsyncClient, secret: str, conn: asyncpg.Connection, case: Case, repeat: int,
                  warmup: int) -> Measured:
    headers = {"Authorization": f"Bearer {secret}", "Accept": "application/json"}

    def request(query: str) -> Callable[[], Awaitable[dict[str, Any]]]:
        async def send() -> dict[str, Any]:
            response = await client.post("/graphql", headers=headers,
                                         json={"query": query, "variables": {"c": case.criteria}})
            body = response.json()
            if response.status_code != 200 or "errors" in body:
                raise SystemExit(f"{case.label}: {response.status_code} {response.text[:500]}")
            return dict(body["data"]["segmentPreview"])
        return send

    sides: dict[str, Callable[[], Awaitable[Any]]] = {
        # fetch, not fetchval: asyncpg's fetchval asks for one row at most, and PostgreSQL runs no parallel
        # workers for a portal executed with a row limit (the count would take twice as long).
        "COUNT": lambda: conn.fetch(case.count_sql, *case.args),
        "TOP-N": lambda: conn.fetch(case.top_n_sql, *case.args),
        **{name: request(query) for name, query in QUERIES.items()},
    }
    m = Measured(case, {side: [] for side in sides})
    expected: dict[str, Any] = {}
    for round_no in range(warmup + repeat):
        for side, run in sides.items():
            ms, result = await timed(run)
            if side == "COUNT":
                expected["count"] = result[0][0]
            elif side == "TOP-N":
                expected["sample"] = [{"no": r["no"], "name": r["name"]} for r in result]
            else:
                wanted = {k: expected[k] for k in result}
                if result != wanted:
                    raise SystemExit(f"{case.label} {side}: {result} differs from the yardstick's {wanted}")
            if round_no >= warmup:
                m.ms[side].append(ms)
    return m


def report(results: list[Measured], contacts: int) -> list[str]:
    print(f"\n{contacts:,} contacts; medians in ms (target: each ratio at most {TARGET})")
    for m in results:
        print(f"\n{m.case.label}: COUNT {m.median('COUNT'):.0f} ms, TOP-N {m.median('TOP-N'):.0f} ms")
        print(f"  COUNT: {m.case.count_sql}   {list(m.case.args)}")
        print(f"  TOP-N: {m.case.top_n_sql}")
        for request in QUERIES:
            runs = " ".join(f"{v:.0f}" for v in m.ms[request])
            print(f"  {request:<15} {m.median(request):7.0f} ms  ratio {m.ratio(request):.2f} "
                  f"(against {' + '.join(YARDSTICK[request])}; runs {runs})")
    return [f"{m.case.label} {r}" for m in results for r in QUERIES if m.ratio(r) > TARGET]


async def main(url: str, repeat: int, warmup: int) -> list[str]:
    app = create_app(Settings(database_url=url))
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        contacts = await conn.fetchval("SELECT count(*) FROM contact")
        async with LifespanManager(app) as manager:
            await ApiKey.filter(name=KEY_NAME).delete()
            _, secret = await create_api_key(KEY_NAME, ["read"])
            try:
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:
                    results = []
                    for case in CASES:
                        m = await measure(client, secret, conn, case, repeat, warmup)
                        print(f"  {case.label}: measured", flush=True)
                        results.append(m)
            finally:
                await ApiKey.filter(name=KEY_NAME).delete()
        return report(results, contacts)
    finally:
        await conn.close()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per side and criteria")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs per side before those")
    parser.add_argument("--no-fail", action="store_true", help="report only; exit 0 even above the target")
    args = parser.parse_args()
    over = asyncio.run(main(args.database_url, max(1, args.repeat), max(0, args.warmup)))
    if over and not args.no_fail:
        print(f"above the {TARGET} target: {', '.join(over)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    cli()
