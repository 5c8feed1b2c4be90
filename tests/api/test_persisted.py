"""Persisted queries: Apollo's APQ protocol and the allow-list mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.persisted import read_registered_documents, sha256_hex
from tests.api.conftest import AppFactory, client_for

QUERY = "{ claims { totalCount } }"
DIGEST = sha256_hex(QUERY)


def apq(digest: str = DIGEST) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def test_apq_flow(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"extensions": apq()})
    assert r.status_code == 200
    error = r.json()["errors"][0]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    r = await client.post("/graphql", json={"query": QUERY, "extensions": apq()})
    assert r.json() == {"data": {"claims": {"totalCount": 2}}}
    r = await client.get("/graphql", params={"extensions": json.dumps(apq())})
    assert r.json() == {"data": {"claims": {"totalCount": 2}}}
    assert r.headers["cache-control"].startswith("public")


async def test_apq_refuses_a_hash_that_does_not_match(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": QUERY, "extensions": apq("0" * 64)})
    assert r.status_code == 400
    assert "does not match" in r.json()["errors"][0]["message"]
    r = await client.post("/graphql", json={"extensions": {"persistedQuery": {"version": 2}}})
    assert r.status_code == 400


@pytest.fixture
def registered(tmp_path: Path) -> Path:
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps([QUERY]), encoding="utf-8")
    return path


async def test_allow_list_runs_only_registered_documents(make_app: AppFactory, registered: Path) -> None:
    async with client_for(make_app(allow_list_only=True, persisted_queries=registered)) as c:
        assert (await c.post("/graphql", json={"query": QUERY})).json() == {
            "data": {"claims": {"totalCount": 2}}
        }
        by_hash = await c.post("/graphql", json={"extensions": apq()})
        assert by_hash.json() == {"data": {"claims": {"totalCount": 2}}}
        r = await c.post("/graphql", json={"query": "{ articles { totalCount } }"})
        assert r.status_code == 403
        assert r.json()["errors"][0]["extensions"]["code"] == "QUERY_NOT_ALLOWED"
        other = "{ articles { totalCount } }"
        r = await c.post("/graphql", json={"query": other, "extensions": apq(sha256_hex(other))})
        assert r.status_code == 403  # nothing is learned from clients in allow-list mode


def test_persisted_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "p.json"
    bad.write_text('{"abc": "{ __typename }"}', encoding="utf-8")
    with pytest.raises(ValueError, match="p.json: entry abc"):
        read_registered_documents(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ValueError, match="p.json: not a JSON"):
        read_registered_documents(bad)
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({DIGEST: QUERY}), encoding="utf-8")
    assert read_registered_documents(ok) == {DIGEST: QUERY}
