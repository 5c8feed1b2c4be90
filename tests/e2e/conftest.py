"""Live-server fixtures: a real `claimgraph serve` subprocess on loopback, over an embedded store in a
temporary folder, loaded with the articles of tests/e2e/fixtures by a real `claimgraph load`.

Every wait is a bounded loop (never a timing assertion); every request has a generous client timeout
so that a hung server fails the test instead of hanging the suite. spaCy makes each process that
extracts slow to start, so one loaded server is shared by the whole session (`live_server`), and
the tests that must break their server (outage, crash) start their own.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
CLAIMGRAPH = str(BIN / "claimgraph")
FIXTURES = Path(__file__).with_name("fixtures")
SAMPLE_CORPUS = ROOT / "corpus" / "articles"  # what `make run` loads into an empty store
CLIENT_TIMEOUT = 60.0  # seconds; generous: a refusal must come back, not come back fast
START_ATTEMPTS = 600  # x 0.1 s of polling /readyz before giving up on a server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli_env(data: Path, **extra: str) -> dict[str, str]:
    """The environment of a claimgraph process on the embedded store in `data`."""
    # One server process unless a test asks for more (each loads its own language model).
    env = {
        **os.environ,
        "CLAIMGRAPH_DATA": str(data),
        "CLAIMGRAPH_LOG_LEVEL": "WARNING",
        "CLAIMGRAPH_WORKERS": "1",
        **extra,
    }
    env.pop("MONGODB_URI", None)
    return env


def run_cli(data: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `claimgraph ARGS…` against the store in `data` to completion."""
    return subprocess.run(
        [CLAIMGRAPH, *args],
        cwd=ROOT,
        env=cli_env(data),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def load(data: Path, *paths: Path | str) -> None:
    done = run_cli(data, "load", "--no-progress", *map(str, paths))
    assert done.returncode == 0, f"claimgraph load failed ({done.returncode}): {done.stderr}"


def create_key(data: Path, name: str, scopes: str) -> str:
    done = run_cli(data, "keys", "create", name, "--scopes", scopes)
    assert done.returncode == 0, f"claimgraph keys create failed: {done.stderr}"
    return done.stdout.strip()


@dataclass
class LiveServer:
    """A `claimgraph serve` process: its base URL, store folder and log file."""

    process: subprocess.Popen[bytes]
    base: str
    data: Path
    log: Path

    @property
    def graphql(self) -> str:
        return f"{self.base}/graphql"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def query(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = dict(variables)
        return httpx.post(self.graphql, json=body, headers=headers, timeout=CLIENT_TIMEOUT)

    def alive(self) -> bool:
        """The server still runs and answers `{ __typename }`."""
        if self.process.poll() is not None:
            return False
        response = self.query("{ __typename }")
        return response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}

    def kill(self) -> None:
        """SIGKILL: no shutdown, no lifespan, no flushing — a crash."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_ready(server: LiveServer, path: str = "/readyz") -> bool:
    """Poll `path` until it answers 200 (bounded). False when the process exited because its port
    was taken meanwhile (the caller retries on another); any other failure fails the test with the
    server's log."""
    for _ in range(START_ATTEMPTS):
        if server.process.poll() is not None:
            if "address already in use" in server.log_tail().lower():
                return False
            pytest.fail(f"claimgraph serve exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(server.base + path, timeout=5).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    pytest.fail(f"claimgraph serve never answered {path} with 200:\n{server.log_tail()}")


def start_server(
    data: Path, log: Path, *flags: str, ready_path: str = "/readyz", env: Mapping[str, str] | None = None
) -> LiveServer:
    """Start `claimgraph serve` on a free loopback port over the store in `data`; return once
    `ready_path` answers 200. A port taken between choosing it and binding it is retried."""
    for _ in range(3):
        port = free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(
                [CLAIMGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port), *flags],
                cwd=ROOT,
                env={**cli_env(data), **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = LiveServer(process=process, base=f"http://127.0.0.1:{port}", data=data, log=log)
        if wait_ready(server, ready_path):
            return server
    pytest.fail(f"claimgraph serve found no free port in 3 attempts:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the session, over a store loaded with tests/e2e/fixtures."""
    root = tmp_path_factory.mktemp("live")
    data = root / "store"
    load(data, FIXTURES)
    server = start_server(data, root / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus loaded as `make run` loads it (`claimgraph load corpus/articles/`), in a
    store folder that tests copy (`copy_store`) and never change."""
    data = tmp_path_factory.mktemp("sample") / "store"
    load(data, SAMPLE_CORPUS)
    return data


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a closed embedded store (its SQLite files and WAL, as they are)."""
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def sample_server(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`claimgraph serve` over a copy of the sample corpus: what a new user meets after `make run`."""
    root = tmp_path_factory.mktemp("sample-live")
    server = start_server(copy_store(sample_store, root / "store"), root / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test's report carries the log of every server it used: pytest keeps only its last
    few temporary folders, and other test runs on the machine rotate them away."""
    report: pytest.TestReport = yield
    if report.failed:
        for name, value in getattr(item, "funcargs", {}).items():
            values = value if isinstance(value, tuple) else (value,)
            for server in (v for v in values if isinstance(v, LiveServer)):
                report.sections.append(
                    (f"claimgraph serve log ({name}, last 4000 characters)", server.log_tail())
                )
    return report


def errors_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The GraphQL errors of a response (failing the test when the body is not a GraphQL answer)."""
    body = response.json()
    assert isinstance(body, dict), body
    errors = body.get("errors") or []
    assert isinstance(errors, list), body
    return errors


def codes_of(response: httpx.Response) -> list[str | None]:
    return [(e.get("extensions") or {}).get("code") for e in errors_of(response)]
