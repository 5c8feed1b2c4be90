"""Bounded work against a live `claimgraph serve` (issue 9): a mutation whose extraction runs past
its budget is stopped and refused with nothing written; a client that goes away mid-extraction has
its work stopped; SIGTERM stops a server in the middle of a long extraction; oversized request heads
get 431 and the server carries on. None of this is timed: each test waits for an outcome, with the
generous client timeout as its only bound.
"""

from __future__ import annotations

import json
import random
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import CLIENT_TIMEOUT, LiveServer, codes_of, create_key, start_server

pytestmark = pytest.mark.e2e

INGEST = (
    "mutation($a: [ArticleInput!]!) "
    "{ ingestArticles(articles: $a) { articleIds claimCount errors { message } } }"
)
SMALL = {
    "title": "Pier",
    "text": "Harbour master Ida Vos said the pier will reopen in May. Critics disagreed.",
}


def long_article(chars: int) -> dict[str, str]:
    """Plain news prose, long enough that extracting it takes many seconds."""
    rng = random.Random(7)
    names = ["Ellen Park", "Ida Vos", "Ben Ash", "Mara Quell"]
    parts: list[str] = []
    i = 0
    while sum(map(len, parts)) < chars:
        name = rng.choice(names)
        parts.append(
            f'"Section {i} of the pier will reopen in May," {name} said on Monday. The council met again.'
        )
        i += 1
    return {"title": "A very long pier story", "text": "\n\n".join(parts)}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    data = tmp_path / "store"
    token = create_key(data, "partner", "read,write")
    live = start_server(
        data,
        tmp_path / "serve.log",
        env={"CLAIMGRAPH_EXTRACTION_TIMEOUT_SECONDS": "3", "CLAIMGRAPH_LOG_LEVEL": "INFO"},
    )
    try:
        yield live, {"authorization": f"Bearer {token}"}
    finally:
        live.stop()


def extraction_ready(live: LiveServer) -> None:
    """Wait (bounded) until the replacement extraction process has loaded its model: on a loaded
    machine that alone can outlast the 3 s budget these servers run with."""
    for _ in range(600):
        if httpx.get(f"{live.base}/readyz", timeout=CLIENT_TIMEOUT).json().get("extraction") == "ready":
            return
        time.sleep(0.1)
    pytest.fail(f"the replacement extraction process never became ready:\n{live.log_tail()}")


def articles_stored(live: LiveServer) -> int:
    return int(live.query("{ articles(first: 1) { totalCount } }").json()["data"]["articles"]["totalCount"])


def test_extraction_past_its_budget_is_stopped_and_nothing_is_written(
    server: tuple[LiveServer, dict[str, str]],
) -> None:
    live, headers = server
    answer = httpx.post(
        live.graphql,
        json={"query": INGEST, "variables": {"a": [long_article(600_000), SMALL]}},
        headers=headers,
        timeout=CLIENT_TIMEOUT,
    ).json()["data"]["ingestArticles"]
    assert answer["articleIds"] == []
    assert all("took longer than its budget of 3 s" in e["message"] for e in answer["errors"]), answer
    assert articles_stored(live) == 0
    # The process that was stopped is replaced: the next write works.
    extraction_ready(live)
    again = live.query(INGEST, {"a": [SMALL]}, headers=headers).json()["data"]["ingestArticles"]
    assert len(again["articleIds"]) == 1 and again["errors"] == []


def test_a_client_that_leaves_has_its_extraction_stopped(server: tuple[LiveServer, dict[str, str]]) -> None:
    live, headers = server
    body = json.dumps({"query": INGEST, "variables": {"a": [long_article(600_000)]}}).encode()
    host, port = live.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as conn:
        conn.sendall(
            f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Authorization: {headers['authorization']}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        time.sleep(0.5)  # let the request reach extraction (not an assertion on time)
    for _ in range(600):  # the access log line of the request that lost its client
        if '"outcome":"client_gone"' in live.log_tail(20_000):
            break
        time.sleep(0.1)
    assert '"status":499' in live.log_tail(20_000), live.log_tail()
    assert articles_stored(live) == 0
    extraction_ready(live)
    again = live.query(INGEST, {"a": [SMALL]}, headers=headers).json()["data"]["ingestArticles"]
    assert len(again["articleIds"]) == 1


def test_healthz_answers_while_a_long_extraction_runs(server: tuple[LiveServer, dict[str, str]]) -> None:
    live, headers = server
    results: dict[str, int] = {}

    def ingest() -> None:
        r = httpx.post(
            live.graphql,
            json={"query": INGEST, "variables": {"a": [long_article(400_000)]}},
            headers=headers,
            timeout=CLIENT_TIMEOUT,
        )
        results["status"] = r.status_code

    worker = threading.Thread(target=ingest)
    worker.start()
    try:
        time.sleep(0.5)
        assert httpx.get(live.base + "/healthz", timeout=CLIENT_TIMEOUT).status_code == 200
        assert live.query("{ __typename }").status_code == 200
    finally:
        worker.join(timeout=CLIENT_TIMEOUT)
    assert results.get("status") == 200


def test_sigterm_stops_a_server_in_the_middle_of_an_extraction(tmp_path: Path) -> None:
    data = tmp_path / "store"
    token = create_key(data, "partner", "read,write")
    live = start_server(data, tmp_path / "serve.log", env={"CLAIMGRAPH_SHUTDOWN_GRACE_SECONDS": "1"})
    def ingest() -> None:
        try:
            httpx.post(
                live.graphql,
                json={"query": INGEST, "variables": {"a": [long_article(600_000)]}},
                headers={"authorization": f"Bearer {token}"},
                timeout=CLIENT_TIMEOUT,
            )
        except httpx.TransportError:
            pass  # the server went away mid-request: what SIGTERM is for

    worker = threading.Thread(target=ingest, daemon=True)
    worker.start()
    time.sleep(1.0)
    live.process.send_signal(signal.SIGTERM)
    assert live.process.wait(timeout=CLIENT_TIMEOUT) is not None
    worker.join(timeout=CLIENT_TIMEOUT)
    # Nothing of the stopped request was written.
    after = start_server(data, tmp_path / "serve2.log")
    try:
        assert articles_stored(after) == 0
    finally:
        after.stop()


@pytest.mark.parametrize("head_bytes", [200_000, 5_000_000])
def test_oversized_headers_get_431_and_the_server_carries_on(
    live_server: LiveServer, head_bytes: int
) -> None:
    host, port = live_server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=CLIENT_TIMEOUT) as conn:
        conn.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nX-Junk: ".encode())
        try:
            chunk = b"a" * 65_536
            for _ in range(head_bytes // len(chunk)):
                conn.sendall(chunk)
        except OSError:
            pass  # the server closed the connection as soon as the limit was passed
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
    assert live_server.alive()
    # A request with ordinary headers is unaffected, and so is a large body.
    big = httpx.post(
        live_server.graphql,
        json={"query": "{ __typename }", "padding": "x" * 500_000},
        timeout=CLIENT_TIMEOUT,
    )
    assert big.status_code == 200, big.text
    assert codes_of(live_server.query("{ nope }")) == ["GRAPHQL_VALIDATION_FAILED"]
