"""Partner writes over HTTP against a live server: API keys made with `claimgraph keys` decide 401 /
403 / success, a key revoked from the command line stops working at once in the running server,
mutations never run over GET, and ingestArticles takes hostile text literally and refuses bad
articles one by one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .conftest import CLIENT_TIMEOUT, FIXTURES, LiveServer, codes_of, load, run_cli, start_server

pytestmark = pytest.mark.e2e

INGEST = """mutation($articles: [ArticleInput!]!) {
  ingestArticles(articles: $articles) { articleIds claimCount errors { index message } }
}"""
HOSTILE_TEXT = 'Rates rose. "Ignore {"$where": "sleep(100)"} and .* please," clerk Nora Vale said.'


def create_key(server: LiveServer, name: str, scopes: str) -> tuple[str, str]:
    """(token, key id) of a new key, made by the command line while the server runs."""
    done = run_cli(server.data, "keys", "create", name, "--scopes", scopes)
    assert done.returncode == 0, done.stderr
    found = re.search(r"created (\S+)", done.stderr)
    assert found, done.stderr
    return done.stdout.strip(), found.group(1)


@pytest.fixture(scope="module")
def keys(writes_server: LiveServer) -> dict[str, str]:
    """A read key and a write key, shared by the tests that do not change them."""
    return {scope: create_key(writes_server, scope, scope)[0] for scope in ("read", "write")}


@pytest.fixture(scope="module")
def writes_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("writes")
    data = root / "store"
    load(data, FIXTURES / "ferry_timetable.json")
    server = start_server(data, root / "serve.log")
    try:
        yield server
    finally:
        server.stop()


def post(
    server: LiveServer, query: str, variables: dict[str, Any] | None, token: str | None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return server.query(query, variables, headers=headers)


def an_article(
    title: str, text: str = "The pier reopens on Monday, harbour master Ida Vos said."
) -> dict[str, Any]:
    return {"title": title, "text": text, "publisher": "Coastal Tribune", "publishedAt": "2026-03-09"}


def test_write_without_a_key_is_401(writes_server: LiveServer) -> None:
    response = post(writes_server, INGEST, {"articles": [an_article("No key")]}, None)
    assert response.status_code == 401
    assert codes_of(response) == ["UNAUTHENTICATED"]
    assert response.headers.get("www-authenticate", "").startswith("Bearer")


def test_write_with_an_unknown_key_is_401(writes_server: LiveServer) -> None:
    response = post(writes_server, INGEST, {"articles": [an_article("Bad key")]}, "cg_" + "x" * 43)
    assert response.status_code == 401
    assert codes_of(response) == ["UNAUTHENTICATED"]
    assert "cg_xxx" not in response.text  # the key is never echoed


def test_write_with_a_read_key_is_403(writes_server: LiveServer, keys: dict[str, str]) -> None:
    token = keys["read"]
    response = post(writes_server, INGEST, {"articles": [an_article("Read key")]}, token)
    assert response.status_code == 403
    assert codes_of(response) == ["FORBIDDEN"]
    # ... while the same key reads fine.
    read = post(writes_server, "{ articles(first: 1) { totalCount } }", None, token)
    assert read.status_code == 200 and "errors" not in read.json()


def test_admin_mutation_with_a_write_key_is_403(writes_server: LiveServer, keys: dict[str, str]) -> None:
    token = keys["write"]
    article_id = writes_server.query("{ articles(first: 1) { edges { node { id } } } }").json()["data"][
        "articles"
    ]["edges"][0]["node"]["id"]
    response = post(writes_server, "mutation($id: ID!) { deleteArticle(id: $id) }", {"id": article_id}, token)
    assert response.status_code == 403
    assert codes_of(response) == ["FORBIDDEN"]
    still = writes_server.query("query($id: ID!) { article(id: $id) { id } }", {"id": article_id}).json()
    assert still["data"]["article"] == {"id": article_id}


def test_key_revoked_from_the_command_line_stops_working_in_the_running_server(
    writes_server: LiveServer,
) -> None:
    token, key_id = create_key(writes_server, "soon revoked", "write")
    ok = post(writes_server, INGEST, {"articles": [an_article("Before revocation")]}, token)
    assert ok.status_code == 200 and "errors" not in ok.json(), ok.text
    revoked = run_cli(writes_server.data, "keys", "revoke", key_id)
    assert revoked.returncode == 0, revoked.stderr
    response = post(writes_server, INGEST, {"articles": [an_article("After revocation")]}, token)
    assert response.status_code == 401
    assert codes_of(response) == ["UNAUTHENTICATED"]
    titles = writes_server.query('{ articles(first: 20, search: "revocation") { edges { node { title } } } }')
    assert [e["node"]["title"] for e in titles.json()["data"]["articles"]["edges"]] == ["Before revocation"]


def test_mutation_over_get_never_runs(writes_server: LiveServer, keys: dict[str, str]) -> None:
    token = keys["write"]
    response = httpx.get(
        writes_server.graphql,
        params={
            "query": INGEST,
            "variables": '{"articles": [{"title": "Over GET", "text": "Hello there."}]}',
        },
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=CLIENT_TIMEOUT,
    )
    assert response.status_code == 405
    assert codes_of(response) == ["METHOD_NOT_ALLOWED"]
    found = writes_server.query('{ articles(search: "Over GET") { totalCount } }').json()
    assert found["data"]["articles"]["totalCount"] == 0


def test_ingest_takes_operator_text_literally_and_refuses_bad_articles_alone(
    writes_server: LiveServer, keys: dict[str, str]
) -> None:
    token = keys["write"]
    articles = [
        an_article("Clerk warns about operators", HOSTILE_TEXT),
        {"title": "No text at all", "text": ""},
        an_article("Second good one"),
    ]
    response = post(writes_server, INGEST, {"articles": articles}, token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result = body["data"]["ingestArticles"]
    assert len(result["articleIds"]) == 2
    assert [e["index"] for e in result["errors"]] == [1]
    assert "text" in result["errors"][0]["message"]

    stored = writes_server.query(
        "query($id: ID!) { article(id: $id) { title text } }", {"id": result["articleIds"][0]}
    ).json()
    assert stored["data"]["article"] == {"title": "Clerk warns about operators", "text": HOSTILE_TEXT}
    search = writes_server.query(
        "query($s: String!) { articles(search: $s) { edges { node { title } } } }", {"s": "operators"}
    ).json()
    assert [e["node"]["title"] for e in search["data"]["articles"]["edges"]] == [
        "Clerk warns about operators"
    ]


def test_operator_as_an_input_field_is_refused(writes_server: LiveServer, keys: dict[str, str]) -> None:
    token = keys["write"]
    article = {**an_article("Operator field"), "$where": "1"}
    response = post(writes_server, INGEST, {"articles": [article]}, token)
    assert response.status_code < 500
    assert codes_of(response) == ["BAD_USER_INPUT"], response.text
    found = writes_server.query('{ articles(search: "Operator field") { totalCount } }').json()
    assert found["data"]["articles"]["totalCount"] == 0


def test_more_than_one_hundred_articles_are_refused(writes_server: LiveServer, keys: dict[str, str]) -> None:
    token = keys["write"]
    response = post(writes_server, INGEST, {"articles": [an_article(f"Bulk {i}") for i in range(101)]}, token)
    assert response.status_code < 500
    assert codes_of(response) == ["BAD_USER_INPUT"], response.text
    found = writes_server.query('{ articles(search: "Bulk") { totalCount } }').json()
    assert found["data"]["articles"]["totalCount"] == 0
