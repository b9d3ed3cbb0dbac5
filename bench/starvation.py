"""Cheap requests under expensive load: /healthz and `{ viewer { name } }` latency against a real uvicorn while
API keys keep the server busy with aliased `segmentPreview` fields (wildcard name filters).

    python -m bench.starvation --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_100k \\
        [--seconds 30] [--keys 3] [--previews 8] [--port 8790] [--server-code OTHER_CHECKOUT]

The database is one `bench.generate` built (100,000 contacts). Phases, in one run:
  idle        the probes alone;
  case 3      the issue's case 3: --keys parallel requests of 30 aliased previews, sent again as soon as they
              are answered (refused by the cost budget now);
  allowed     the heaviest load the limits let through: --keys keys, each with the requests its concurrency
              limit allows, each of --previews aliased previews (under the cost budget), sent again as soon
              as answered.
The probes run every 100 ms in each phase; the table gives their median, 95th percentile and maximum, the
load's answers by status and code, and the previews computed per second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import httpx

PROBE_INTERVAL_S = 0.1


def preview_query(n: int) -> str:
    letters = "aeiounrst"
    return "{ " + " ".join(
        f'p{i}: segmentPreview(criteria: {{contact: {{name: {{expr: "@*{letters[i % len(letters)]}*"}}}}}}) '
        "{ count }" for i in range(n)) + " }"


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "segmentum.cli", *args], env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout


async def probe(client: httpx.AsyncClient, key: str, stop: asyncio.Event, out: dict[str, list[float]]) -> None:
    while not stop.is_set():
        for name, request in (("healthz", client.get("/healthz")),
                              ("viewer", client.post("/graphql", json={"query": "{ viewer { name } }"},
                                                     headers={"Authorization": f"Bearer {key}"}))):
            started = time.perf_counter()
            response = await request
            elapsed = (time.perf_counter() - started) * 1000
            ok = response.status_code == 200 and (name == "healthz" or "errors" not in response.json())
            out[name].append(elapsed if ok else float("inf"))
        await asyncio.sleep(PROBE_INTERVAL_S)


async def load(client: httpx.AsyncClient, key: str, query: str, stop: asyncio.Event, answers: Counter[str],
               previews: list[int]) -> None:
    while not stop.is_set():
        response = await client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {key}"})
        body: dict[str, Any] = response.json()
        codes = sorted({e.get("extensions", {}).get("code") for e in body.get("errors", [])})
        answers[f"{response.status_code} {','.join(c for c in codes if c) or 'ok'}"] += 1
        if body.get("data"):
            previews.append(sum(1 for v in body["data"].values() if v is not None))
        if response.status_code == 429:
            await asyncio.sleep(float(response.headers.get("retry-after", "1")))


async def phase(base: str, probe_key: str, loaders: list[tuple[str, str]], seconds: float) -> dict[str, Any]:
    stop = asyncio.Event()
    latencies: dict[str, list[float]] = {"healthz": [], "viewer": []}
    answers: Counter[str] = Counter()
    previews: list[int] = []
    limits = httpx.Limits(max_connections=100)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        tasks = [asyncio.create_task(load(client, key, query, stop, answers, previews)) for key, query in loaders]
        tasks.append(asyncio.create_task(probe(client, probe_key, stop, latencies)))
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)
    return {"latencies": latencies, "answers": answers, "previews_per_s": sum(previews) / seconds}


def summary(values: list[float]) -> str:
    finite = sorted(v for v in values if v != float("inf"))
    failed = len(values) - len(finite)
    if not finite:
        return f"all {failed} failed"
    p95 = finite[min(len(finite) - 1, int(len(finite) * 0.95))]
    text = f"{statistics.median(finite):7.1f} {p95:7.1f} {finite[-1]:7.1f}"
    return text + (f"  ({failed} failed)" if failed else "")


async def wait_ready(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(600):
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--keys", type=int, default=3)
    parser.add_argument("--previews", type=int, default=8)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--server-code", default=None,
                        help="serve the code of another checkout (e.g. an older commit's work tree) to compare")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update({"DATABASE_URL": args.database_url, "PYTHONUNBUFFERED": "1"})
    if args.server_code:
        env["PYTHONPATH"] = os.path.abspath(args.server_code)
    stamp = int(time.time())
    keys = [cli(env, "api-key", "create", f"bench-{stamp}-{n}", "--scope", "read").strip().splitlines()[-1]
            for n in range(args.keys + 1)]
    probe_key, load_keys = keys[0], keys[1:]
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "segmentum.app:create_app", "--host",
                               "127.0.0.1", "--port", str(args.port), "--no-access-log"], env=env,
                              cwd=args.server_code)
    base = f"http://127.0.0.1:{args.port}"
    try:
        asyncio.run(wait_ready(base))
        allowed = int(env.get("SEGMENTUM_MAX_CONCURRENT_EXPENSIVE", "2"))
        phases = {
            "idle": [],
            "case 3 (30 previews)": [(k, preview_query(30)) for k in load_keys],
            f"allowed ({args.previews} previews)": [(k, preview_query(args.previews)) for k in load_keys
                                                    for _ in range(max(1, allowed))],
        }
        print(f"{len(load_keys)} keys, {args.seconds:.0f} s per phase; latencies in ms: median p95 max")
        for name, loaders in phases.items():
            result = asyncio.run(phase(base, probe_key, loaders, args.seconds))
            print(f"\n{name}: {len(loaders)} loaders, {result['previews_per_s']:.1f} previews/s")
            for probe_name, values in result["latencies"].items():
                print(f"  {probe_name:8} {summary(values)}  (n={len(values)})")
            if result["answers"]:
                print("  load answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(result["answers"].items())))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        for n in range(args.keys + 1):
            cli(env, "api-key", "revoke", f"bench-{stamp}-{n}")


if __name__ == "__main__":
    main()
