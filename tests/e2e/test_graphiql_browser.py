"""GraphiQL in a real browser with no other host reachable: a new user's first page.

`claimgraph serve` runs on loopback over the sample corpus (as after `make run`); Debian's Chromium,
headless, opens /graphql with its host resolver knowing no host but 127.0.0.1, and every request to
another origin aborted and recorded (graphiql_browser/run.cjs, driven by playwright-core with
`executablePath`: no browser is ever downloaded). The default query runs through the UI's run
button and its result must show the flagship dossier, with no console error, no failed request and
no request anywhere but the server.

Chromium is installed with apt-get when missing (tests/e2e/chromium.py, as root: CI's fresh
machine); playwright-core with `npm ci` from graphiql_browser/package-lock.json. Skipped only when
`node` itself is missing, or Chromium is missing and cannot be installed outside CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from . import npm
from .chromium import ChromiumUnavailable, ensure_chromium
from .conftest import ROOT, LiveServer

pytestmark = pytest.mark.e2e

BROWSER_DIR = Path(__file__).with_name("graphiql_browser")
SPEAKER = "Anton Brisk"  # the former spokesman whose revelations the dossier's denial contradicts


@pytest.fixture(scope="module")
def browser_report(sample_server: LiveServer) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("`node` is not installed: the browser is driven by playwright-core on Node.js")
    try:
        chromium = ensure_chromium()
    except ChromiumUnavailable as err:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(err))
    npm.ensure_packages(BROWSER_DIR, "playwright-core")
    done = subprocess.run(
        [node, str(BROWSER_DIR / "run.cjs"), sample_server.graphql, str(chromium), SPEAKER],
        cwd=BROWSER_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"run.cjs failed:\n{done.stderr}\n{sample_server.log_tail()}"
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_the_default_query_runs_from_the_run_button(browser_report: dict[str, Any]) -> None:
    assert browser_report["error"] is None, browser_report
    assert browser_report["defaultQueryShown"], "the editor did not open on the dossier query"
    result = json.loads(browser_report["resultText"])
    actor = result["data"]["actor"]
    assert actor["name"] == "Kelby Bay Port Authority" and "KBPA" in actor["aliases"]
    contradicted = [c for edge in actor["statements"]["edges"] for c in edge["node"]["contradicts"]]
    assert {c["speaker"]["name"] for c in contradicted} == {SPEAKER}
    sources = [s for c in contradicted for s in c["sources"]]
    assert any(s["kind"] == "OUTLET" and s["name"] == "Harbor Daily" for s in sources)
    supporters = [
        b for c in contradicted for e in c["speaker"]["statements"]["edges"] for b in e["node"]["supportedBy"]
    ]
    assert any(b["cue"] == "confirmed" for b in supporters), supporters
    # What the result pane shows on screen, not only what its editor holds.
    assert "Kelby Bay Port Authority" in browser_report["renderedText"]


def test_nothing_failed_and_nothing_left_the_machine(
    browser_report: dict[str, Any], sample_server: LiveServer
) -> None:
    assert browser_report["offOrigin"] == [], "the page asked for another host"
    assert browser_report["failedRequests"] == []
    assert browser_report["httpErrors"] == []
    assert browser_report["consoleErrors"] == []
    assert browser_report["pageErrors"] == []
    requests = browser_report["requests"]
    assert all(r.split(" ", 1)[1].startswith(sample_server.base + "/") for r in requests), requests
    manifest = json.loads((ROOT / "api/static/graphiql/vendor/manifest.json").read_text(encoding="utf-8"))
    for asset in manifest["assets"]:
        assert f"GET {sample_server.base}/graphiql/vendor/{asset['path']}" in requests, asset["path"]
    assert f"POST {sample_server.graphql}" in requests  # the introspection and the query
