"""The HTTP surface: routes, GraphQL over GET and POST, GraphiQL, status codes, error masking."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.base import Store
from tests.api.conftest import AppFactory, client_for

CLAIMS = (
    "{ claims(first: 5) { totalCount edges { node { text speaker { name } contradictedBy { text } } } } }"
)


async def test_healthz_answers_ok(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


async def test_post_query_returns_the_graph(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": CLAIMS})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert "errors" not in body
    claims = body["data"]["claims"]
    assert claims["totalCount"] == 2
    texts = {e["node"]["text"]: e["node"] for e in claims["edges"]}
    assert texts["the harbour bridge would reopen in May"]["speaker"] == {"name": "Ines Calder"}
    assert texts["the harbour bridge would reopen in May"]["contradictedBy"] == [
        {"text": "Critics disagreed"}
    ]
    assert r.headers["cache-control"] == "no-store"


async def test_get_query_runs_and_is_cacheable(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/graphql",
        params={
            "query": "query Q($n: Int) { claims(first: $n) { totalCount } }",
            "variables": '{"n": 1}',
            "operationName": "Q",
        },
    )
    assert r.status_code == 200
    assert r.json() == {"data": {"claims": {"totalCount": 2}}}
    assert r.headers["cache-control"].startswith("public, max-age=")


async def test_get_with_errors_is_not_cached(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", params={"query": "{ claims(first: 500) { totalCount } }"})
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert r.headers["cache-control"] == "no-store"


async def test_mutation_over_get_is_refused_with_405(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/graphql", params={"query": 'mutation { deleteArticle(id: "art_0000000000000000") }'}
    )
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert r.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_browser_get_serves_graphiql(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "graphiql" in r.text.lower()


@pytest.mark.parametrize(
    ("content", "headers", "status", "needle"),
    [
        (b"{not json", {"content-type": "application/json"}, 400, "not valid JSON"),
        (b"[1, 2]", {"content-type": "application/json"}, 400, "JSON object"),
        (b'{"query": 3}', {"content-type": "application/json"}, 400, "query must be a string"),
        (
            b'{"query": "{ __typename }", "variables": [1]}',
            {"content-type": "application/json"},
            400,
            "variables must be a JSON object",
        ),
        (b"{}", {"content-type": "application/json"}, 400, "Missing query"),
        (b"query=x", {"content-type": "application/x-www-form-urlencoded"}, 415, "must be application/json"),
    ],
)
async def test_malformed_requests_get_4xx_with_a_reason(
    client: httpx.AsyncClient, content: bytes, headers: dict[str, str], status: int, needle: str
) -> None:
    r = await client.post("/graphql", content=content, headers=headers)
    assert r.status_code == status
    error = r.json()["errors"][0]
    assert needle in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"


async def test_validation_failure_status_depends_on_accept(client: httpx.AsyncClient) -> None:
    legacy = await client.post("/graphql", json={"query": "{ nope }"})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    modern = await client.post(
        "/graphql", json={"query": "{ nope }"}, headers={"accept": "application/graphql-response+json"}
    )
    assert modern.status_code == 400
    assert modern.headers["content-type"].startswith("application/graphql-response+json")
    syntax = await client.post("/graphql", json={"query": "{ claims("})
    assert syntax.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_unacceptable_accept_gets_406(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"accept": "text/plain"})
    assert r.status_code == 406


async def test_bad_variables_are_a_request_error(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/graphql",
        json={"query": "query ($n: Int) { claims(first: $n) { totalCount } }", "variables": {"n": "many"}},
    )
    body = r.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def _assert_no_internals(text: str) -> None:
    for leak in ("Traceback", 'File "', "secret-path", "RuntimeError", ".py"):
        assert leak not in text


async def test_unexpected_errors_are_masked(make_app: AppFactory, store: Store, monkeypatch: Any) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom at /srv/secret-path/db.sqlite")

    monkeypatch.setattr(store, "_find", broken)
    monkeypatch.setattr(store, "_find_grouped", broken)
    app = make_app()
    async with client_for(app) as c:
        r = await c.post("/graphql", json={"query": CLAIMS})
    error = r.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert error["message"] == "Internal server error."
    _assert_no_internals(r.text)


async def test_debug_shows_the_message_but_never_a_trace(
    make_app: AppFactory, store: Store, monkeypatch: Any
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "_find", broken)
    async with client_for(make_app(debug=True)) as c:
        r = await c.post("/graphql", json={"query": CLAIMS})
    error = r.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "RuntimeError: boom" in error["message"]
    assert "Traceback" not in r.text


async def test_store_outage_then_recovery(make_app: AppFactory, data_dir: Path, tmp_path: Path) -> None:
    app = make_app()
    async with app.router.lifespan_context(app), client_for(app) as c:
        assert (await c.get("/readyz")).status_code == 200
        aside = tmp_path / "aside"
        shutil.move(str(data_dir), str(aside))
        try:
            down = await c.get("/readyz")
            assert down.status_code == 503
            assert down.json()["status"] == "unavailable" and down.json()["reason"]
            r = await c.post("/graphql", json={"query": CLAIMS})
            assert r.status_code == 503
            assert {e["extensions"]["code"] for e in r.json()["errors"]} == {"STORE_UNAVAILABLE"}
            _assert_no_internals(r.text)
        finally:
            shutil.move(str(aside), str(data_dir))
        assert (await c.get("/readyz")).status_code == 200
        again = await c.post("/graphql", json={"query": CLAIMS})
        assert again.status_code == 200 and again.json()["data"]["claims"]["totalCount"] == 2


async def test_app_opens_and_closes_its_own_store(tmp_path: Path) -> None:
    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(data=tmp_path / "own", preload_model=False))
    async with app.router.lifespan_context(app), client_for(app) as c:
        r = await c.get("/readyz")
        assert r.json() == {"status": "ready", "backend": "sqlite", "extraction": "lazy"}
    assert (tmp_path / "own").is_dir()


async def test_store_down_at_start_is_opened_when_it_returns(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.app
    from api.settings import Settings
    from store.base import StoreUnavailable

    reachable = False

    async def flaky_open_store(**kwargs: Any) -> Store:
        if not reachable:
            raise StoreUnavailable("database server at 127.0.0.1:1 is not answering")
        return store

    monkeypatch.setattr(api.app, "open_store", flaky_open_store)
    app = api.app.create_app(Settings(data=tmp_path / "unused", preload_model=False))
    app.state.stores.retry_seconds = 3600.0  # no clock in this test: "not yet" until set to 0
    async with app.router.lifespan_context(app), client_for(app) as c:
        assert (await c.get("/healthz")).status_code == 200
        down = await c.get("/readyz")
        assert down.status_code == 503 and "not answering" in down.json()["reason"]
        r = await c.post("/graphql", json={"query": CLAIMS})
        assert r.status_code == 503 and r.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        reachable = True
        assert (await c.get("/readyz")).status_code == 503  # failing fast until the retry interval
        app.state.stores.retry_seconds = 0.0
        assert (await c.get("/readyz")).status_code == 200
        r = await c.post("/graphql", json={"query": CLAIMS})
        assert r.json()["data"]["claims"]["totalCount"] == 2


async def test_the_api_answers_the_same_on_the_mongodb_backend() -> None:
    from api.app import create_app
    from api.settings import Settings
    from store import open_store
    from store.testing import mongomock_client
    from tests.api.conftest import tiny_graph

    mongo = await open_store(mongo_client=mongomock_client(), db_name="claimgraph_api_test")
    try:
        for collection, docs in tiny_graph().items():
            await mongo.upsert_many(collection, docs)
        app = create_app(Settings(preload_model=False), store=mongo)
        async with app.router.lifespan_context(app), client_for(app) as c:
            r = await c.post("/graphql", json={"query": CLAIMS})
            assert r.json()["data"]["claims"]["totalCount"] == 2
            ready = await c.get("/readyz")
            assert ready.json() == {"status": "ready", "backend": "mongodb", "extraction": "lazy"}
    finally:
        await mongo.close()
