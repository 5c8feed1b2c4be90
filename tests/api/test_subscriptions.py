"""Subscriptions through the app in-process: graphql-transport-ws over WebSocket and graphql-sse
(server-sent events) at /graphql, fed by the store's event log; keys, limits and the query rules
apply as over HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from api.keys import create_key
from api.settings import Settings
from store import open_store

PROTOCOL = "graphql-transport-ws"
STATEMENTS = """subscription($after: ID) { statementAdded(actor: "ines calder", after: $after) {
  eventId at claim { text speaker { name } article { title } } } }"""
ARTICLE = {
    "url": "https://gazette.example/ferry",
    "title": "Ferry to resume",
    "publishedAt": "2026-06-01",
    "text": "Mayor Ines Calder said the ferry would resume in June. The union said it would not.",
    "claims": [
        {"text": "the ferry would resume in June", "kind": "REPORTED", "cue": "said",
         "speaker": "Ines Calder"},
        {"text": "it would not", "kind": "REPORTED", "cue": "said", "speaker": "City Union",
         "speakerKind": "ORGANIZATION"},
    ],
    "relations": [{"from": 1, "to": 0, "type": "CONTRADICTS"}],
}  # fmt: skip
INGEST = "mutation($a: [ArticleInput!]!) { ingestArticles(articles: $a) { articleIds errors { message } } }"


async def _keys(data: Path) -> dict[str, str]:
    store = await open_store(data_dir=data)
    try:
        async with store.transaction():
            writer, _ = await create_key(store, "newsroom", frozenset({"write"}))
            other, _ = await create_key(store, "other", frozenset({"read"}))
    finally:
        await store.close()
    return {"writer": writer, "reader": other}


@pytest.fixture
def keys(filled: Path) -> dict[str, str]:
    return asyncio.run(_keys(filled))


@pytest.fixture
def client(filled: Path, keys: dict[str, str]) -> Iterator[TestClient]:
    settings = Settings(
        data=filled, preload_model=False, max_subscriptions_per_connection=2, max_connections_per_key=2
    )
    with TestClient(create_app(settings)) as c:
        yield c


def ingest(client: TestClient, key: str, article: dict[str, Any] = ARTICLE) -> dict[str, Any]:
    r = client.post("/graphql", json={"query": INGEST, "variables": {"a": [article]}},
                    headers={"authorization": f"Bearer {key}"})  # fmt: skip
    assert r.status_code == 200 and "errors" not in r.json(), r.text
    body: dict[str, Any] = r.json()
    assert body["data"]["ingestArticles"]["errors"] == []
    return body


def init(ws: Any, payload: dict[str, Any] | None = None) -> None:
    ws.send_json({"type": "connection_init", "payload": payload or {}})
    assert ws.receive_json() == {"type": "connection_ack"}


def next_payload(ws: Any, op_id: str) -> dict[str, Any]:
    while True:
        message = ws.receive_json()
        if message["type"] == "ping":
            continue
        assert message["type"] == "next" and message["id"] == op_id, message
        payload: dict[str, Any] = message["payload"]
        return payload


def test_a_write_reaches_a_websocket_subscriber_then_a_reconnect_replays_it(
    client: TestClient, keys: dict[str, str]
) -> None:
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        assert ws.accepted_subprotocol == PROTOCOL
        init(ws, {"authorization": f"Bearer {keys['reader']}"})
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": STATEMENTS}})
        ws.send_json({"type": "ping"})  # the subscription is running once the pong comes back
        assert ws.receive_json() == {"type": "pong"}
        ingest(client, keys["writer"])
        payload = next_payload(ws, "1")
        event = payload["data"]["statementAdded"]
        assert event["claim"] == {
            "text": "the ferry would resume in June",
            "speaker": {"name": "Ines Calder"},
            "article": {"title": "Ferry to resume"},
        }  # the union's statement went by: another speaker
        ws.send_json({"type": "complete", "id": "1"})
    missed_from = str(int(event["eventId"]) - 1)
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        init(ws)
        ws.send_json(
            {
                "type": "subscribe",
                "id": "r",
                "payload": {"query": STATEMENTS, "variables": {"after": missed_from}},
            }
        )
        replayed = next_payload(ws, "r")["data"]["statementAdded"]
        assert replayed["eventId"] == event["eventId"] and replayed["claim"] == event["claim"]


def test_relations_against_an_actor(client: TestClient, keys: dict[str, str]) -> None:
    query = """subscription { relationAdded(actor: "Ines Calder", type: CONTRADICTS) {
      relation { type method from { text speaker { name } } to { text } } } }"""
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        init(ws, {"x-api-key": keys["reader"]})
        ws.send_json({"type": "subscribe", "id": "c", "payload": {"query": query}})
        ws.send_json({"type": "ping"})
        assert ws.receive_json()["type"] == "pong"
        ingest(client, keys["writer"])
        relation = next_payload(ws, "c")["data"]["relationAdded"]["relation"]
        assert relation == {
            "type": "CONTRADICTS",
            "method": "CUE",
            "from": {"text": "it would not", "speaker": {"name": "City Union"}},
            "to": {"text": "the ferry would resume in June"},
        }


def test_article_ingested_and_a_query_over_the_socket(client: TestClient, keys: dict[str, str]) -> None:
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        init(ws)
        ws.send_json(
            {"type": "subscribe", "id": "q", "payload": {"query": "{ claims(first: 1) { totalCount } }"}}
        )
        assert next_payload(ws, "q") == {"data": {"claims": {"totalCount": 2}}}
        assert ws.receive_json() == {"type": "complete", "id": "q"}
        query = "subscription { articleIngested { claimCount newClaimCount article { title } } }"
        ws.send_json({"type": "subscribe", "id": "a", "payload": {"query": query}})
        ws.send_json({"type": "ping"})
        assert ws.receive_json()["type"] == "pong"
        ingest(client, keys["writer"])
        assert next_payload(ws, "a") == {
            "data": {
                "articleIngested": {
                    "claimCount": 2,
                    "newClaimCount": 2,
                    "article": {"title": "Ferry to resume"},
                }
            }
        }


def test_the_query_rules_and_errors_apply(client: TestClient) -> None:
    deep = "subscription { statementAdded { claim { " + "article { claims(first: 1) { edges { node { " * 4
    deep += "text" + " } } } }" * 4 + " } } }"
    cases = {
        "depth": (deep, "QUERY_TOO_COMPLEX"),
        "syntax": ("subscription {", "GRAPHQL_PARSE_FAILED"),
        "unknown actor": (
            'subscription { statementAdded(actor: "Nobody Here") { eventId } }',
            "BAD_USER_INPUT",
        ),
        "bad after": ('subscription { articleIngested(after: "x1") { eventId } }', "BAD_USER_INPUT"),
        "future after": ('subscription { articleIngested(after: "99") { eventId } }', "REPLAY_UNAVAILABLE"),
    }
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        init(ws)
        for name, (query, code) in cases.items():
            ws.send_json({"type": "subscribe", "id": name, "payload": {"query": query}})
            message = ws.receive_json()
            assert message["type"] == "error" and message["id"] == name, message
            assert [e["extensions"]["code"] for e in message["payload"]] == [code], message


def test_limits_per_connection_and_per_key(client: TestClient, keys: dict[str, str]) -> None:
    sub = {"query": "subscription { articleIngested { eventId } }"}
    auth = {"authorization": f"Bearer {keys['reader']}"}
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as first:
        init(first, auth)
        for op in ("1", "2", "3"):
            first.send_json({"type": "subscribe", "id": op, "payload": sub})
        message = first.receive_json()
        assert message["type"] == "error" and message["id"] == "3"
        assert message["payload"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as second:
            init(second, auth)
            with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as third:
                third.send_json({"type": "connection_init", "payload": auth})
                with pytest.raises(WebSocketDisconnect) as closed:
                    third.receive_json()
                assert closed.value.code == 1008 and "limit is 2" in closed.value.reason


@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ([{"type": "connection_init", "payload": {"authorization": "Bearer cg_not_a_key"}}], 4403),
        ([{"type": "subscribe", "id": "1", "payload": {"query": "{ __typename }"}}], 4401),
        ([{"type": "connection_init"}, {"type": "connection_init"}], 4429),
        (["not json"], 4400),
    ],
    ids=["bad key", "subscribe first", "init twice", "not json"],
)
def test_protocol_violations_close_with_the_protocols_codes(
    client: TestClient, messages: list[Any], code: int
) -> None:
    with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        with pytest.raises(WebSocketDisconnect) as closed:
            for message in messages:
                if isinstance(message, str):
                    ws.send_text(message)
                else:
                    ws.send_json(message)
            while True:
                ws.receive_json()
        assert closed.value.code == code


def test_another_subprotocol_is_refused(client: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/graphql", subprotocols=["graphql-ws"]):
            pass


def sse_events(text: str) -> list[tuple[str, str | None, Any]]:
    """(event, id, data) of each server-sent event; comments (keep-alives) skipped."""
    out = []
    for block in text.strip().split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            if line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            fields[name.rstrip(":")] = value
        if fields:
            data = fields.get("data")
            out.append((fields["event"], fields.get("id"), json.loads(data) if data else None))
    return out


def test_server_sent_events_replay_from_last_event_id(client: TestClient, keys: dict[str, str]) -> None:
    ingest(client, keys["writer"])
    body = {"query": 'subscription { statementAdded(actor: "Ines Calder") { eventId claim { text } } }'}
    lines: list[str] = []
    with client.stream(
        "POST", "/graphql", json=body, headers={"accept": "text/event-stream", "last-event-id": "0"}
    ) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            lines.append(line)
            if line.startswith("data: ") and "statementAdded" in line:
                break
    ((event, event_id, data),) = sse_events("\n".join(lines) + "\n\n")
    assert event == "next" and data["data"]["statementAdded"]["claim"] == {
        "text": "the ferry would resume in June"
    }
    assert event_id == data["data"]["statementAdded"]["eventId"]


def test_server_sent_events_answer_queries_and_stream_validation_errors(client: TestClient) -> None:
    headers = {"accept": "text/event-stream"}
    r = client.post("/graphql", json={"query": "{ claims(first: 1) { totalCount } }"}, headers=headers)
    assert sse_events(r.text) == [
        ("next", None, {"data": {"claims": {"totalCount": 2}}}),
        ("complete", None, None),
    ]
    r = client.post("/graphql", json={"query": "subscription { nope }"}, headers=headers)
    ((event, _, data), complete) = sse_events(r.text)
    assert event == "next" and data["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert complete[0] == "complete"
    r = client.post("/graphql", json={"query": "subscription { articleIngested { eventId } }"},
                    headers={**headers, "authorization": "Bearer cg_wrong"})  # fmt: skip
    assert r.status_code == 401 and r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_plain_http_refuses_a_subscription_saying_where_to_go(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "subscription { articleIngested { eventId } }"})
    (error,) = r.json()["errors"]
    assert "WebSocket" in error["message"] and "text/event-stream" in error["message"]


def test_keep_alives_and_the_init_timeout(filled: Path) -> None:
    settings = Settings(
        data=filled, preload_model=False, keepalive_seconds=0.05, connection_init_wait_seconds=0.2
    )
    with TestClient(create_app(settings)) as client:
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
            init(ws)
            assert ws.receive_json()["type"] == "ping"  # an idle connection is pinged
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:  # no connection_init: closed once the wait is over
                    ws.receive_json()
            assert closed.value.code == 4408


async def test_an_idle_stream_gets_keep_alives() -> None:
    from api.graphql_http import with_keepalive

    gate = asyncio.Event()

    async def slow() -> Any:
        await gate.wait()
        yield "event"

    seen: list[Any] = []
    async for item in with_keepalive(slow(), 0.01):
        seen.append(item)
        if len(seen) == 3:
            gate.set()
    assert seen[:3] == [None, None, None] and seen[-1] == "event"


def test_server_sent_event_streams_count_against_the_key(client: TestClient, keys: dict[str, str]) -> None:
    headers = {"accept": "text/event-stream", "authorization": f"Bearer {keys['reader']}"}
    body = {"query": "subscription { articleIngested { eventId } }"}
    limits = client.app.state.limits  # type: ignore[attr-defined]
    with client.stream("POST", "/graphql", json=body, headers=headers) as first:
        assert first.status_code == 200
        with client.stream("POST", "/graphql", json=body, headers=headers) as second:
            assert second.status_code == 200
            for _ in range(100):  # each stream takes its slot as its body starts
                if limits.open["other"] == 2:
                    break
                time.sleep(0.05)
            refused = client.post("/graphql", json=body, headers=headers)
            assert refused.status_code == 429
            assert refused.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_CONNECTIONS"
            assert limits.open["other"] == 2
    for _ in range(100):  # the streams' slots come back once they end
        if limits.open["other"] == 0:
            break
        time.sleep(0.05)
    assert limits.open["other"] == 0
