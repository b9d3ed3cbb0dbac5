"""Workers: enqueue-to-start latency, and the throughput of two workers against one, in the same run.

    python -m bench.workers --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_wk \
        [--redis-url redis://127.0.0.1:6379/5] [--segments 100] [--jobs 100]

Real `segmentum worker` processes on real Redis, on a queue of this run's own (SEGMENTUM_QUEUE), against a
contact base made by `bench.generate` (20,000 contacts are enough). STATIC segments of three actions (Add by
city, Reduce by correspondence type, Add by another city) are built first.

- **Latency**: one worker runs; a re-evaluation is enqueued as the API does (`workers.queue`), and the next
  one only once the previous has finished, so no job waits behind another. Enqueue-to-start is the Job row's
  `started_at - enqueued_at`; median and p95 over `--jobs` jobs.
- **Throughput**: about 5% of the contacts move to another city, every segment's re-evaluation is enqueued,
  then one worker drains the burst (`--burst`). The contacts move back, the burst is enqueued again and two
  workers drain it. Jobs/s is the number of jobs over the span from the first job's start to the last job's
  end (worker start-up excluded); both bursts re-evaluate the same segments with the same changes reversed.

The segments are deleted at the end, and the queue's keys with them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import asyncpg
from tortoise import Tortoise

from bench.generate import asyncpg_url
from segmentum.config.database import tortoise_config
from segmentum.config.settings import Settings
from segmentum.jobs import JOBS
from segmentum.models.criteria import Criteria
from segmentum.models.enums import JobStatus
from segmentum.models.segments import Segment
from segmentum.models.system import Job
from segmentum.models.worksheet.actions import add_contacts, remove_contacts
from segmentum.workers import queue
from segmentum.workers.schedule import start_reevaluation

PREFIX = "BENCH-WK-"
CITIES = ["GENT", "BRUGGE", "ANTWERPEN", "BRUSSEL", "LEUVEN", "MECHELEN", "KORTRIJK", "AALST", "HASSELT", "GENK"]
# An involution: running it again moves the same contacts back.
MOVE = ("UPDATE contact SET city = CASE city WHEN 'GENT' THEN 'BRUGGE' WHEN 'BRUGGE' THEN 'GENT' "
        "WHEN 'KORTRIJK' THEN 'AALST' WHEN 'AALST' THEN 'KORTRIJK' WHEN 'HASSELT' THEN 'GENK' "
        "WHEN 'GENK' THEN 'HASSELT' ELSE city END, updated_at = now() WHERE id % 20 = 7")
SEGMENTUM = str(Path(sys.executable).parent / "segmentum")
ROOT = Path(__file__).resolve().parents[1]


async def build(count: int) -> list[int]:
    await Segment.filter(no__startswith=PREFIX).delete()
    ids = []
    for i in range(count):
        segment = await Segment.create(no=f"{PREFIX}{i:04}", date="2026-01-01")
        await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": CITIES[i % len(CITIES)]}}}))
        await remove_contacts(segment, Criteria.parse({"contact": {"correspondence_type": ["NONE"]}}), refine=False)
        await add_contacts(segment, Criteria.parse({"contact": {"city": {"eq": CITIES[(i + 3) % len(CITIES)]}}}))
        ids.append(segment.id)
    return ids


async def start_worker(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(SEGMENTUM, "worker", *args, cwd=ROOT, env=env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def wait_done(job_ids: list[int], seconds: float = 600) -> None:
    async with asyncio.timeout(seconds):
        # Polled (every 10 ms, well under the worker's 100 ms poll delay) so the bench reads only the Job rows.
        while True:
            if not await Job.filter(id__in=job_ids, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
                return
            await asyncio.sleep(0.01)


async def latency(env: dict[str, str], segments: list[int], jobs: int) -> list[float]:
    worker = await start_worker(env)
    try:
        # A first job to know the worker is up (its start-up is not latency).
        await wait_done([(await start_reevaluation(segments[0])).id], 120)
        ids = []
        for i in range(jobs):
            job = await start_reevaluation(segments[(i + 1) % len(segments)])
            await wait_done([job.id])
            ids.append(job.id)
    finally:
        worker.terminate()
        await worker.wait()
    rows = await Job.filter(id__in=ids).values_list("enqueued_at", "started_at", "status")
    assert all(status == JobStatus.SUCCEEDED for *_, status in rows), rows
    return sorted((started - enqueued).total_seconds() for enqueued, started, _ in rows)


async def burst(env: dict[str, str], segments: list[int], workers: int, url: str) -> tuple[float, float]:
    """Jobs/s of `workers` burst workers draining one re-evaluation per segment; and the wall time."""
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        await conn.execute(MOVE)
        await conn.execute("ANALYZE contact")
    finally:
        await conn.close()
    ids = [(await start_reevaluation(s)).id for s in segments]
    t = time.perf_counter()
    procs = [await start_worker(env, "--burst") for _ in range(workers)]
    for p in procs:
        await p.wait()
    wall = time.perf_counter() - t
    await wait_done(ids, 10)
    rows = await Job.filter(id__in=ids).values_list("started_at", "finished_at", "status")
    assert all(status == JobStatus.SUCCEEDED for *_, status in rows), rows
    span = (max(r[1] for r in rows) - min(r[0] for r in rows)).total_seconds()
    return len(ids) / span, wall


async def main(url: str, redis_url: str, segment_count: int, jobs: int) -> int:
    name = f"segmentum-bench:{uuid.uuid4().hex[:12]}"
    os.environ["SEGMENTUM_QUEUE"] = name
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "SEGMENTUM_QUEUE": name}
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    await queue.configure(Settings(database_url=url, redis_url=redis_url, queue_name=name), JOBS)
    try:
        t = time.perf_counter()
        segments = await build(segment_count)
        print(f"{len(segments)} segments of 3 actions built ({time.perf_counter() - t:.1f} s), queue {name}")
        lat = await latency(env, segments, jobs)
        p95 = lat[min(len(lat) - 1, round(0.95 * len(lat)) - 1)]
        print(f"enqueue-to-start over {len(lat)} jobs: median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
        one, one_wall = await burst(env, segments, 1, url)
        two, two_wall = await burst(env, segments, 2, url)
        print(f"burst of {len(segments)} re-evaluations: 1 worker {one:.1f} jobs/s (wall {one_wall:.1f} s), "
              f"2 workers {two:.1f} jobs/s (wall {two_wall:.1f} s), ratio {two / one:.2f}")
        return 0
    finally:
        await Segment.filter(no__startswith=PREFIX).delete()
        pool = await queue.current_pool()
        if pool is not None:
            keys = [k async for k in pool.scan_iter(match=f"*{name}*")]
            if keys:
                await pool.delete(*keys)
        await queue.shutdown()
        await Tortoise.close_connections()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/segmentum_bench_wk")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=100)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.database_url, args.redis_url, args.segments, args.jobs)))


if __name__ == "__main__":
    cli()
