"""Crash safety, with real processes and SIGKILL:

(a) `claimgraph load` of generated articles (real extraction: spaCy, entities, cross-article
    inference) killed part-way through writing, then run again to completion, leaves exactly the
    documents of one uninterrupted load.
(b) `claimgraph serve` killed right after acknowledging an `ingestArticles`: after a restart every
    acknowledged article is there with all its claims, and the store takes writes again.

How (a) is killed part-way, deterministically: the folder holds one read chunk of articles
(loaders.workers.CHUNK) and the last input is stdin ("-"), a pipe nobody writes to. The loader
extracts the chunk and writes it (a stalled input never holds back what was already read), then
waits on stdin, so it can never finish before it is killed. The test kills it as soon as any document
is visible in the store; since a chunk is one transaction, that is the whole first chunk, and never
a part of one. The rerun reads a regular file in stdin's place.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from loaders.workers import CHUNK
from store import open_store
from store.base import COLLECTIONS

from .conftest import CLAIMGRAPH, CLIENT_TIMEOUT, ROOT, LiveServer, cli_env, create_key, start_server

pytestmark = pytest.mark.e2e

POLL_ATTEMPTS = 3000  # x 0.02 s: bounded wait for the first stored article
DB_FILE = "claimgraph.sqlite3"


def generated_article(i: int) -> dict[str, Any]:
    """Small articles in a few shapes: quotes, reported speech, denials, confirmations, and claims
    of opposite polarity on the same matter across articles (so inference links them)."""
    town = ["Corran", "Ardmore", "Kessel", "Brennock", "Alder"][i % 5]
    if i % 2 == 0:
        text = (
            f'"We never agreed to cut the evening ferry to {town}," harbour master Ida Vos said on Monday. '
            f"Councillor Ben Ash denied that the crossing number {i} would be cut. "
            f"Operator Lukas Brand confirmed the winter timetable for route {i}."
        )
    else:
        text = (
            f"The council agreed to cut the evening ferry to {town} in March, councillor Ben Ash said. "
            f'"Route {i} loses money every night," Ash told reporters. '
            f"Harbour master Ida Vos disputed the figures."
        )
    return {
        "url": f"https://coastal.example/2026/ferry/{i:03d}",
        "title": f"Evening ferry to {town}, route {i}",
        "publisher": "Coastal Tribune",
        "published_at": f"2026-02-{1 + i % 28:02d}",
        "text": text,
    }


def start_load(data: Path, *inputs: Path | str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [CLAIMGRAPH, "load", "--no-progress", "--workers", "1", *map(str, inputs)],
        cwd=ROOT,
        env=cli_env(data),
        stdin=subprocess.PIPE if "-" in inputs else subprocess.DEVNULL,  # "-": never written
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish_load(data: Path, *inputs: Path) -> None:
    process = start_load(data, *inputs)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, f"claimgraph load failed ({process.returncode}): {err.decode()}"


def stored_documents(data: Path, collections: tuple[str, ...] = ("articles",)) -> int:
    """Documents of these collections committed to the store, read straight from SQLite (read-only,
    never blocking the loader); 0 while the store does not exist yet."""
    try:
        with sqlite3.connect(f"file:{data / DB_FILE}?mode=ro", uri=True, timeout=1) as conn:
            return sum(
                int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]) for name in collections
            )
    except sqlite3.Error:
        return 0


def stored_articles(data: Path) -> int:
    return stored_documents(data)


async def dump(data: Path) -> dict[str, list[dict[str, Any]]]:
    """Every document of every collection, sorted by id."""
    store = await open_store(data_dir=data)
    try:
        return {name: sorted(await store.find(name, {}), key=lambda d: d["_id"]) for name in COLLECTIONS}
    finally:
        await store.close()


async def test_load_killed_part_way_then_rerun_equals_one_clean_load(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(CHUNK):
        (folder / f"{i:03d}.json").write_text(json.dumps(generated_article(i)), encoding="utf-8")
    (tmp_path / "last").mkdir()
    last = tmp_path / "last" / "zzz.json"
    last.write_text(json.dumps(generated_article(CHUNK)), encoding="utf-8")
    total = CHUNK + 1

    clean = tmp_path / "clean"
    finish_load(clean, folder, last)

    killed = tmp_path / "killed"
    process = start_load(killed, folder, "-")
    try:
        for _ in range(POLL_ATTEMPTS):  # kill as soon as anything at all is written
            if stored_documents(killed, ("entities", "claims", "relations", "articles")) > 0:
                break
            if process.poll() is not None:
                err = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"the load ended ({process.returncode}) before it was killed: {err}")
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        for stream in (process.stdin, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == -signal.SIGKILL
    at_kill = stored_articles(killed)
    written = stored_documents(killed, ("entities", "claims", "relations", "articles"))
    assert written > 0, "nothing was written before the kill: not part-way"
    assert at_kill < total, f"{at_kill} of {total} articles stored when killed: not part-way"

    finish_load(killed, folder, last)

    expected, got = await dump(clean), await dump(killed)
    assert len(expected["articles"]) == total
    assert expected["claims"], "extraction found no claims: the comparison would prove little"
    for name in COLLECTIONS:
        assert [d["_id"] for d in got[name]] == [d["_id"] for d in expected[name]], name
        assert got[name] == expected[name], name


INGEST = """mutation($articles: [ArticleInput!]!) {
  ingestArticles(articles: $articles) { articleIds claimCount errors { index message } }
}"""
ARTICLE_CLAIMS = """query($id: ID!) {
  article(id: $id) { id title claims(first: 100) { totalCount edges { node { id text article { id } } } } }
}"""


def ingest_input(i: int) -> dict[str, Any]:
    article = generated_article(100 + i)
    return {
        "url": article["url"],
        "title": article["title"],
        "publisher": article["publisher"],
        "publishedAt": article["published_at"],
        "text": article["text"],
    }


def ingest(server: LiveServer, key: str, articles: list[dict[str, Any]]) -> dict[str, Any]:
    response = httpx.post(
        server.graphql,
        json={"query": INGEST, "variables": {"articles": articles}},
        headers={"Authorization": f"Bearer {key}"},
        timeout=CLIENT_TIMEOUT * 3,  # the first write loads the language model
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["ingestArticles"]
    assert result["errors"] == [], result
    return result


def claims_of(server: LiveServer, article_id: str) -> list[str]:
    body = server.query(ARTICLE_CLAIMS, {"id": article_id}).json()
    assert "errors" not in body, body
    article = body["data"]["article"]
    assert article is not None, f"acknowledged article {article_id} is missing after the crash"
    claims = article["claims"]
    assert claims["totalCount"] == len(claims["edges"])
    assert all(e["node"]["article"]["id"] == article_id for e in claims["edges"])
    return [e["node"]["id"] for e in claims["edges"]]


def test_server_killed_after_acknowledging_ingest_loses_nothing(tmp_path: Path) -> None:
    data = tmp_path / "store"
    key = create_key(data, "e2e", "write")
    server = start_server(data, tmp_path / "serve.log")
    try:
        first = ingest(server, key, [ingest_input(0), ingest_input(1)])
        second = ingest(server, key, [ingest_input(2), ingest_input(3), ingest_input(4)])
        # What the server said it stored, read back before the crash.
        before = {aid: claims_of(server, aid) for aid in first["articleIds"] + second["articleIds"]}
        third = ingest(server, key, [ingest_input(5), ingest_input(6)])
        server.kill()  # SIGKILL right after the acknowledgement arrived
    finally:
        server.kill()
    assert len(before) == 5
    assert sum(map(len, before.values())) == first["claimCount"] + second["claimCount"]

    restarted = start_server(data, tmp_path / "serve-after-crash.log")
    try:
        after = {aid: claims_of(restarted, aid) for aid in before}
        assert after == before
        third_claims = {aid: claims_of(restarted, aid) for aid in third["articleIds"]}
        assert len(third_claims) == 2
        assert sum(map(len, third_claims.values())) == third["claimCount"]
        assert third["claimCount"] > 0, "extraction found no claims: the check would prove little"
        # The crashed writer left no stale lock: the store takes writes again.
        again = ingest(restarted, key, [ingest_input(7)])
        assert len(again["articleIds"]) == 1
        assert claims_of(restarted, again["articleIds"][0])
    finally:
        restarted.stop()


def test_server_killed_during_ingest_then_retry_leaves_one_whole_copy(tmp_path: Path) -> None:
    # An unacknowledged ingest may or may not have landed; the client retries it after the crash,
    # and the store then holds each article once, whole, and no claim of a half-written attempt.
    data = tmp_path / "store"
    key = create_key(data, "e2e", "write")
    server = start_server(data, tmp_path / "serve.log")
    batch = [ingest_input(20 + i) for i in range(12)]
    outcome: dict[str, Any] = {}

    def send() -> None:
        try:
            outcome["result"] = ingest(server, key, batch)
        except (httpx.TransportError, AssertionError) as err:  # killed mid-request
            outcome["error"] = err

    try:
        warm = ingest(server, key, [ingest_input(10)])  # loads the language model
        sender = threading.Thread(target=send)
        sender.start()
        for _ in range(POLL_ATTEMPTS):  # kill once the batch has started landing (or has answered)
            if stored_articles(data) > 1 or not sender.is_alive():
                break
            time.sleep(0.02)
        server.kill()
        sender.join(timeout=CLIENT_TIMEOUT * 3)
        assert not sender.is_alive()
    finally:
        server.kill()

    restarted = start_server(data, tmp_path / "serve-after-crash.log")
    try:
        retried = ingest(restarted, key, batch)
        assert len(retried["articleIds"]) == len(batch)
        for aid in retried["articleIds"]:
            assert claims_of(restarted, aid)
        total = restarted.query(
            "{ claims(first: 1) { totalCount } articles(first: 1) { totalCount } }"
        ).json()
        assert total["data"]["articles"]["totalCount"] == 1 + len(batch)
        assert total["data"]["claims"]["totalCount"] == warm["claimCount"] + retried["claimCount"]
    finally:
        restarted.stop()
