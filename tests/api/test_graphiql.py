"""The GraphiQL page in-process: every asset is the app's own, pinned by its integrity hash, cached
for long, and the page is not served where it could not work. The page running in a real browser
with no other host reachable is tests/e2e/test_graphiql_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import httpx
import pytest

import api.graphiql
from api.graphiql import DOSSIER_QUERY, BrokenAssets, GraphiQLPage
from api.settings import Settings
from tests.api.conftest import ROOT, AppFactory, client_for

HTML = {"accept": "text/html,application/xhtml+xml"}
VENDOR = ROOT / "api" / "static" / "graphiql" / "vendor"


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def referenced(page: str) -> list[tuple[str, str]]:
    """(url, integrity) of every script and stylesheet the page loads."""
    return re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)" integrity="([^"]+)"', page)


async def test_the_page_loads_only_the_apps_own_files(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text), "the page names another host"
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assets = referenced(r.text)
    scripts = [u for u, _ in assets if u.endswith(".js")]
    assert [u.split("/")[2] for u in scripts[:4]] == [
        "react@18.2.0",
        "react-dom@18.2.0",
        "graphiql@3.8.3",
        "@graphiql",
    ]
    assert len(assets) == 8  # 3 stylesheets, 5 scripts
    for url, integrity in assets:
        assert not url.startswith("/"), "relative to /graphql, so the app may sit under a prefix"
        asset = await client.get("/" + url)
        assert asset.status_code == 200, url
        assert sri(asset.content) == integrity, f"{url}: the served bytes do not match the page's hash"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["content-type"].startswith(("text/javascript", "text/css"))
        again = await client.get("/" + url, headers={"if-none-match": asset.headers["etag"]})
        assert again.status_code == 304


async def test_the_default_query_is_the_flagship_dossier_with_the_key_explained(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/graphql", headers=HTML)).text
    config = json.loads(re.search(r'id="claimgraph-graphiql-config">(.*?)</script>', page, re.S).group(1))
    query = config["defaultQuery"]
    assert query.endswith(DOSSIER_QUERY)
    welcome = query[: -len(DOSSIER_QUERY)]
    assert all(line.startswith("#") for line in welcome.strip().splitlines())
    assert '"Authorization": "Bearer cg_' in welcome and "keys create" in welcome
    assert all(len(line) <= 62 for line in welcome.splitlines()), "the editor pane is narrow"
    assert "needs a key for reads" not in welcome


async def test_a_server_that_needs_read_keys_says_so_in_the_welcome(make_app: AppFactory) -> None:
    app = make_app(require_read_key=True)
    async with client_for(app) as c:
        page = (await c.get("/graphql", headers=HTML)).text
    assert "needs a key for reads" in page


@pytest.mark.parametrize(
    ("settings", "reason"),
    [({"introspection": False}, "introspection is disabled"), ({"allow_list_only": True}, "registered")],
)
async def test_no_graphiql_where_it_cannot_work(
    make_app: AppFactory, tmp_path: Path, settings: dict[str, object], reason: str
) -> None:
    if settings.get("allow_list_only"):
        registered = tmp_path / "queries.json"
        registered.write_text(json.dumps(["{ claims(first: 1) { totalCount } }"]), encoding="utf-8")
        settings = {**settings, "persisted_queries": registered}
    app = make_app(**settings)
    async with client_for(app) as c:
        r = await c.get("/graphql", headers=HTML)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/plain")
        assert "GraphiQL is off" in r.text and reason in r.text and "POST" in r.text
        asset = await c.get("/graphiql/vendor/react@18.2.0/umd/react.production.min.js")
        assert asset.status_code == 404
        # The API itself still answers.
        q = await c.get("/graphql", params={"query": "{ claims(first: 1) { totalCount } }"})
        assert q.status_code == 200 and q.json()["data"]["claims"]["totalCount"] == 2


async def test_unknown_assets_are_404(client: httpx.AsyncClient) -> None:
    for path in ("/graphiql/vendor/manifest.json", "/graphiql/../api/settings.py", "/graphiql/nope.js"):
        assert (await client.get(path)).status_code == 404, path


def test_every_vendored_package_has_its_licence_and_pinned_version() -> None:
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    for package in manifest["packages"]:
        licence = VENDOR / package["licence"]
        assert licence.is_file() and "Permission is hereby granted" in licence.read_text(encoding="utf-8")
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package
        assert package["tarball_integrity"].startswith("sha512-")
    for asset in manifest["assets"]:
        assert sri((VENDOR / asset["path"]).read_bytes()) == asset["integrity"], asset["path"]


def test_the_package_ships_the_static_files() -> None:
    import tomllib

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["api"]
    package = ROOT / "api"
    shipped = {p for g in globs for p in package.glob(g) if p.is_file()}
    wanted = {p for p in (package / "static").rglob("*") if p.is_file()}
    assert wanted and wanted <= shipped, sorted(str(p) for p in wanted - shipped)


def test_no_static_file_is_ignored_by_git() -> None:
    # A file that .gitignore hides (a `dist/` folder, say) would be missing from every fresh clone.
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = [str(p.relative_to(ROOT)) for p in (ROOT / "api" / "static").rglob("*") if p.is_file()]
    done = subprocess.run(
        [git, "check-ignore", "--no-index", "--", *files], cwd=ROOT, capture_output=True, text=True
    )
    assert done.stdout.split() == [], f"ignored by git, so never committed: {done.stdout.split()}"


def test_an_altered_vendored_file_stops_the_server_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "vendor"
    shutil.copytree(VENDOR, copy)
    target = copy / "react@18.2.0" / "umd" / "react.production.min.js"
    target.write_bytes(target.read_bytes() + b"\n// changed")
    monkeypatch.setattr(api.graphiql, "VENDOR", copy)
    with pytest.raises(BrokenAssets, match="react.production.min.js differs"):
        GraphiQLPage(Settings())
    target.unlink()
    with pytest.raises(BrokenAssets, match="cannot be read"):
        GraphiQLPage(Settings())
