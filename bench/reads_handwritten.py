"""The yardstick for the GraphQL read benchmark: a hand-written Starlette endpoint on an asyncpg pool.

    DATABASE_URL=postgres://... python -m uvicorn --factory bench.reads_handwritten:create_app

GET /contacts?after=<contact no>[&first=100] answers with the same JSON document, byte for byte, as
Segmentum's answer to bench.reads.QUERY for the same page: contacts in number order with their company,
salesperson, industry groups (of the company) and interaction statistics. Like the API, it checks the
Bearer key first (one indexed look-up of its hash), so both sides do the same work per request.
Nothing here calls Segmentum.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

AUTH = "SELECT 1 FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL"

# The page with its company and salesperson joined in. A company is its own company (company_id = id).
PAGE = """
SELECT c.id, c.no, c.name, c.type, c.city, c.company_id, co.no AS co_no, co.name AS co_name,
       sp.code AS sp_code, sp.name AS sp_name
FROM contact c
LEFT JOIN contact co ON co.id = c.company_id
LEFT JOIN salesperson sp ON sp.id = c.salesperson_id
WHERE $1::text IS NULL OR c.no > $1
ORDER BY c.no, c.id
LIMIT $2
"""

GROUPS = """
SELECT l.contact_id, g.code, g.description
FROM contact_industry_group l JOIN industry_group g ON g.id = l.industry_group_id
WHERE l.contact_id = ANY($1::int[])
ORDER BY l.contact_id, g.code
"""

# Canceled entries count for none of the statistics.
STATISTICS = """
SELECT contact_id, COUNT(*) AS n, SUM(cost_lcy) AS cost, SUM(duration_min) AS duration,
       MAX(date) FILTER (WHERE NOT attempt_failed) AS last_date,
       MAX(date) FILTER (WHERE initiated_by = 'US') AS last_attempted
FROM interaction_log_entry
WHERE contact_id = ANY($1::int[]) AND NOT canceled
GROUP BY contact_id
"""

NO_STATISTICS = {"noOfInteractions": 0, "costLcy": "0.00", "durationMin": 0,
                 "dateOfLastInteraction": None, "lastDateAttempted": None}


def pool_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


async def contacts_page(conn: asyncpg.Connection, after: str | None, first: int) -> list[dict[str, Any]]:
    rows = await conn.fetch(PAGE, after, first)
    ids = [r["id"] for r in rows]
    company_ids = list({r["company_id"] for r in rows if r["company_id"] is not None})
    groups: dict[int, list[dict[str, str]]] = defaultdict(list)
    for g in await conn.fetch(GROUPS, company_ids):
        groups[g["contact_id"]].append({"code": g["code"], "description": g["description"]})
    stats = {
        s["contact_id"]: {
            "noOfInteractions": s["n"],
            "costLcy": f"{s['cost']:.2f}",
            "durationMin": s["duration"],
            "dateOfLastInteraction": _iso(s["last_date"]),
            "lastDateAttempted": _iso(s["last_attempted"]),
        }
        for s in await conn.fetch(STATISTICS, ids)
    }
    return [
        {
            "no": r["no"],
            "name": r["name"],
            "type": r["type"],
            "city": r["city"],
            "company": None if r["company_id"] is None else {"no": r["co_no"], "name": r["co_name"]},
            "salesperson": None if r["sp_code"] is None else {"code": r["sp_code"], "name": r["sp_name"]},
            "industryGroups": groups.get(r["company_id"], []) if r["company_id"] is not None else [],
            "statistics": stats.get(r["id"], NO_STATISTICS),
        }
        for r in rows
    ]


def _json(body: Any, status: int = 200) -> Response:
    content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(content, status_code=status, media_type="application/json; charset=utf-8")


def create_app(database_url: str | None = None) -> Starlette:
    url = database_url or os.environ["DATABASE_URL"]
    state: dict[str, asyncpg.Pool] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state["pool"] = await asyncpg.create_pool(pool_url(url), min_size=1, max_size=5)
        try:
            yield
        finally:
            await state["pool"].close()

    async def contacts(request: Request) -> Response:
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        after = request.query_params.get("after") or None
        first = min(int(request.query_params.get("first", "100")), 100)
        async with state["pool"].acquire() as conn:
            key = hashlib.sha256(secret.strip().encode()).hexdigest()
            if scheme.lower() != "bearer" or await conn.fetchval(AUTH, key) is None:
                return _json({"errors": [{"message": "A valid API key is required."}]}, 401)
            nodes = await contacts_page(conn, after, first)
        return _json({"data": {"contacts": {"nodes": nodes}}})

    async def healthz(request: Request) -> Response:
        return _json({"status": "ok"})

    return Starlette(routes=[Route("/contacts", contacts, methods=["GET"]), Route("/healthz", healthz)],
                     lifespan=lifespan)
