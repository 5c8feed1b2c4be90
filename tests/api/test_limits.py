"""Query limits and hostile input: each refused quickly with a clear error, the server unharmed."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from store.base import Store
from tests.api.conftest import AppFactory, client_for


def first_error(r: httpx.Response) -> dict[str, Any]:
    errors = r.json()["errors"]
    assert errors, r.text
    return dict(errors[0])


async def still_serving(c: httpx.AsyncClient) -> None:
    r = await c.post("/graphql", json={"query": "{ claims { totalCount } }"})
    assert r.json() == {"data": {"claims": {"totalCount": 2}}}


async def test_ten_thousand_level_nesting_is_refused_by_the_token_limit(client: httpx.AsyncClient) -> None:
    query = "{" + " a {" * 10_000 + " b" + " }" * 10_000 + " }"
    r = await client.post("/graphql", json={"query": query})
    error = first_error(r)
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    # graphql-core's parser has its own nesting guard, which trips before the token count does.
    assert "nested too deeply" in error["message"] or "more than 2000 tokens" in error["message"]
    await still_serving(client)


async def test_deep_nesting_past_a_raised_token_limit_is_still_refused(make_app: AppFactory) -> None:
    query = "{" + " a {" * 10_000 + " b" + " }" * 10_000 + " }"
    async with client_for(make_app(max_tokens=1_000_000)) as c:
        r = await c.post("/graphql", json={"query": query})
        error = first_error(r)
        assert error["extensions"]["code"] in {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}
        assert "nested too deeply" in error["message"] or "too deep" in error["message"]
        await still_serving(c)


async def test_ten_thousand_aliases_are_refused(client: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(10_000)) + " }"
    r = await client.post("/graphql", json={"query": query})
    error = first_error(r)
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"  # the token limit trips first
    assert "more than 2000 tokens" in error["message"]


async def test_alias_limit(make_app: AppFactory) -> None:
    async with client_for(make_app(max_aliases=3)) as c:
        ok = await c.post("/graphql", json={"query": "{ a: __typename b: __typename c: __typename }"})
        assert "errors" not in ok.json()
        r = await c.post(
            "/graphql", json={"query": "{ a: __typename b: __typename c: __typename d: __typename }"}
        )
    error = first_error(r)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "more than 3" in error["message"]


DEEP = (
    '{ actor(name: "Ines Calder") { statements { edges { node { contradictedBy { speaker { statements '
    "{ edges { node { article { claims { edges { node { text } } } } } } } } } } } } } }"
)


async def test_depth_limit_counts_through_fragments(make_app: AppFactory) -> None:
    async with client_for(make_app(max_depth=5)) as c:
        r = await c.post("/graphql", json={"query": DEEP})
        error = first_error(r)
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert "more than 5 levels" in error["message"]
        hidden = (
            "{ claims { ...E } } fragment E on ClaimConnection { edges { node { speaker { ...S } } } } "
            "fragment S on Entity { statements { edges { node { text } } } }"
        )
        r = await c.post("/graphql", json={"query": hidden})
        assert first_error(r)["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    async with client_for(make_app(max_depth=20)) as c:
        assert "errors" not in (await c.post("/graphql", json={"query": DEEP})).json()


COSTLY = (
    "query ($n: Int) { claims(first: $n) { edges { node { speaker { statements(first: $n) { edges { node { "
    "article { claims(first: $n) { totalCount } } } } } } } } } }"
)


async def test_cost_limit_multiplies_connections(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": COSTLY, "variables": {"n": 100}})
    error = first_error(r)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "cost exceeds 50000" in error["message"]
    cheap = await client.post("/graphql", json={"query": COSTLY, "variables": {"n": 5}})
    assert "errors" not in cheap.json()


async def test_first_of_a_million_is_refused_by_the_schema(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": "{ claims(first: 1000000) { totalCount } }"})
    error = first_error(r)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first must be between 0 and 100" in error["message"]


async def test_fifty_megabyte_body_gets_413(client: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "pad": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    r = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert first_error(r)["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    await still_serving(client)


async def test_oversized_body_without_content_length_gets_413(make_app: AppFactory) -> None:
    async def chunks() -> Any:
        for _ in range(5):
            yield b" " * 1024

    async with client_for(make_app(max_body_bytes=2048)) as c:
        r = await c.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


async def test_introspection_can_be_turned_off(make_app: AppFactory) -> None:
    async with client_for(make_app(introspection=False)) as c:
        r = await c.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        assert first_error(r)["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "introspection" in first_error(r)["message"].lower()
        ok = await c.post("/graphql", json={"query": "{ __typename }"})
        assert ok.json() == {"data": {"__typename": "Query"}}


async def test_time_budget_stops_a_slow_request(make_app: AppFactory, store: Store, monkeypatch: Any) -> None:
    original = store._find

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(5)
        return await original(*args, **kwargs)

    monkeypatch.setattr(store, "_find", slow)
    async with client_for(make_app(request_timeout_seconds=0.05)) as c:
        r = await c.post("/graphql", json={"query": "{ claims { edges { node { text } } } }"})
    error = first_error(r)
    assert error["extensions"]["code"] == "TIMEOUT"
    assert "time budget of 0.05 s" in error["message"]


@pytest.mark.parametrize("search", ["$where", '{"$gt": ""}', ".*", "(a|b)+$", "\\"])
async def test_operator_and_regex_text_is_taken_literally(client: httpx.AsyncClient, search: str) -> None:
    r = await client.post(
        "/graphql",
        json={
            "query": "query ($s: String) { claims(filter: {search: $s}) { totalCount } }",
            "variables": {"s": search},
        },
    )
    assert r.json() == {"data": {"claims": {"totalCount": 0}}}


@pytest.mark.parametrize("descriptions", [False, True])
async def test_standard_introspection_query_passes_the_limits(
    client: httpx.AsyncClient, descriptions: bool
) -> None:
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=descriptions, input_value_deprecation=True)
    r = await client.post("/graphql", json={"query": query})
    assert "errors" not in r.json(), r.text[:500]
    assert r.json()["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_a_cursor_from_another_connection_is_refused(client: httpx.AsyncClient) -> None:
    r = await client.post("/graphql", json={"query": "{ articles(first: 1) { pageInfo { endCursor } } }"})
    cursor = r.json()["data"]["articles"]["pageInfo"]["endCursor"]
    r = await client.post(
        "/graphql",
        json={"query": "query ($c: String) { claims(after: $c) { totalCount } }", "variables": {"c": cursor}},
    )
    error = first_error(r)
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "cursor" in error["message"].lower()


@pytest.mark.parametrize("bad_id", ["art_0000000000000000", "not-an-id", "clm_' OR 1=1 --", "$where"])
async def test_ids_of_the_wrong_type_are_refused(client: httpx.AsyncClient, bad_id: str) -> None:
    r = await client.post(
        "/graphql",
        json={"query": "query ($id: ID!) { claim(id: $id) { text } }", "variables": {"id": bad_id}},
    )
    error = first_error(r)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "id" in error["message"]
