"""The GraphiQL page and its assets over HTTP: everything it loads is served by the app from the package, under a
policy that lets the browser load and connect to nothing else; introspection without a key stays refused."""

from __future__ import annotations

import re

import httpx
from asgi_lifespan import LifespanManager

from segmentum.app import create_app
from segmentum.config.settings import Settings
from segmentum.schema.graphiql.assets import FILES
from tests.http.conftest import bearer

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".txt": "text/plain; charset=utf-8"}
INTROSPECTION = "{ __schema { queryType { name } } }"


def linked(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


async def test_the_page_loads_only_assets_of_this_server(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    urls = linked(page.text)
    assert urls[0] == "data:,"  # the empty favicon: no request for one
    served = urls[1:]
    assert {url.split("?")[0].removeprefix("/graphiql/") for url in served} == set(FILES) - {"THIRD-PARTY-LICENSES.txt"}
    for url in served:
        assert url.startswith("/graphiql/") and "?v=" in url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        name = url.split("?")[0].removeprefix("/graphiql/")
        assert asset.content == FILES[name].read_bytes()
        assert asset.headers["content-type"] == MEDIA[FILES[name].suffix]
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["x-content-type-options"] == "nosniff"


async def test_an_asset_is_revalidated_by_its_etag(client: httpx.AsyncClient) -> None:
    first = await client.get("/graphiql/graphiql.min.js")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-cache"  # not the versioned URL: ask again next time
    again = await client.get("/graphiql/graphiql.min.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    stale = await client.get("/graphiql/graphiql.min.js", headers={"If-None-Match": '"0123456789abcdef"'})
    assert stale.status_code == 200


async def test_only_the_named_assets_are_served(client: httpx.AsyncClient) -> None:
    for path in ("/graphiql/package.json", "/graphiql/page.py", "/graphiql/build.mjs", "/graphiql/..%2Fpage.py",
                 "/graphiql/vendor/graphiql.min.js", "/graphiql/" + "x" * 300):
        response = await client.get(path)
        assert response.status_code == 404, path
    named = await client.get("/graphiql/nope.js")
    assert named.text == "No GraphiQL asset named 'nope.js'."
    long = await client.get("/graphiql/" + "y" * 300)
    assert len(long.text) < 100
    assert (await client.get("/graphiql/THIRD-PARTY-LICENSES.txt")).status_code == 200


async def test_behind_a_path_prefix_the_page_links_assets_under_it(db: str) -> None:
    app = create_app(Settings(database_url=db), manage_database=False)
    async with LifespanManager(app) as manager, httpx.AsyncClient(
        transport=httpx.ASGITransport(app=manager.app, root_path="/crm"), base_url="http://testserver"
    ) as client:
        page = await client.get("/crm/graphql", headers=BROWSER)
        assert page.status_code == 200
        served = linked(page.text)[1:]
        assert served and all(url.startswith("/crm/graphiql/") for url in served)
        assert (await client.get(served[0])).status_code == 200


async def test_introspection_without_a_key_is_refused_with_what_to_do(client: httpx.AsyncClient, key: str) -> None:
    refused = await client.post("/graphql", json={"query": INTROSPECTION})
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["message"] == "Send an API key as `Authorization: Bearer <key>`."
    allowed = await client.post("/graphql", json={"query": INTROSPECTION}, headers=bearer(key))
    assert allowed.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
