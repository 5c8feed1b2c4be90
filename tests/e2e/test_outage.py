"""Store outage on a live server over the embedded store: with the data folder gone, /readyz answers
503 and queries answer STORE_UNAVAILABLE (HTTP 503, Retry-After); when the folder comes back the
same process recovers by itself — no restart."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import (
    CLIENT_TIMEOUT,
    FIXTURES,
    LiveServer,
    codes_of,
    create_key,
    free_port,
    load,
    start_server,
)

pytestmark = pytest.mark.e2e

CLAIMS = "{ claims(first: 5) { totalCount edges { node { text speaker { name } } } } }"
INGEST = """mutation($articles: [ArticleInput!]!) {
  ingestArticles(articles: $articles) { articleIds errors { index message } }
}"""


@pytest.fixture(scope="module")
def outage_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A server of its own (these tests take its store away), with a loaded store and a write key."""
    root = tmp_path_factory.mktemp("outage")
    data = root / "store"
    load(data, FIXTURES / "search_syntax.json", FIXTURES / "ferry_timetable.json")
    key = create_key(data, "outage", "write")
    server = start_server(data, root / "serve.log")
    try:
        yield server, key
    finally:
        server.stop()


def readyz(server: LiveServer) -> httpx.Response:
    return httpx.get(server.base + "/readyz", timeout=CLIENT_TIMEOUT)


def assert_serving(server: LiveServer) -> None:
    ready = readyz(server)
    assert ready.status_code == 200, f"{ready.text}\n{server.log_tail()}"
    assert ready.json()["status"] == "ready"
    response = server.query(CLAIMS)
    assert response.status_code == 200, f"{response.text}\n{server.log_tail()}"
    assert "errors" not in response.json(), response.text
    assert response.json()["data"]["claims"]["totalCount"] == 4


