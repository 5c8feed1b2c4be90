"""The GraphQL-over-HTTP audit suite of the npm package graphql-http (`serverAudits`), run by Node
against the live `claimgraph serve` on loopback: every MUST passes, and every SHOULD that does not
is listed, with its reason, in graphql_http_audit/known_should_failures.json (which README.md
quotes), so the list cannot drift from the truth in either direction.

The npm packages are pinned by graphql_http_audit/package-lock.json and installed with `npm ci` the
first time (from the npm registry; npm's cache serves later installs). Skipped only when `node`
itself is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from . import npm
from .conftest import LiveServer

pytestmark = pytest.mark.e2e

AUDIT_DIR = Path(__file__).with_name("graphql_http_audit")
AUDIT_SCRIPT = AUDIT_DIR / "audit.cjs"
KNOWN_SHOULD_FAILURES = AUDIT_DIR / "known_should_failures.json"
STATUSES = {"ok", "warn", "error"}


def pinned_version(package: str) -> str:
    return npm.pinned_version(AUDIT_DIR, package)


def ensure_packages() -> None:
    npm.ensure_packages(AUDIT_DIR, "graphql-http", "graphql")


@pytest.fixture(scope="module")
def audit_results(live_server: LiveServer) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("`node` is not installed: the graphql-http audit suite runs on Node.js")
    ensure_packages()
    done = subprocess.run(
        [node, str(AUDIT_SCRIPT), live_server.graphql],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"the audit script failed:\n{done.stderr}\n{live_server.log_tail()}"
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def level(result: dict[str, Any]) -> str:
    """MUST, SHOULD or MAY: the first word of every audit's name."""
    return str(result["name"]).split(" ", 1)[0]


def failed(results: list[dict[str, Any]], of_level: str) -> list[dict[str, Any]]:
    return [r for r in results if level(r) == of_level and r["status"] != "ok"]


def describe(results: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {r['id']} [{r['status']}] {r['name']}: {r['reason']}" for r in results)


def test_audit_ran_every_kind_of_audit(audit_results: list[dict[str, Any]]) -> None:
    assert {level(r) for r in audit_results} == {"MUST", "SHOULD", "MAY"}
    assert all(r["status"] in STATUSES for r in audit_results), audit_results
    assert len({r["id"] for r in audit_results}) == len(audit_results)


def test_every_must_passes(audit_results: list[dict[str, Any]]) -> None:
    musts = [r for r in audit_results if level(r) == "MUST"]
    failures = failed(audit_results, "MUST")
    print(
        f"graphql-http {pinned_version('graphql-http')}: {len(musts) - len(failures)}/{len(musts)} MUST pass"
    )
    assert failures == [], "MUST audits that failed:\n" + describe(failures)


def test_should_failures_are_exactly_the_listed_ones(audit_results: list[dict[str, Any]]) -> None:
    known: dict[str, str] = json.loads(KNOWN_SHOULD_FAILURES.read_text(encoding="utf-8"))
    failures = failed(audit_results, "SHOULD")
    print("SHOULD audits that fail:\n" + (describe(failures) or "  none"))
    print(
        "listed in known_should_failures.json:\n"
        + ("\n".join(f"  {k}: {v}" for k, v in known.items()) or "  none")
    )
    unlisted = [r for r in failures if r["id"] not in known]
    assert unlisted == [], (
        "SHOULD audits that fail and are not listed (with a reason) in "
        f"{KNOWN_SHOULD_FAILURES.name}:\n" + describe(unlisted)
    )
    # A listed failure that now passes (or no longer exists) would make README.md say something false.
    stale = sorted(set(known) - {r["id"] for r in failures})
    assert stale == [], f"listed as failing in {KNOWN_SHOULD_FAILURES.name} but passing now: {stale}"
    assert all(isinstance(reason, str) and reason.strip() for reason in known.values()), known


def test_audit_harness_detects_a_non_conforming_endpoint(
    audit_results: list[dict[str, Any]], live_server: LiveServer
) -> None:
    # /healthz speaks JSON but not GraphQL: the same harness must report MUST failures there, or
    # the passes above would prove nothing.
    node = shutil.which("node")
    assert node is not None  # audit_results skipped the test otherwise
    done = subprocess.run(
        [node, str(AUDIT_SCRIPT), live_server.base + "/healthz"],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert failed(json.loads(done.stdout), "MUST"), "the audit found nothing wrong with /healthz"
