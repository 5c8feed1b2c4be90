"""`claimgraph serve --workers 2`: two processes answer on one port over one embedded store. Reads
are answered by both, writes from both land without losing each other's updates, and /metrics,
whichever process answers it, counts the requests of both."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from .conftest import CLIENT_TIMEOUT, create_key, start_server

pytestmark = pytest.mark.e2e

INGEST = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { articleIds errors { message } } }"
WRITERS = 20


def article(i: int) -> dict[str, object]:
    said = f"the ferry timetable {i} stays"
    text = f"Ida Vos said {said}."
    start = text.index(said)
    return {
        "url": f"https://coastal.example/workers/{i}",
        "publisher": "Coastal Tribune",
        "text": text,
        "claims": [
            {
                "text": said,
                "kind": "REPORTED",
                "cue": "said",
                "speaker": "Ida Vos",
                "speaker_kind": "PERSON",
                "span": {"start": start, "end": start + len(said)},
            }
        ],
        "entities": [
            {"name": "Ida Vos", "kind": "PERSON", "aliases": [f"Vos-{i}"], "roles": [f"warden {i}"]}
        ],
    }


def test_two_workers_share_one_store_and_one_set_of_metrics(tmp_path: Path) -> None:
    data = tmp_path / "store"
    token = create_key(data, "partner", "read,write")
    live = start_server(
        data,
        tmp_path / "serve.log",
        "--workers",
        "2",
        env={
            "CLAIMGRAPH_LOG_LEVEL": "INFO",
            "CLAIMGRAPH_PRELOAD_MODEL": "false",
            "CLAIMGRAPH_METRICS_OPERATIONS": "Ping",
        },
    )
    try:
        headers = {"authorization": f"Bearer {token}"}

        def write(i: int) -> dict[str, object]:
            r = httpx.post(
                live.graphql,
                json={"query": INGEST, "variables": {"a": [article(i)]}},
                headers=headers,
                timeout=CLIENT_TIMEOUT,
            )
            return r.json()["data"]["ingestArticles"]

        def ping(_: int) -> int:
            return httpx.post(
                live.graphql, json={"query": "query Ping { __typename }"}, timeout=CLIENT_TIMEOUT
            ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            written = list(pool.map(write, range(WRITERS)))
            pings = list(pool.map(ping, range(200)))
        assert all(w["errors"] == [] and len(w["articleIds"]) == 1 for w in written), written
        assert pings == [200] * 200

        vos = live.query('{ actor(name: "Ida Vos") { aliases roles statements(first: 1) { totalCount } } }')
        actor = vos.json()["data"]["actor"]
        assert sorted(actor["aliases"]) == sorted(f"Vos-{i}" for i in range(WRITERS))
        assert sorted(actor["roles"]) == sorted(f"warden {i}" for i in range(WRITERS))
        assert actor["statements"]["totalCount"] == WRITERS

        pids = set(re.findall(r"Started server process \[(\d+)\]", live.log_tail(200_000)))
        assert len(pids) == 2, live.log_tail()
        for _ in range(3):  # whichever process answers, the count is of both
            metrics = httpx.get(live.base + "/metrics", timeout=CLIENT_TIMEOUT).text
            match = re.search(
                r'claimgraph_requests_total\{operation="Ping",outcome="success"\} (\S+)', metrics
            )
            assert match and float(match.group(1)) == 200.0, metrics[:2000]
    finally:
        live.stop()
