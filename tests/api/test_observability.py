"""Metrics, structured logs with request ids, and CORS."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from api.logs import JsonFormatter
from tests.api.conftest import AppFactory, client_for


async def test_metrics_count_requests_and_store_operations(make_app: AppFactory) -> None:
    async with client_for(make_app(metrics_operations="Dossier")) as client:
        await exercise(client)


async def exercise(client: httpx.AsyncClient) -> None:
    await client.post(
        "/graphql", json={"query": "query Dossier { claims { totalCount edges { node { text } } } }"}
    )
    await client.post("/graphql", json={"query": "{ nope }"})
    r = await client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert 'claimgraph_requests_total{operation="Dossier",outcome="success"} 1.0' in text
    assert 'claimgraph_requests_total{operation="anonymous",outcome="rejected"} 1.0' in text
    assert 'claimgraph_request_duration_seconds_count{operation="Dossier"} 1.0' in text
    assert 'claimgraph_store_operations_total{collection="claims",kind="find"}' in text
    assert "claimgraph_articles_loaded_total 0.0" in text
    assert "claimgraph_claims_loaded_total 0.0" in text


async def test_operation_names_cannot_flood_the_metrics(make_app: AppFactory, tmp_path: Path) -> None:
    persisted = tmp_path / "persisted.json"
    persisted.write_text(json.dumps(["query Registered { __typename }"]), encoding="utf-8")
    app = make_app(metrics_operations="Dossier,Timeline", persisted_queries=persisted)
    async with client_for(app) as client:
        for i in range(210):  # junk names first: they must not push the real ones out
            await client.post("/graphql", json={"query": f"query Op{i} {{ __typename }}"})
        for name in ("Dossier", "Registered"):
            await client.post("/graphql", json={"query": f"query {name} {{ __typename }}"})
        text = (await client.get("/metrics")).text
    assert 'operation="Op' not in text
    assert 'claimgraph_requests_total{operation="other",outcome="success"} 210.0' in text
    assert 'claimgraph_requests_total{operation="Dossier",outcome="success"} 1.0' in text
    assert 'claimgraph_requests_total{operation="Registered",outcome="success"} 1.0' in text


async def test_request_id_is_returned_and_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="claimgraph.access"):
        r = await client.post("/graphql", json={"query": "query Hello { __typename }"})
    request_id = r.headers["x-request-id"]
    assert len(request_id) == 32
    record = next(rec for rec in caplog.records if rec.name == "claimgraph.access")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == request_id
    assert line["path"] == "/graphql" and line["status"] == 200
    assert line["operation"] == "Hello" and line["outcome"] == "success"
    assert isinstance(line["duration_ms"], float)


async def test_incoming_request_id_is_honoured_when_sane(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz", headers={"x-request-id": "trace-42.a:b"})
    assert r.headers["x-request-id"] == "trace-42.a:b"
    r = await client.get("/healthz", headers={"x-request-id": "bad id\twith <junk>"})
    assert r.headers["x-request-id"] != "bad id\twith <junk>" and len(r.headers["x-request-id"]) == 32


async def test_cors_follows_settings(make_app: AppFactory) -> None:
    async with client_for(make_app(cors_origins="https://app.example, https://b.example")) as c:
        pre = await c.options(
            "/graphql",
            headers={
                "origin": "https://app.example",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type,authorization",
            },
        )
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == "https://app.example"
        r = await c.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://b.example"}
        )
        assert r.headers["access-control-allow-origin"] == "https://b.example"
        r = await c.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in r.headers
    async with client_for(make_app()) as c:
        r = await c.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://app.example"}
        )
        assert "access-control-allow-origin" not in r.headers
