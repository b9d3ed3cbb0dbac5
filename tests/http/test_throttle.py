"""Per-key limits (the issue's table, row 3): a request rate and a number of expensive requests at once, over
HTTP a 429 with Retry-After and a coded error; shared through Redis between processes."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis

import segmentum.resolvers.segments as segment_resolvers
from segmentum.resolvers.capacity import expensive_slots, pool_size
from segmentum.schema.throttle import Lease, Refusal, Throttle
from tests.http.conftest import ClientFor, MakeKey, codes, post

PREVIEW = "{ segmentPreview(criteria: {contact: {name: {expr: \"*a*\"}}}) { count } }"
REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_over_the_rate_is_429_with_a_retry_hint(client_for: ClientFor, make_key: MakeKey) -> None:
    one, other = await make_key("read"), await make_key("read")
    async with client_for(rate_limit_per_minute=2) as client:
        for _ in range(2):
            assert (await post(client, one, "{ viewer { name } }")).status_code == 200
        refused = await post(client, one, "{ viewer { name } }")
        assert refused.status_code == 429
        assert codes(refused) == ["RATE_LIMITED"]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert "more than 2 requests" in refused.json()["errors"][0]["message"]
        # Per key: another key is not limited by the first one's requests.
        assert (await post(client, other, "{ viewer { name } }")).status_code == 200


async def test_expensive_requests_of_one_key_at_once(client_for: ClientFor, make_key: MakeKey,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow_preview(*args: Any, **kwargs: Any) -> tuple[int, list[int]]:
        started.set()
        await release.wait()
        return 0, []

    monkeypatch.setattr(segment_resolvers, "preview_add", slow_preview)
    key, other = await make_key("read"), await make_key("read")
    async with client_for(max_concurrent_expensive=1) as client:
        first = asyncio.create_task(post(client, key, PREVIEW))
        await asyncio.wait_for(started.wait(), 10)
        refused = await post(client, key, PREVIEW)
        assert refused.status_code == 429 and codes(refused) == ["RATE_LIMITED"]
        assert refused.headers["retry-after"] == "1"
        # Cheap requests of the same key, and expensive ones of another key, still run.
        assert (await post(client, key, "{ viewer { name } }")).json() == {"data": {"viewer": {"name": "key-1"}}}
        other_preview = asyncio.create_task(post(client, other, PREVIEW))
        release.set()
        assert (await first).json() == {"data": {"segmentPreview": {"count": 0}}}
        assert (await other_preview).status_code == 200
        # The lease went with the request.
        assert (await post(client, key, PREVIEW)).json() == {"data": {"segmentPreview": {"count": 0}}}


async def test_expensive_fields_of_one_request_take_turns(client: httpx.AsyncClient, key: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    running = 0
    most = 0

    async def counting_preview(*args: Any, **kwargs: Any) -> tuple[int, list[int]]:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        return 0, []

    monkeypatch.setattr(segment_resolvers, "preview_add", counting_preview)
    query = "{ " + " ".join(f"p{i}: segmentPreview(criteria: {{contact: {{name: {{eq: \"A\"}}}}}}) {{ count }}"
                            for i in range(8)) + " }"
    response = await post(client, key, query)
    assert "errors" not in response.json()
    assert most == 1


async def test_thirty_aliased_previews_are_over_the_budget(client: httpx.AsyncClient, key: str) -> None:
    query = "{ " + " ".join(f"p{i}: segmentPreview(criteria: {{contact: {{name: {{expr: \"*a*\"}}}}}}) {{ count }}"
                            for i in range(30)) + " }"
    response = await post(client, key, query)
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    # Each: the preview 5,000, its count 1, the source 1,000 and its pattern 4 units of 5.
    assert response.json()["errors"][0]["extensions"]["cost"] == 30 * 6_021


@pytest.fixture
async def redis_client() -> Any:
    client = aioredis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def test_two_processes_share_the_limits_through_redis(redis_client: Any) -> None:
    name = f"test-{uuid.uuid4().hex}"  # other runs share this Redis
    first, second = Throttle(3, 1, lease_seconds=60), Throttle(3, 1, lease_seconds=60)
    answers = [await t.hit(name, redis_client) for t in (first, second, first, second)]
    assert answers[:3] == [None, None, None]
    assert isinstance(answers[3], Refusal) and 1 <= answers[3].retry_after <= 60
    lease = await first.acquire(name, redis_client)
    assert isinstance(lease, Lease)
    assert isinstance(await second.acquire(name, redis_client), Refusal)
    await first.release(lease)
    again = await second.acquire(name, redis_client)
    assert isinstance(again, Lease)
    await second.release(again)


async def test_a_lease_left_by_a_dead_process_expires(redis_client: Any) -> None:
    name = f"test-{uuid.uuid4().hex}"
    dead = Throttle(0, 1, lease_seconds=1)
    assert isinstance(await dead.acquire(name, redis_client), Lease)  # never released
    assert isinstance(await dead.acquire(name, redis_client), Refusal)
    await asyncio.sleep(1.1)
    assert isinstance(await Throttle(0, 1, lease_seconds=1).acquire(name, redis_client), Lease)


async def test_the_process_leaves_two_connections_to_cheap_work() -> None:
    slots = expensive_slots()
    size = pool_size()
    assert slots._value == max(1, size - 2)  # noqa: SLF001 - the semaphore's capacity, before any use
    assert expensive_slots() is slots


async def test_without_an_answer_from_redis_the_process_counts_alone() -> None:
    unreachable = aioredis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    try:
        throttle = Throttle(1, 1, lease_seconds=60)
        assert await throttle.hit("k", unreachable) is None
        assert isinstance(await throttle.hit("k", unreachable), Refusal)
        lease = await throttle.acquire("k", unreachable)
        assert isinstance(lease, Lease)
        assert isinstance(await throttle.acquire("k", unreachable), Refusal)
        await throttle.release(lease)
    finally:
        await unreachable.aclose()
