"""The GraphiQL page a browser gets at the GraphQL endpoint.

Everything it loads comes from this server (schema.graphiql.assets), and its Content-Security-Policy tells the
browser to load and connect to nothing else. The page asks for the API key itself (static/segmentum-graphiql.js).
"""

from __future__ import annotations

from html import escape
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse

from segmentum.schema.graphiql.assets import url

STYLES = ("graphiql.min.css", "plugin-explorer.css", "segmentum-graphiql.css")
SCRIPTS = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "plugin-explorer.umd.js",
           "segmentum-graphiql.js")

# React and GraphiQL set inline styles; scripts, connections, fonts and images stay on this origin (or data:).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
))

PAGE = Template("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Segmentum GraphiQL</title>
<link rel="icon" href="data:,">
$styles
</head>
<body>
<div id="graphiql" class="sgm-loading">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. Without it, POST GraphQL requests to this URL with the header
<code>Authorization: Bearer &lt;your API key&gt;</code>.</noscript>
$scripts
</body>
</html>
""")


def graphiql_page(request: Request) -> HTMLResponse:
    prefix = escape(request.scope.get("root_path", "").rstrip("/"))
    html = PAGE.substitute(
        styles="\n".join(f'<link rel="stylesheet" href="{url(prefix, name)}">' for name in STYLES),
        scripts="\n".join(f'<script src="{url(prefix, name)}"></script>' for name in SCRIPTS),
    )
    return HTMLResponse(html, headers={
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    })
