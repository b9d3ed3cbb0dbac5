"""The files the GraphiQL page loads, served at /graphiql/<name> from the package.

Only the files named here are served. Each is read once and answered from memory with its content digest as
ETag; the page asks for `?v=<digest>`, which may be cached for good since new content gets a new URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

HERE = Path(__file__).parent
VENDOR = HERE / "vendor"
STATIC = HERE / "static"

# served name -> file in the package (vendor/README.md says where the vendor files come from)
FILES = {
    "react.production.min.js": VENDOR / "react.production.min.js",
    "react-dom.production.min.js": VENDOR / "react-dom.production.min.js",
    "graphiql.min.js": VENDOR / "graphiql.min.js",
    "graphiql.min.css": VENDOR / "graphiql.min.css",
    "plugin-explorer.umd.js": VENDOR / "plugin-explorer.umd.js",
    "plugin-explorer.css": VENDOR / "plugin-explorer.css",
    "THIRD-PARTY-LICENSES.txt": VENDOR / "THIRD-PARTY-LICENSES.txt",
    "segmentum-graphiql.js": STATIC / "segmentum-graphiql.js",
    "segmentum-graphiql.css": STATIC / "segmentum-graphiql.css",
}
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".txt": "text/plain; charset=utf-8"}
FOREVER = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    content: bytes
    media_type: str
    digest: str

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


@cache
def assets() -> dict[str, Asset]:
    found = {}
    for name, path in FILES.items():
        content = path.read_bytes()
        found[name] = Asset(content, MEDIA_TYPES[path.suffix], hashlib.sha256(content).hexdigest()[:16])
    return found


def url(prefix: str, name: str) -> str:
    """The URL of an asset that changes whenever its content does."""
    return f"{prefix}/graphiql/{name}?v={assets()[name].digest}"


async def serve_asset(request: Request) -> Response:
    name = request.path_params["name"]
    asset = assets().get(name)
    if asset is None:
        return PlainTextResponse(f"No GraphiQL asset named {name[:40]!r}.", status_code=404)
    headers = {
        "ETag": asset.etag,
        "Cache-Control": FOREVER if request.query_params.get("v") == asset.digest else "no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    if asset.etag in (tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers=headers)
    return Response(asset.content, media_type=asset.media_type, headers=headers)
