"""Hostile input against a live `claimgraph serve`: each attack is refused (or answered) with a clear
error carrying `extensions.code`, within the client's generous timeout, and the server still answers
`{ __typename }` afterwards. Search and filter strings full of regex syntax and MongoDB operators are
taken literally: they find the one fixture claim (search_syntax.json) that contains them as text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import CLIENT_TIMEOUT, LiveServer, codes_of, errors_of, start_server

pytestmark = pytest.mark.e2e

# A refusal of a 40-fragment document is a few milliseconds of work; a server that has not answered
# in 15 s is wedged. Shorter than CLIENT_TIMEOUT only to keep the known-bug test cheap.
BOMB_TIMEOUT = 15.0

# The fixture claim that holds every hostile string below, literally.
LITERAL_CLAIM = 'Never paste (a+)+$ or .* or {"$gt": ""} or $where into a search box'
LITERAL_TITLE = "Search boxes and the (a+)+$ trap: why .* is not a query"
HOSTILE_STRINGS = [".*", "(a+)+$", '{"$gt": ""}', "$where", '""}', "+)+"]
# Strings that are operators or wildcards somewhere (regex, LIKE, GLOB, MongoDB) and appear in no
# fixture text: taken literally they match nothing.
MATCH_NOTHING = ["^.*$", "%", "_", "[a-z]*", "\\", "**", "$ne", "'; DROP TABLE claims; --", "%'--", "a|e"]


@pytest.fixture
def server(live_server: LiveServer) -> Iterator[LiveServer]:
    """The shared server, checked to be alive and answering after each attack."""
    yield live_server
    assert live_server.alive(), f"the server stopped answering:\n{live_server.log_tail()}"


def assert_refused(response: httpx.Response, *expected_codes: str) -> list[dict[str, Any]]:
    """A clear refusal: not a 5xx, at least one error, every error with one of `expected_codes`."""
    assert response.status_code < 500, response.text[:2000]
    errors = errors_of(response)
    assert errors, f"expected a refusal, got {response.text[:2000]}"
    codes = codes_of(response)
    assert set(codes) <= set(expected_codes), f"codes {codes}, expected {expected_codes}: {errors}"
    for error in errors:
        assert error.get("message"), error
    return errors


def test_ten_thousand_levels_of_nesting_are_refused(server: LiveServer) -> None:
    # 2,500 x four nested fields: a 10,000-level selection of fields that all exist.
    levels = 2500
    query = "{ " + "claims { edges { node { article { " * levels + "id" + " } } } }" * levels + " }"
    errors = assert_refused(server.query(query), "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED")
    assert all("Traceback" not in e["message"] for e in errors)


def response_body(server: LiveServer, query: str) -> dict[str, Any]:
    body: dict[str, Any] = server.query(query).json()
    return body


def test_refused_documents_never_execute(server: LiveServer) -> None:
    levels = 2500
    nested = "{ " + "claims { edges { node { article { " * levels + "id" + " } } } }" * levels + " }"
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(10_000)) + " }"
    for query in (nested, aliases):
        body = response_body(server, query)
        assert body.get("data") is None, "a refused document must not run"


REFUSED_DOCUMENT = ("GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COMPLEX")


def test_ten_thousand_aliases_are_refused(server: LiveServer) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(10_000)) + " }"
    assert_refused(server.query(query), *REFUSED_DOCUMENT)


def test_ten_thousand_aliases_of_a_connection_are_refused(server: LiveServer) -> None:
    query = "{ " + " ".join(f"a{i}: claims(first: 100) {{ totalCount }}" for i in range(10_000)) + " }"
    assert_refused(server.query(query), *REFUSED_DOCUMENT)


def doubling_fragments(levels: int, leaf: str) -> str:
    """`{ ...F0 }` where each fragment spreads the next one twice: 2^levels copies of `leaf`."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return "{ ...F0 } " + " ".join(fragments) + f" fragment F{levels} on Query {{ {leaf} }}"


