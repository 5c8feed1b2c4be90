"""The API's side of "nothing acknowledged is ever lost" and of bounded work (issue 9): requests that
used to slip past a limit, and the states a client and an operator must be able to tell apart.

- the cost limit holds when `first` comes from an operation variable's default;
- ingestArticles counts every article of a request, aliases included, before any input is coerced;
- a busy store answers 503 with Retry-After; a full one 507 STORE_FULL, logged with its cause, and
  /readyz says so until there is room again;
- with introspection off, no error suggests a field, argument, type or enum value;
- deleteArticle of an unknown id answers false, as the schema says;
- the embedded store's files are the owner's alone.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.keys import create_key
from api.settings import Settings
from store import StoreFull, open_store
from store.base import Store
from tests.api.conftest import HOLD_LOCK, ROOT, AppFactory, client_for

INGEST = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { articleIds } }"
DEEP = """query($f: Int = 100) { entities(first: $f) { edges { node { name
  statements(first: $f) { edges { node { text kind cue statedAt speakerMention } } } } } } }"""


async def key(store: Store, *scopes: str) -> dict[str, str]:
    token, _ = await create_key(store, "partner", frozenset(scopes or ("read", "write", "admin")))
    return {"authorization": f"Bearer {token}"}


async def test_cost_counts_a_variable_default(client: httpx.AsyncClient) -> None:
    for body in ({"query": DEEP}, {"query": DEEP, "variables": {}}, {"query": DEEP, "variables": {"f": 100}}):
        r = await client.post("/graphql", json=body)
        (error,) = r.json()["errors"]
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", body
    r = await client.post("/graphql", json={"query": DEEP, "variables": {"f": 3}})
    assert "errors" not in r.json()


async def test_aliases_count_together_in_the_article_limit(client: httpx.AsyncClient, store: Store) -> None:
    headers = await key(store, "write")
    fields = " ".join(f"a{i}: ingestArticles(articles: $articles) {{ articleIds }}" for i in range(3))
    query = f"mutation($articles: [ArticleInput!]!) {{ {fields} }}"
    articles = [{"text": f"Mayor Ines Calder said pier {i} would reopen in May."} for i in range(40)]
    before = await store.count("articles", {})
    r = await client.post(
        "/graphql", json={"query": query, "variables": {"articles": articles}}, headers=headers
    )
    (error,) = r.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "at most 100 articles per request, got 120" in error["message"]
    assert await store.count("articles", {}) == before


async def test_a_huge_article_list_is_refused_before_it_is_coerced(
    client: httpx.AsyncClient, store: Store
) -> None:
    headers = await key(store, "write")
    query = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { articleIds } }"
    items = [{"text": "a"}] * 60_000  # ~780 KB of JSON: under the body limit
    r = await client.post("/graphql", json={"query": query, "variables": {"a": items}}, headers=headers)
    (error,) = r.json()["errors"]
    assert "got 60000" in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_busy_store_answers_503_with_retry_after(
    make_app: AppFactory, store: Store, data_dir: Path
) -> None:
    headers = await key(store)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert isinstance(store, Store)
        store.lock.timeout = 0  # type: ignore[attr-defined]
        async with client_for(make_app()) as client:
            r = await client.post(
                "/graphql",
                json={"query": 'mutation { deleteArticle(id: "art_0000000000000000") }'},
                headers=headers,
            )
        assert r.status_code == 503 and r.headers["retry-after"] == "2", r.text
        assert r.json()["errors"][0]["extensions"]["code"] == "STORE_BUSY"
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()


async def fill_until_full(store: Store) -> int:
    """Write ~50 KB documents until the store refuses one; returns how many went in."""
    n = 0
    while True:
        try:
            await store.upsert_many(
                "reviews", [{"_id": f"rev_{n:06d}", "order": f"{n:06d}", "pad": "x" * 50_000}]
            )
        except StoreFull:
            return n
        n += 1
        assert n < 1000, "the size limit never bit"


async def test_a_full_store_answers_507_and_readyz_says_so_until_there_is_room(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await open_store(data_dir=tmp_path / "full", max_bytes=2_000_000)
    headers = await key(store)
    written = await fill_until_full(store)
    assert written > 10 and store.full is not None and not await store.has_room()
    app = create_app(Settings(data=tmp_path / "full", preload_extraction=False), store=store)
    try:
        async with client_for(app) as client:
            ready = await client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["status"] == "full"
            assert "size limit" in ready.json()["reason"]
            with caplog.at_level(logging.ERROR, logger="claimgraph.api"):
                r = await client.post(
                    "/graphql",
                    json={
                        "query": INGEST,
                        # Claims given (none): no extraction, just ~90 KB that no longer fit.
                        "variables": {
                            "a": [
                                {"text": "Mayor Ines Calder said the pier will reopen. " * 2000, "claims": []}
                            ]
                        },
                    },
                    headers=headers,
                )
            assert r.status_code == 507, r.text
            assert r.json()["errors"][0]["extensions"]["code"] == "STORE_FULL"
            assert any("store is full" in rec.getMessage() for rec in caplog.records)
            # Reads still work.
            q = await client.post("/graphql", json={"query": "{ articles(first: 1) { totalCount } }"})
            assert q.status_code == 200 and "errors" not in q.json()
            # Room again (documents deleted: their pages are free for reuse): ready again.
            await store.delete_many("reviews", [f"rev_{n:06d}" for n in range(written)])
            ready = await client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["status"] == "ready"
    finally:
        await store.close()


async def test_no_suggestions_when_introspection_is_off(make_app: AppFactory, store: Store) -> None:
    headers = await key(store)
    probes: list[dict[str, Any]] = [
        {"query": "{ claims(first: 1) { edges { node { txt } } } }"},  # a field
        {"query": "{ claims(frist: 1) { totalCount } }"},  # an argument
        {"query": "query($k: ClaimKnd) { __typename }"},  # a type
        {"query": "{ claims(filter: {kind: DIRCT}) { totalCount } }"},  # an enum value
        {
            "query": "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { articleIds } }",
            "variables": {"a": [{"txt": "x"}]},
        },  # an input field, in a variable
    ]
    async with client_for(make_app(introspection=False)) as client:
        for probe in probes:
            r = await client.post("/graphql", json=probe, headers=headers)
            messages = [e["message"] for e in r.json()["errors"]]
            assert messages and not any("Did you mean" in m for m in messages), (probe, messages)
    async with client_for(make_app(introspection=True)) as client:
        r = await client.post("/graphql", json=probes[0])
        assert "Did you mean" in r.json()["errors"][0]["message"]  # shown when the schema is public


async def test_delete_article_of_an_unknown_id_answers_false(client: httpx.AsyncClient, store: Store) -> None:
    headers = await key(store, "admin")
    r = await client.post(
        "/graphql", json={"query": 'mutation { deleteArticle(id: "art_0123456789abcdef") }'}, headers=headers
    )
    assert r.json() == {"data": {"deleteArticle": False}}


async def test_store_files_are_the_owners_alone(tmp_path: Path) -> None:
    folder = tmp_path / "private"
    folder.mkdir(mode=0o755)
    (folder / "claimgraph.sqlite3").touch(mode=0o644)  # as an older version left them
    os.chmod(folder / "claimgraph.sqlite3", 0o644)
    store = await open_store(data_dir=folder)
    try:
        await store.upsert_many("keys", [{"_id": "key_0", "hash": "h"}])
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    finally:
        await store.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert modes and all(mode == 0o600 for mode in modes.values()), modes
    assert "writer.lock" in modes
