"""schemathesis (GraphQL mode) fuzzes the live server: every query and mutation field of the checked-in
schema.graphql, with a write+admin key so that mutations run rather than stop at authentication. No
response is a 5xx, none is an unexpected INTERNAL_SERVER_ERROR, and none shows a stack trace or an
internal file path.

The fuzzed server has a store of its own (mutations write to it). The schema is read from
schema.graphql at import time, so the fuzz cases exist before the server does; the first test proves
the live server serves exactly that schema. Examples are derandomized, so every run sends the same
requests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from graphql import (
    GraphQLSchema,
    IntValueNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_client_schema,
    build_schema,
    get_introspection_query,
    get_named_type,
    parse,
    print_ast,
    print_schema,
    visit,
)
from graphql.error import GraphQLError
from graphql.utilities import lexicographic_sort_schema
from hypothesis import HealthCheck, settings

from .conftest import CLIENT_TIMEOUT, FIXTURES, ROOT, LiveServer, create_key, load, start_server

pytestmark = pytest.mark.e2e

SDL = ROOT / "schema.graphql"
schema = schemathesis.graphql.from_path(SDL)
SDL_SCHEMA = build_schema(SDL.read_text(encoding="utf-8"))

# What a leaked trace or internal path looks like in a response body.
LEAKS = [
    re.compile(r"Traceback"),
    re.compile(r'File "'),
    re.compile(r"line \d+"),
    re.compile(r"site-packages|dist-packages"),
    re.compile(re.escape(str(ROOT))),
    re.compile(r"\b(?:api|schema|store|loaders)/[\w/]+\.py\b"),
    re.compile(r"\b(?:sqlite3|pymongo|graphql|strawberry|starlette|pydantic)\.[\w.]*(?:Error|Exception)\b"),
]


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    root = tmp_path_factory.mktemp("fuzz")
    data = root / "store"
    load(data, FIXTURES / "search_syntax.json", FIXTURES / "ferry_timetable.json")
    key = create_key(data, "fuzz", "admin")
    server = start_server(data, root / "serve.log")
    try:
        yield server, key
    finally:
        server.stop()


@pytest.fixture(scope="module")
def real_ids(fuzz_server: tuple[LiveServer, str]) -> list[str]:
    """Ids of the fuzzed server's articles, claims and entities, for the cases to aim at."""
    server, _key = fuzz_server
    body = server.query(
        "{ articles(first: 10) { edges { node { id } } } claims(first: 10) { edges { node { id } } }"
        " entities(first: 10) { edges { node { id } } } }"
    ).json()
    ids = [e["node"]["id"] for page in body["data"].values() for e in page["edges"]]
    assert len(ids) >= 6, body
    return sorted(ids)


class AimIdsAtRealObjects(Visitor):
    """Replaces two of every three ID argument values with a real id (chosen by the generated value,
    so derandomized runs stay repeatable); the rest stay as generated, bad ids included. Random
    ids alone never reach the resolvers past the id check; real ones make mutations merge, relate,
    review and delete real objects."""

    def __init__(self, type_info: TypeInfo, ids: list[str]) -> None:
        super().__init__()
        self.type_info = type_info
        self.ids = ids

    def _aim(self, node: StringValueNode | IntValueNode) -> StringValueNode | None:
        named = get_named_type(self.type_info.get_input_type())
        if named is None or named.name != "ID":
            return None
        pick = sum(node.value.encode())
        if pick % 3 == 0:
            return None
        return StringValueNode(value=self.ids[pick % len(self.ids)])

    def enter_string_value(self, node: StringValueNode, *_: Any) -> StringValueNode | None:
        return self._aim(node)

    def enter_int_value(self, node: IntValueNode, *_: Any) -> StringValueNode | None:
        return self._aim(node)


def aim_ids(query: str, ids: list[str], sdl_schema: GraphQLSchema) -> str:
    try:
        document = parse(query)
    except GraphQLError:
        return query  # a case that is not even GraphQL is sent as it is
    type_info = TypeInfo(sdl_schema)
    return print_ast(visit(document, TypeInfoVisitor(type_info, AimIdsAtRealObjects(type_info, ids))))


def test_live_server_serves_the_checked_in_schema(fuzz_server: tuple[LiveServer, str]) -> None:
    server, _key = fuzz_server
    response = httpx.post(
        server.graphql,
        json={"query": get_introspection_query(specified_by_url=True, input_value_deprecation=True)},
        timeout=CLIENT_TIMEOUT,
    )
    live = build_client_schema(response.json()["data"])
    checked_in = build_schema(SDL.read_text(encoding="utf-8"))
    assert print_schema(lexicographic_sort_schema(live)) == print_schema(
        lexicographic_sort_schema(checked_in)
    )


def leaks_in(text: str) -> list[str]:
    return [pattern.pattern for pattern in LEAKS if pattern.search(text)]


def test_leak_patterns_catch_a_python_trace() -> None:
    trace = (
        "Traceback (most recent call last):\n"
        f'  File "{ROOT}/store/sqlite.py", line 212, in _find\n'
        "sqlite3.OperationalError: no such table: claims\n"
        '  File "/usr/lib/python3/site-packages/starlette/routing.py", line 74'
    )
    assert len(leaks_in(trace)) == len(LEAKS)
    assert (
        leaks_in(
            '{"errors":[{"message":"first must be between 0 and 100, got -1","locations":[{"line":1}]}]}'
        )
        == []
    )


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_fuzzed_requests_get_no_5xx_and_no_trace(
    case: Any, fuzz_server: tuple[LiveServer, str], real_ids: list[str]
) -> None:
    server, key = fuzz_server
    if isinstance(case.body, str):
        case.body = aim_ids(case.body, real_ids, SDL_SCHEMA)
    response = case.call(
        base_url=server.graphql, headers={"Authorization": f"Bearer {key}"}, timeout=CLIENT_TIMEOUT
    )
    assert response.status_code < 500, f"{response.status_code}: {response.text[:2000]}"
    assert leaks_in(response.text) == [], response.text[:2000]
    body = response.json()
    internal = [
        e
        for e in body.get("errors") or []
        if (e.get("extensions") or {}).get("code") in (None, "INTERNAL_SERVER_ERROR")
    ]
    assert internal == [], f"unexpected errors (a bug, masked): {internal}\n{server.log_tail()}"