NESTED_CONNECTIONS = (
    "{ claims(first: 100) { edges { node { article { claims(first: 100) { edges { node { article {"
    " claims(first: 100) { edges { node { id } } } } } } } } } } } }"
)
HOSTILE_DOCUMENTS = {
    "fragment cycle": "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
    "three nested connections of 100": NESTED_CONNECTIONS,
    "400 operations": " ".join(f"query Q{i} {{ __typename }}" for i in range(400)),
    "600 directives": "{ __typename " + "@include(if: true) " * 600 + "}",
    "1500 repeated fields": "{ " + "__typename " * 1500 + "}",
    "deep introspection": "{ __schema { types { fields { type { fields { type { fields { type { fields {"
    " type { fields { type { name } } } } } } } } } } } } }",
    "12 doubling fragments of a connection": doubling_fragments(12, "claims(first: 100) { totalCount }"),
    "16 doubling fragments": doubling_fragments(16, "__typename"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_hostile_document_is_refused(server: LiveServer, name: str) -> None:
    response = server.query(HOSTILE_DOCUMENTS[name])
    assert_refused(response, *REFUSED_DOCUMENT)
    assert response.json().get("data") is None


def test_fragment_bomb_is_refused_and_the_server_stays_up(tmp_path: Path) -> None:
    # A server of its own: were the depth rule to walk each spread again (2^40 steps), the bomb
    # would wedge the process that receives it.
    server = start_server(tmp_path / "store", tmp_path / "serve.log")
    try:
        response = httpx.post(
            server.graphql,
            json={"query": doubling_fragments(40, "__typename")},
            timeout=BOMB_TIMEOUT,
        )
        assert_refused(response, *REFUSED_DOCUMENT)
        assert server.alive()
    finally:
        server.kill()


def test_fifty_megabyte_body_is_refused_with_413(server: LiveServer) -> None:
    pad = b"x" * (50 * 1024 * 1024)
    body = b'{"query": "{ __typename }", "variables": {"pad": "' + pad + b'"}}'
    response = httpx.post(
        server.graphql, content=body, headers={"Content-Type": "application/json"}, timeout=CLIENT_TIMEOUT
    )
    assert response.status_code == 413, response.text[:500]
    assert codes_of(response) == ["PAYLOAD_TOO_LARGE"]


def test_fifty_megabyte_chunked_body_is_refused_with_413(server: LiveServer) -> None:
    # No Content-Length to refuse on: the server must stop reading at its limit.
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"pad": "'
        for _ in range(50):
            yield b"x" * (1024 * 1024)
        yield b'"}}'

    response = httpx.post(
        server.graphql, content=chunks(), headers={"Content-Type": "application/json"}, timeout=CLIENT_TIMEOUT
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413, response.text[:500]
    assert codes_of(response) == ["PAYLOAD_TOO_LARGE"]


@pytest.mark.parametrize("field", ["claims", "articles", "entities"])
def test_first_one_million_is_refused(server: LiveServer, field: str) -> None:
    errors = assert_refused(server.query(f"{{ {field}(first: 1000000) {{ totalCount }} }}"), "BAD_USER_INPUT")
    assert "first" in errors[0]["message"]


@pytest.mark.parametrize("first", [1_000_000, 2**31 - 1, -1])
def test_first_out_of_range_as_a_variable_is_refused(server: LiveServer, first: int) -> None:
    response = server.query("query($n: Int) { claims(first: $n) { totalCount } }", {"n": first})
    errors = assert_refused(response, "BAD_USER_INPUT")
    assert "first" in errors[0]["message"]


def test_first_beyond_a_32_bit_int_is_refused(server: LiveServer) -> None:
    response = server.query("query($n: Int) { claims(first: $n) { totalCount } }", {"n": 10**20})
    assert_refused(response, "BAD_USER_INPUT")


def test_first_one_million_nested_is_refused(server: LiveServer) -> None:
    query = "{ claims(first: 1) { edges { node { article { claims(first: 1000000) { totalCount } } } } } }"
    response = server.query(query)
    assert response.status_code < 500
    assert "BAD_USER_INPUT" in codes_of(response), response.text


def first_cursor(server: LiveServer, field: str) -> str:
    body = server.query(f"{{ {field}(first: 1) {{ edges {{ cursor }} }} }}").json()
    cursor: str = body["data"][field]["edges"][0]["cursor"]
    return cursor


@pytest.mark.parametrize(
    ("source", "target"), [("entities", "claims"), ("articles", "claims"), ("claims", "articles")]
)
def test_cursor_from_another_connection_is_refused(server: LiveServer, source: str, target: str) -> None:
    cursor = first_cursor(server, source)
    query = f"query($after: String) {{ {target}(first: 2, after: $after) {{ edges {{ cursor }} }} }}"
    errors = assert_refused(server.query(query, {"after": cursor}), "BAD_USER_INPUT")
    assert "after" in errors[0]["message"]


def test_cursor_of_another_filter_is_refused(server: LiveServer) -> None:
    body = server.query('{ claims(first: 1, filter: {cue: "said"}) { edges { cursor } } }').json()
    cursor = body["data"]["claims"]["edges"][0]["cursor"]
    query = "query($after: String) { claims(first: 2, after: $after) { edges { cursor } } }"
    assert_refused(server.query(query, {"after": cursor}), "BAD_USER_INPUT")


@pytest.mark.parametrize("cursor", ["garbage", "", "W10=", "eyIkZ3QiOiAiIn0=", "A" * 5000])
def test_forged_cursor_is_refused(server: LiveServer, cursor: str) -> None:
    # W10= is base64 of [], eyIkZ3QiOiAiIn0= of {"$gt": ""}.
    query = "query($after: String) { claims(first: 2, after: $after) { edges { cursor } } }"
    assert_refused(server.query(query, {"after": cursor}), "BAD_USER_INPUT")


def some_ids(server: LiveServer) -> dict[str, str]:
    body = server.query(
        "{ articles(first: 1) { edges { node { id } } } claims(first: 1) { edges { node { id } } }"
        " entities(first: 1) { edges { node { id } } } }"
    ).json()
    return {
        field: body["data"][field]["edges"][0]["node"]["id"] for field in ("articles", "claims", "entities")
    }


@pytest.mark.parametrize(
    ("field", "wrong"),
    [("claim", "articles"), ("claim", "entities"), ("article", "claims"), ("entity", "articles")],
)
def test_id_of_the_wrong_type_is_refused(server: LiveServer, field: str, wrong: str) -> None:
    wrong_id = some_ids(server)[wrong]
    response = server.query(f"query($id: ID!) {{ {field}(id: $id) {{ id }} }}", {"id": wrong_id})
    errors = assert_refused(response, "BAD_USER_INPUT")
    assert wrong_id in errors[0]["message"]
    assert response.json()["data"] == {field: None}


@pytest.mark.parametrize(("key", "wrong"), [("speaker", "articles"), ("articleId", "entities")])
def test_filter_id_of_the_wrong_type_is_refused(server: LiveServer, key: str, wrong: str) -> None:
    wrong_id = some_ids(server)[wrong]
    query = f"query($id: ID!) {{ claims(filter: {{{key}: $id}}) {{ totalCount }} }}"
    assert_refused(server.query(query, {"id": wrong_id}), "BAD_USER_INPUT")


@pytest.mark.parametrize("value", ["12345", "clm_zzzz", "", "../../etc/passwd", "clm_" + "f" * 5000])
def test_id_that_is_no_id_is_refused(server: LiveServer, value: str) -> None:
    response = server.query("query($id: ID!) { node(id: $id) { id } }", {"id": value})
    assert_refused(response, "BAD_USER_INPUT")


@pytest.mark.parametrize("value", [{"$gt": ""}, {"$where": "sleep(1000)"}, ["clm_a"], True, 1.5])
def test_id_variable_of_the_wrong_json_type_is_refused(server: LiveServer, value: Any) -> None:
    response = server.query("query($id: ID!) { claim(id: $id) { id } }", {"id": value})
    assert_refused(response, "BAD_USER_INPUT")
    assert "data" not in response.json()


def test_id_literal_of_the_wrong_type_is_refused(server: LiveServer) -> None:
    assert_refused(server.query("{ claim(id: true) { id } }"), "GRAPHQL_VALIDATION_FAILED")


@pytest.mark.parametrize("value", [{"$gt": ""}, {"$regex": ".*"}, {"$where": "1"}, [".*"]])
def test_operator_objects_as_search_strings_are_refused(server: LiveServer, value: Any) -> None:
    query = "query($s: String) { claims(filter: {search: $s}) { totalCount } }"
    assert_refused(server.query(query, {"s": value}), "BAD_USER_INPUT")


def test_operator_object_as_whole_filter_is_refused(server: LiveServer) -> None:
    query = "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }"
    response = server.query(query, {"f": {"search": "a", "$where": "1", "text": {"$regex": ".*"}}})
    assert_refused(response, "BAD_USER_INPUT")


SEARCH_QUERY = """query($s: String!) {
  claims(first: 10, filter: {search: $s}) { totalCount edges { node { text } } }
  articles(first: 10, search: $s) { totalCount edges { node { title } } }
}"""


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_regex_and_operator_strings_are_searched_literally(server: LiveServer, text: str) -> None:
    response = server.query(SEARCH_QUERY, {"s": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    claims = [e["node"]["text"] for e in body["data"]["claims"]["edges"]]
    assert claims == [LITERAL_CLAIM]
    assert body["data"]["claims"]["totalCount"] == 1
    titles = [e["node"]["title"] for e in body["data"]["articles"]["edges"]]
    assert titles == ([LITERAL_TITLE] if text in LITERAL_TITLE else [])


@pytest.mark.parametrize("text", MATCH_NOTHING)
def test_wildcards_and_operators_match_nothing(server: LiveServer, text: str) -> None:
    query = """query($s: String!) {
      claims(first: 10, filter: {search: $s}) { totalCount }
      bycue: claims(first: 10, filter: {cue: $s}) { totalCount }
      articles(first: 10, search: $s) { totalCount }
      entities(first: 10, search: $s) { totalCount }
    }"""
    response = server.query(query, {"s": text})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert {name: page["totalCount"] for name, page in data.items()} == {
        "claims": 0,
        "bycue": 0,
        "articles": 0,
        "entities": 0,
    }


@pytest.mark.parametrize("name", [".*", "(a+)+$", '{"$gt": ""}', "$where", "%"])
def test_actor_name_is_never_a_pattern(server: LiveServer, name: str) -> None:
    response = server.query("query($n: String!) { actor(name: $n) { id } }", {"n": name})
    assert response.status_code < 500
    body = response.json()
    assert body["data"] == {"actor": None}, body
    assert set(codes_of(response)) <= {"BAD_USER_INPUT"}


def test_catastrophic_backtracking_pattern_is_just_text(server: LiveServer) -> None:
    # `(a+)+$` against a long run of a's ending in '!' is exponential for a backtracking regex engine;
    # as literal text it is one substring scan. The server answers (within the client timeout).
    evil = "(a+)+$" + "a" * 400 + "!"
    response = server.query(SEARCH_QUERY, {"s": evil})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["claims"]["totalCount"] == 0


def test_overlong_search_string_is_refused(server: LiveServer) -> None:
    errors = assert_refused(server.query(SEARCH_QUERY, {"s": "(a+)+$" * 10_000}), "BAD_USER_INPUT")
    assert "search" in errors[0]["message"]


ENVELOPES: dict[str, Any] = {
    "a batch": [{"query": "{ __typename }"}],
    "operator as operationName": {"query": "{ __typename }", "operationName": {"$gt": ""}},
    "operator as variables": {"query": "{ __typename }", "variables": [{"$gt": ""}]},
    "operator as the query": {"query": {"$where": "1"}},
    "operator as a persisted-query hash": {
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": {"$gt": ""}}}
    },
    "a hash that does not match": {
        "query": "{ __typename }",
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}},
    },
    "an unknown operation": {"query": "query A { __typename } query B { __typename }", "operationName": "C"},
}


@pytest.mark.parametrize("name", sorted(ENVELOPES))
def test_hostile_request_envelope_is_refused(server: LiveServer, name: str) -> None:
    response = httpx.post(server.graphql, json=ENVELOPES[name], timeout=CLIENT_TIMEOUT)
    assert_refused(response, "BAD_REQUEST", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND")
    assert response.json().get("data") is None


def test_oversized_request_id_is_not_echoed(server: LiveServer) -> None:
    response = httpx.post(
        server.graphql,
        json={"query": "{ __typename }"},
        headers={"X-Request-ID": "a" * 5000},
        timeout=CLIENT_TIMEOUT,
    )
    assert response.status_code == 200
    assert 0 < len(response.headers["x-request-id"]) <= 200