def assert_store_unavailable(server: LiveServer, key: str) -> None:
    ready = readyz(server)
    assert ready.status_code == 503, f"{ready.text}\n{server.log_tail()}"
    assert ready.json()["status"] == "unavailable"

    response = server.query(CLAIMS)
    assert response.status_code == 503, f"{response.text}\n{server.log_tail()}"
    assert codes_of(response) == ["STORE_UNAVAILABLE"]
    assert response.headers.get("retry-after")
    assert "Traceback" not in response.text

    # A write with a valid key cannot even check the key: unavailable, not UNAUTHENTICATED.
    write = server.query(
        INGEST,
        {"articles": [{"text": "A short note.", "title": "Note", "claims": []}]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert write.status_code == 503, write.text
    assert codes_of(write) == ["STORE_UNAVAILABLE"]

    # The process itself is fine: liveness and queries that need no store still answer.
    assert httpx.get(server.base + "/healthz", timeout=CLIENT_TIMEOUT).status_code == 200
    assert server.query("{ __typename }").json() == {"data": {"__typename": "Query"}}


def test_data_folder_moved_away_then_back(outage_server: tuple[LiveServer, str]) -> None:
    server, key = outage_server
    assert_serving(server)
    away = server.data.with_name(server.data.name + ".away")
    server.data.rename(away)
    try:
        assert_store_unavailable(server, key)
        # Being asked while it is gone must not recreate an empty store in its place.
        assert not server.data.exists(), "the server created a new store where the old one was"
    finally:
        away.rename(server.data)
    assert_serving(server)
    assert server.process.poll() is None  # recovered in the same process: no restart


def test_outage_twice_in_a_row_recovers_each_time(outage_server: tuple[LiveServer, str]) -> None:
    server, key = outage_server
    away = server.data.with_name(server.data.name + ".away")
    for _ in range(2):
        server.data.rename(away)
        try:
            assert_store_unavailable(server, key)
        finally:
            away.rename(server.data)
        assert_serving(server)


def test_data_folder_unreadable_then_readable(outage_server: tuple[LiveServer, str]) -> None:
    if os.geteuid() == 0:
        pytest.skip(
            "running as root, which ignores file permissions: chmod 000 cannot make the store unreadable"
        )
    server, key = outage_server
    mode = server.data.stat().st_mode
    server.data.chmod(0)
    try:
        assert_store_unavailable(server, key)
    finally:
        server.data.chmod(mode)
    assert_serving(server)


def test_write_during_outage_is_not_kept(outage_server: tuple[LiveServer, str]) -> None:
    # While the folder is away under another name, nothing the server does may land in it through a
    # handle it kept open: the outage must be an outage, not a silent write to a moved file.
    server, key = outage_server
    away = server.data.with_name(server.data.name + ".away")
    server.data.rename(away)
    try:
        write = server.query(
            INGEST,
            {"articles": [{"text": "A short note.", "title": "Moved note", "claims": []}]},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert codes_of(write) == ["STORE_UNAVAILABLE"], write.text
    finally:
        away.rename(server.data)
    assert_serving(server)
    titles = server.query("{ articles(first: 10) { edges { node { title } } } }").json()
    assert "Moved note" not in [e["node"]["title"] for e in titles["data"]["articles"]["edges"]]


def test_data_folder_deleted_then_restored_from_a_copy(outage_server: tuple[LiveServer, str]) -> None:
    # A restore from backup: the same content under new inodes, which the server must reopen.
    server, key = outage_server
    backup = server.data.with_name(server.data.name + ".backup")
    shutil.copytree(server.data, backup)
    try:
        shutil.rmtree(server.data)
        assert_store_unavailable(server, key)
        shutil.copytree(backup, server.data)
        assert_serving(server)
    finally:
        if not server.data.exists():
            backup.rename(server.data)
        shutil.rmtree(backup, ignore_errors=True)


def test_database_file_replaced_by_garbage_then_restored(outage_server: tuple[LiveServer, str]) -> None:
    server, key = outage_server
    away = server.data.with_name(server.data.name + ".away")
    server.data.rename(away)
    try:
        server.data.mkdir()
        (server.data / "claimgraph.sqlite3").write_bytes(b"this is not a database " * 200)
        assert_store_unavailable(server, key)
    finally:
        shutil.rmtree(server.data, ignore_errors=True)
        away.rename(server.data)
    assert_serving(server)


def test_data_folder_replaced_by_a_file_then_restored(outage_server: tuple[LiveServer, str]) -> None:
    # What root can still not open: a path that is no folder (chmod 000 is no obstacle to root).
    server, key = outage_server
    away = server.data.with_name(server.data.name + ".away")
    server.data.rename(away)
    try:
        server.data.write_text("not a folder\n", encoding="utf-8")
        assert_store_unavailable(server, key)
    finally:
        server.data.unlink(missing_ok=True)
        away.rename(server.data)
    assert_serving(server)


def test_mongodb_unreachable_is_store_unavailable(tmp_path: Path) -> None:
    # Nothing listens on this loopback port: the server starts anyway, reports not ready, and answers
    # queries with STORE_UNAVAILABLE (its recovery needs a real MongoDB, which CI does not have).
    uri = f"mongodb://127.0.0.1:{free_port()}/claimgraph?serverSelectionTimeoutMS=500&connectTimeoutMS=500"
    server = start_server(
        tmp_path / "unused", tmp_path / "serve.log", ready_path="/healthz", env={"MONGODB_URI": uri}
    )
    try:
        ready = readyz(server)
        assert ready.status_code == 503, ready.text
        assert ready.json()["status"] == "unavailable"
        response = server.query(CLAIMS)
        assert response.status_code == 503, response.text
        assert codes_of(response) == ["STORE_UNAVAILABLE"]
        assert "127.0.0.1" not in response.text  # the client is told it is unavailable, not where it is
        assert httpx.get(server.base + "/healthz", timeout=CLIENT_TIMEOUT).status_code == 200
    finally:
        server.stop()
