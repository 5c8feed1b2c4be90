"""API keys over HTTP: writes need `write`, reads need a key only when the setting says so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from api.keys import authenticate, create_key, hash_token, list_keys, revoke_key
from store.base import Store
from tests.api.conftest import HOLD_LOCK, ROOT, AppFactory, client_for, tiny_graph

CLAIM_IDS = [c["_id"] for c in tiny_graph()["claims"]]
RELATE = {
    "query": "mutation ($f: ID!, $t: ID!) { relateClaims(from: $f, to: $t, type: SUPPORTS) { type method } }",
    "variables": {"f": CLAIM_IDS[0], "t": CLAIM_IDS[1]},
}
ARTICLE_ID = tiny_graph()["articles"][0]["_id"]
DELETE = {"query": "mutation ($id: ID!) { deleteArticle(id: $id) }", "variables": {"id": ARTICLE_ID}}


def code_of(r: httpx.Response) -> str:
    return str(r.json()["errors"][0]["extensions"]["code"])


async def test_keys_are_stored_hashed(store: Store) -> None:
    token, doc = await create_key(store, "bot", frozenset({"read"}))
    assert token.startswith("cg_") and len(token) > 40
    stored = (await store.get_many("keys", [doc["_id"]]))[doc["_id"]]
    assert token not in str(stored) and stored["hash"] == hash_token(token)
    assert all("hash" not in k for k in await list_keys(store))
    principal = await authenticate(store, token)
    assert principal.name == "bot" and principal.scopes == frozenset({"read"})


async def test_mutation_without_key_is_401(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json=RELATE)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert code_of(r) == "UNAUTHENTICATED"


async def test_mutation_with_read_key_is_403(client: httpx.AsyncClient, store: Store) -> None:
    token, _ = await create_key(store, "reader", frozenset({"read"}))
    r = await client.post("/graphql", json=RELATE, headers={"authorization": f"Bearer {token}"})
    assert r.status_code == 403 and code_of(r) == "FORBIDDEN"


async def test_write_key_writes_with_either_header(client: httpx.AsyncClient, store: Store) -> None:
    token, _ = await create_key(store, "writer", frozenset({"write"}))
    r = await client.post("/graphql", json=RELATE, headers={"x-api-key": token})
    assert r.status_code == 200, r.text
    assert r.json() == {"data": {"relateClaims": {"type": "SUPPORTS", "method": "CURATED"}}}
    r = await client.post("/graphql", json=RELATE, headers={"authorization": f"Bearer {token}"})
    assert r.status_code == 200 and "errors" not in r.json()


async def test_admin_mutations_need_admin(client: httpx.AsyncClient, store: Store) -> None:
    writer, _ = await create_key(store, "writer", frozenset({"write"}))
    r = await client.post("/graphql", json=DELETE, headers={"x-api-key": writer})
    assert r.status_code == 403 and code_of(r) == "FORBIDDEN"
    admin, _ = await create_key(store, "admin", frozenset({"admin"}))
    r = await client.post("/graphql", json=DELETE, headers={"x-api-key": admin})
    assert r.json() == {"data": {"deleteArticle": True}}
    gone = await client.post("/graphql", json={"query": "{ claims { totalCount } }"})
    assert gone.json() == {"data": {"claims": {"totalCount": 0}}}


async def test_unknown_malformed_and_revoked_keys_are_401(client: httpx.AsyncClient, store: Store) -> None:
    query = {"query": "{ __typename }"}
    for headers, reason in [
        ({"x-api-key": "cg_" + "x" * 43}, "not valid"),
        ({"x-api-key": "hunter2"}, "malformed"),
        ({"authorization": "Basic dXNlcjpwYXNz"}, "Bearer"),
    ]:
        r = await client.post("/graphql", json=query, headers=headers)
        assert r.status_code == 401 and code_of(r) == "UNAUTHENTICATED"
        assert reason in r.json()["errors"][0]["message"]
    token, doc = await create_key(store, "old", frozenset({"read"}))
    assert (await client.post("/graphql", json=query, headers={"x-api-key": token})).status_code == 200
    await revoke_key(store, doc["_id"])
    r = await client.post("/graphql", json=query, headers={"x-api-key": token})
    assert r.status_code == 401 and "revoked" in r.json()["errors"][0]["message"]


async def test_reads_need_a_key_when_required(make_app: AppFactory, store: Store) -> None:
    token, _ = await create_key(store, "reader", frozenset({"read"}))
    async with client_for(make_app(require_read_key=True)) as c:
        r = await c.post("/graphql", json={"query": "{ claims { totalCount } }"})
        assert r.status_code == 401 and code_of(r) == "UNAUTHENTICATED"
        r = await c.get(
            "/graphql", params={"query": "{ claims { totalCount } }"}, headers={"x-api-key": token}
        )
        assert r.json() == {"data": {"claims": {"totalCount": 2}}}
        assert r.headers["cache-control"].startswith("private")  # never in a shared cache


async def test_ingest_articles_counts_what_it_loaded(client: httpx.AsyncClient, store: Store) -> None:
    token, _ = await create_key(store, "partner", frozenset({"write"}))
    mutation = (
        "mutation ($a: [ArticleInput!]!) "
        "{ ingestArticles(articles: $a) { articleIds errors { index message } } }"
    )
    article = {
        "title": "Ferry timetable changes",
        "text": "The ferry operator said on Monday that winter sailings would start in October. "
        '"We will add a late boat," said Marta Lind, the operator\'s spokeswoman.',
        "publisher": "The Harbour Gazette",
    }
    r = await client.post(
        "/graphql",
        json={"query": mutation, "variables": {"a": [article, {"title": "empty", "text": "  "}]}},
        headers={"x-api-key": token},
    )
    result = r.json()["data"]["ingestArticles"]
    assert len(result["articleIds"]) == 1
    assert [e["index"] for e in result["errors"]] == [1]
    metrics = (await client.get("/metrics")).text
    assert "claimgraph_articles_loaded_total 1.0" in metrics
    assert "claimgraph_claims_loaded_total 0.0" not in metrics


async def test_a_write_while_another_process_holds_the_store_is_store_busy(
    client: httpx.AsyncClient, store: Store, data_dir: Path
) -> None:
    token, _ = await create_key(store, "writer", frozenset({"write"}))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        r = await client.post("/graphql", json=RELATE, headers={"x-api-key": token})
        error = r.json()["errors"][0]
        assert error["extensions"]["code"] == "STORE_BUSY"
        assert "try again" in error["message"]
    finally:
        holder.communicate("\n", timeout=30)
    r = await client.post("/graphql", json=RELATE, headers={"x-api-key": token})
    assert "errors" not in r.json()
