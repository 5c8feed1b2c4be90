"""Every error carries extensions.code; unexpected ones are masked unless debug. The schema tests
run through the API's runner, so this is the one error formatter every transport uses."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from store.base import Store, StoreLocked, StoreUnavailable
from tests.schema.conftest import World, run

QUERY = "{ claims(first: 1) { edges { node { id } } } }"


def _only_error(result: Any) -> tuple[str, dict[str, Any]]:
    assert result.errors and len(result.errors) == 1, result.errors
    return result.errors[0].message, result.errors[0].extensions


async def test_unexpected_error_is_masked(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk /var/secret/claims.db: page 7 corrupt")

    monkeypatch.setattr(store, "_find", broken)
    message, extensions = _only_error(await run(store, QUERY))
    assert message == "Internal server error."
    assert extensions == {"code": "INTERNAL_SERVER_ERROR"}


async def test_debug_shows_the_cause(store: Store, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("page 7 corrupt")

    monkeypatch.setattr(store, "_find", broken)
    message, extensions = _only_error(await run(store, QUERY, debug=True))
    assert message == "Internal server error. RuntimeError: page 7 corrupt"
    assert extensions == {"code": "INTERNAL_SERVER_ERROR"}


async def test_store_outage_has_its_own_code(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def gone(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("cannot open /data/claimgraph/store.db")

    monkeypatch.setattr(store, "_get_many", gone)
    result = await run(store, "query($id: ID!) { claim(id: $id) { id } }", {"id": world.denial})
    message, extensions = _only_error(result)
    assert extensions == {"code": "STORE_UNAVAILABLE"}
    assert "/data" not in message and "unavailable" in message


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ claims(first: 1) ", "GRAPHQL_PARSE_FAILED"),
        ("{ actor(name: 3) { id } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_query_errors_are_coded(store: Store, query: str, code: str) -> None:
    message, extensions = _only_error(await run(store, query))
    assert extensions == {"code": code}
    assert message


async def test_partial_data_keeps_the_good_fields(store: Store, world: World) -> None:
    query = """query($good: ID!) { good: claim(id: $good) { id } bad: claim(id: "nope") { id } }"""
    result = await run(store, query, {"good": world.denial})
    assert result.data == {"good": {"id": world.denial}, "bad": None}
    message, extensions = _only_error(result)
    assert extensions == {"code": "BAD_USER_INPUT"} and message.startswith("id: ")


async def test_only_unexpected_errors_are_logged(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await run(store, '{ claim(id: "nope") { id } }')  # a client mistake: answered, not logged
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("page 7 corrupt")

    monkeypatch.setattr(store, "_find", broken)
    await run(store, QUERY)
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1 and logged[0].name == "claimgraph.api"
    assert logged[0].exc_info is not None and "page 7 corrupt" in str(logged[0].exc_info[1])


async def test_store_locked_is_busy(store: Store, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    async def locked(*args: Any, **kwargs: Any) -> Any:
        raise StoreLocked("held by pid 4242")

    monkeypatch.setattr(store, "_find", locked)
    message, extensions = _only_error(await run(store, QUERY))
    assert extensions == {"code": "STORE_BUSY"} and "4242" not in message
