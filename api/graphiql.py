"""GraphiQL for a browser's GET /graphql, served whole by the app: no request leaves the machine.

React, ReactDOM, GraphiQL and its explorer plugin are files shipped in this package
(api/static/graphiql/vendor/, written by tools/vendor_graphiql.py from the npm registry, with
their licences), served under /graphiql/ at URLs that hold their version, so a browser may keep
them for a year. The page names each with its Subresource Integrity hash, and the server checks
every file against the same hash when it starts, so an edited or truncated file is refused there
rather than half-run in a browser. A Content-Security-Policy limits the page to this origin.

The default query is the dossier of the sample corpus's flagship actor (DOSSIER_QUERY, the one
README.md opens with), under a welcome text that says how to run it and how to send an API key
for mutations. GraphiQL reads the schema by introspection: when introspection is off, or only
registered documents may run, the page is not served and GET /graphql says why (404).
"""

from __future__ import annotations

import hashlib
import json
from base64 import b64encode
from dataclasses import dataclass
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from api.settings import Settings

STATIC = Path(__file__).with_name("static") / "graphiql"
VENDOR = STATIC / "vendor"
PREFIX = "/graphiql/"  # where the assets are served; the page links to them relative to /graphql
IMMUTABLE = "public, max-age=31536000, immutable"  # versioned or content-hashed URLs only

# The flagship dossier of the sample corpus (corpus/articles/kelby_bay_dredging_sludge.txt):
# what the Kelby Bay Port Authority stated, the claims its denial contradicts, the outlet that
# first reported them and who confirmed them. README.md shows the same query, and its test runs it.
DOSSIER_QUERY = """query Dossier {
  actor(name: "kbpa") {
    name kind aliases
    statements(first: 10) {
      totalCount
      edges { node {
        text cue speakerMention
        article { title publishedAt publisher { name } }
        relations { type method evidence }
        contradicts {
          text cue
          sources { name kind evidence }
          speaker {
            name roles
            statements(first: 20) { edges { node { text supportedBy { text cue speaker { name } } } } }
          }
        }
      } }
    }
  }
}
"""

WELCOME = """# Welcome to claimgraph: who said what in the news.
#
# Press the run button (the pink triangle), or Ctrl-Enter,
# to run the dossier below on the sample corpus that
# `make run` loads: what the Kelby Bay Port Authority stated
# ("kbpa": names and aliases match in any case), the
# revelations its denial contradicts, the outlet that first
# reported them (a source of kind OUTLET) and, among the
# former spokesman's statements, the one the former harbour
# master confirmed (supportedBy).
#
# The icons on the left open the docs (every type and field,
# with a description), the history and the explorer (build a
# query by ticking fields).
#
# Writes (mutations) need an API key. In a terminal:
#   .venv/bin/claimgraph keys create me --scopes write
# then paste into the Headers tab below:
#   {"Authorization": "Bearer cg_..."}
# ingestArticles, relateClaims and reviewRelation need scope
# write; mergeEntities and deleteArticle need admin. This
# page does not save headers.
"""

READ_KEY_NOTE = """#
# This server needs a key for reads too: add the header
# before running anything (scope read is enough).
"""

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # GraphiQL's editors set inline styles
        "img-src 'self' data:",
        "font-src 'self' data:",  # GraphiQL's fonts are data: URLs inside its CSS
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


def sri(data: bytes) -> str:
    return "sha384-" + b64encode(hashlib.sha384(data).digest()).decode("ascii")


@dataclass(frozen=True)
class Asset:
    url: str  # relative to /graphql's folder: "graphiql/vendor/react@18.2.0/umd/..."
    data: bytes
    content_type: str
    integrity: str


class BrokenAssets(RuntimeError):
    """A vendored file is missing or differs from the manifest (re-run tools/vendor_graphiql.py)."""


