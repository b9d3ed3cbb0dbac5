"""A hand-written attack against a real uvicorn on PostgreSQL and Redis: what a generic fuzzer does not send.

    python -m tests.fuzz.attack [--seconds 60] [--max-rss-mb 500] [--max-health-s 1.0]

For a bounded time, at once: documents whose validation is quadratic (620 overlapping `contacts` fields),
distinct documents of nearly 1 MB (caches), criteria filters of 834 case-insensitive ranges (cheap-costed
scans), and every jobUpdated subscription two keys' sockets may open. Meanwhile /healthz is asked every 0.2 s;
the run fails (exit 1) if it ever takes longer than --max-health-s, fails, or the server's resident memory
grows past --max-rss-mb.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

from tests.fuzz.fuzz import ADMIN_URL, drop, free_port, recreate, run

OVERLAPPING = "{ a: __typename " + " ".join(["contacts { nodes { id } }"] * 620) + " }"
RANGES = "|".join(["@a..b"] * 834)
SCAN = "query($e: String!) { contacts(first: 5, filter: {contact: {name: {expr: $e}}}) { nodes { id } } }"
SUBSCRIBE = "subscription($id: ID!) { jobUpdated(id: $id) { id status progress } }"


class Watch:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.worst_health = 0.0
        self.health_failures = 0
        self.peak_rss_mb = 0.0
        self.sent: dict[str, int] = {}

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


async def health(client: httpx.AsyncClient, watch: Watch, until: float) -> None:
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            ok = (await client.get("/healthz", timeout=10)).status_code == 200
        except httpx.HTTPError:
            ok = False
        watch.worst_health = max(watch.worst_health, time.monotonic() - started)
        watch.health_failures += not ok
        watch.peak_rss_mb = max(watch.peak_rss_mb, watch.rss_mb())
        await asyncio.sleep(0.2)


async def flood(name: str, client: httpx.AsyncClient, key: str, body: Any, watch: Watch, until: float) -> None:
    while time.monotonic() < until:
        payload = body() if callable(body) else body
        try:
            await client.post("/graphql", json=payload, headers={"Authorization": f"Bearer {key}"}, timeout=30)
        except httpx.HTTPError:
            pass
        watch.sent[name] = watch.sent.get(name, 0) + 1


def big_document() -> dict[str, str]:
    comment = "".join(random.choices(string.ascii_letters, k=900_000))
    return {"query": "{ __typename }\n#" + comment}


async def subscriptions(ws_url: str, key: str, job_id: str, watch: Watch, until: float) -> None:
    sockets = []
    try:
        for _ in range(5):
            ws = await connect(ws_url, subprotocols=["graphql-transport-ws"], max_size=None)  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"}}))
            await ws.recv()
            sockets.append(ws)
            for i in range(100):  # over the per-socket and per-key caps: the excess is refused
                await ws.send(json.dumps({"id": f"s{len(sockets)}-{i}", "type": "subscribe", "payload": {
                    "query": SUBSCRIBE, "variables": {"id": job_id}}}))
                watch.sent["subscriptions"] = watch.sent.get("subscriptions", 0) + 1
        while time.monotonic() < until:
            for ws in sockets:
                try:
                    async with asyncio.timeout(0.1):
                        await ws.recv()
                except TimeoutError:
                    pass
            await asyncio.sleep(0.1)
    finally:
        for ws in sockets:
            await ws.close()


async def attack(endpoint: str, key: str, watch: Watch, seconds: float) -> None:
    async with httpx.AsyncClient(base_url=endpoint) as client:
        auth = {"Authorization": f"Bearer {key}"}
        segment = (await client.post("/graphql", headers=auth, json={"query": (
            'mutation { segmentCreate(input: {description: "Attack"}) { segment { id } } }')})).json()
        segment_id = segment["data"]["segmentCreate"]["segment"]["id"]
        job = (await client.post("/graphql", headers=auth, json={"query": (
            "mutation($i: SegmentRefInput!) { segmentReevaluate(input: $i) { job { id } } }"),
            "variables": {"i": {"segmentId": segment_id}}})).json()
        job_id = job["data"]["segmentReevaluate"]["job"]["id"]
        until = time.monotonic() + seconds
        tasks = [health(client, watch, until),
                 subscriptions(endpoint.replace("http://", "ws://") + "/graphql", key, job_id, watch, until)]
        tasks += [flood("overlapping fields", client, key, {"query": OVERLAPPING}, watch, until) for _ in range(4)]
        tasks += [flood("1 MB documents", client, key, big_document, watch, until) for _ in range(3)]
        tasks += [flood("collated ranges", client, key, {"query": SCAN, "variables": {"e": RANGES}}, watch, until)
                  for _ in range(5)]
        await asyncio.gather(*tasks)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-rss-mb", type=float, default=500)
    parser.add_argument("--max-health-s", type=float, default=1.0)
    parser.add_argument("--contacts", type=int, default=2000)
    args = parser.parse_args()
    url = f"{ADMIN_URL.rsplit('/', 1)[0]}/segmentum_attack_{os.getpid()}"
    asyncio.run(recreate(url))
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1", "SEGMENTUM_RATE_LIMIT": "0",
           "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
           "SEGMENTUM_QUEUE": f"segmentum-attack:{os.getpid()}"}
    try:
        run(sys.executable, "-m", "segmentum.cli", "migrate", env=env)
        run(sys.executable, "-m", "segmentum.cli", "seed", "--contacts", str(args.contacts), env=env)
        key = run(sys.executable, "-m", "segmentum.cli", "api-key", "create", "attack", "--scope", "admin",
                  env=env).strip().splitlines()[-1]
        port = free_port()
        endpoint = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "uvicorn.log"
            with log.open("wb") as out:
                server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "segmentum.app:create_app",
                                           "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
                                          env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        if httpx.get(f"{endpoint}/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if time.monotonic() > deadline or server.poll() is not None:
                        print(log.read_text()[-3000:])
                        return 1
                    time.sleep(0.3)
                watch = Watch(server.pid)
                started_rss = watch.rss_mb()
                asyncio.run(attack(endpoint, key, watch, args.seconds))
                final_rss = watch.rss_mb()
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(30)
                except subprocess.TimeoutExpired:
                    server.kill()
            internal = log.read_text().count("Internal error in request")
    finally:
        asyncio.run(drop(url))
    print(f"attack: {args.seconds:.0f} s; sent {watch.sent}; /healthz worst {watch.worst_health:.2f} s "
          f"({watch.health_failures} failed); memory {started_rss:.0f} MB -> peak {watch.peak_rss_mb:.0f} MB, "
          f"end {final_rss:.0f} MB; {internal} internal errors")
    failed = (watch.worst_health > args.max_health_s or watch.health_failures or internal
              or watch.peak_rss_mb > args.max_rss_mb)
    if failed:
        print(f"FAIL: /healthz must answer within {args.max_health_s} s and the server stay under "
              f"{args.max_rss_mb:.0f} MB, with no internal error")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