def _vendored() -> list[Asset]:
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    assets = []
    for entry in manifest["assets"]:
        path = VENDOR / entry["path"]
        try:
            data = path.read_bytes()
        except OSError as err:
            raise BrokenAssets(f"GraphiQL asset {entry['path']} cannot be read: {err}") from err
        if sri(data) != entry["integrity"]:
            raise BrokenAssets(
                f"GraphiQL asset {entry['path']} differs from its manifest hash; "
                "run `python3 tools/vendor_graphiql.py --check`"
            )
        url = f"{PREFIX.strip('/')}/vendor/{entry['path']}"
        assets.append(Asset(url, data, entry["content_type"], entry["integrity"]))
    return assets


def _own(name: str, content_type: str) -> Asset:
    """One of this project's files beside the vendored ones, at a URL holding its hash."""
    data = (STATIC / name).read_bytes()
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Asset(f"{PREFIX.strip('/')}/{stem}.{digest}{dot}{suffix}", data, content_type, sri(data))


def unavailable_reason(settings: Settings) -> str | None:
    """Why GraphiQL cannot work on this server, or None when it can."""
    if not settings.introspection:
        return (
            "GraphiQL is off on this server: introspection is disabled (CLAIMGRAPH_INTROSPECTION=false), "
            "and GraphiQL reads the schema by introspection.\n"
        )
    if settings.allow_list_only:
        return (
            "GraphiQL is off on this server: only registered documents may run "
            "(CLAIMGRAPH_ALLOW_LIST_ONLY=true), and GraphiQL's own queries are not among them.\n"
        )
    return None


class GraphiQLPage:
    """The page for GET /graphql (Accept: text/html) and its assets under /graphiql/."""

    def __init__(self, settings: Settings) -> None:
        self.reason = unavailable_reason(settings)
        self.assets: dict[str, Asset] = {}
        self.html = ""
        if self.reason is not None:
            return
        vendored = _vendored()
        own_css = _own("claimgraph-graphiql.css", "text/css; charset=utf-8")
        own_js = _own("claimgraph-graphiql.js", "text/javascript; charset=utf-8")
        styles = [a for a in vendored if a.url.endswith(".css")] + [own_css]
        scripts = [a for a in vendored if a.url.endswith(".js")] + [own_js]
        self.assets = {"/" + a.url: a for a in styles + scripts}
        welcome = WELCOME + (READ_KEY_NOTE if settings.require_read_key else "")
        config = {"defaultQuery": welcome + "\n" + DOSSIER_QUERY}
        # Inside <script type="application/json">: no "</script>" can end it early.
        config_json = json.dumps(config).replace("<", "\\u003c")
        links = "\n".join(
            f'    <link rel="stylesheet" href="{escape(a.url)}" integrity="{a.integrity}">' for a in styles
        )
        tags = "\n".join(
            f'    <script src="{escape(a.url)}" integrity="{a.integrity}"></script>' for a in scripts
        )
        self.html = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>claimgraph · GraphiQL</title>
    <link rel="icon" href="data:,">
{links}
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <noscript>GraphiQL needs JavaScript. Without it, POST queries to this URL as JSON.</noscript>
    <script type="application/json" id="claimgraph-graphiql-config">{config_json}</script>
{tags}
  </body>
</html>
"""

    def page(self) -> Response:
        if self.reason is not None:
            return PlainTextResponse(
                self.reason + "Send GraphQL queries as POST (JSON) or GET ?query=… to this URL.\n",
                status_code=404,
                headers={"Cache-Control": "no-store"},
            )
        return HTMLResponse(
            self.html,
            headers={
                "Cache-Control": "no-cache",
                "Content-Security-Policy": CSP,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )

    async def asset(self, request: Request) -> Response:
        asset = self.assets.get(request.url.path)
        if asset is None:
            why = self.reason or "no such GraphiQL asset\n"
            return PlainTextResponse(why, status_code=404, headers={"Cache-Control": "no-store"})
        etag = f'"{asset.integrity}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag, "Cache-Control": IMMUTABLE})
        return Response(
            asset.data,
            media_type=asset.content_type,
            headers={"Cache-Control": IMMUTABLE, "ETag": etag, "X-Content-Type-Options": "nosniff"},
        )
