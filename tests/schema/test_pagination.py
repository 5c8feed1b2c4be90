"""Cursor connections: walking pages, the `first` bounds, cursors bound to their connection."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from schema.pagination import decode_cursor, encode_cursor
from store.base import Store
from tests.schema.conftest import GraphBuilder, World, data_of, error_of


@pytest.fixture
async def busy(store: Store) -> dict[str, Any]:
    """One speaker with 23 claims over three articles, another with 2."""
    g = GraphBuilder()
    talker = g.entity("Ines Talbot", aliases=("Talbot",))
    other = g.entity("Olu Berg")
    ids: list[str] = []
    for day in (3, 1, 2):  # inserted out of order: pages follow `order`, not insertion
        article = g.article(
            f"Council day {day}",
            " ".join(f"Point {i} made." for i in range(10)),
            published_at=f"2026-04-0{day}",
        )
        for i in range(8 if day != 2 else 7):
            ids.append(g.claim(article, f"Point {i} made", talker))
        if day != 2:
            g.claim(article, "Point 9 made", other)
    await g.save(store)
    expected = [
        c["_id"] for c in sorted((c for c in g.claims if c["speaker_id"] == talker), key=lambda c: c["order"])
    ]
    return {"talker": talker, "other": other, "ordered": expected}


STATEMENTS = """
query($id: ID!, $first: Int, $after: String) {
  entity(id: $id) {
    statements(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } }
    }
  }
}
"""


async def _page(store: Store, entity: str, first: int | None, after: str | None) -> dict[str, Any]:
    data = await data_of(store, STATEMENTS, {"id": entity, "first": first, "after": after})
    page: dict[str, Any] = data["entity"]["statements"]
    return page


async def test_walk_all_pages_in_order(store: Store, busy: dict[str, Any]) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = await _page(store, busy["talker"], 10, after)
        pages += 1
        assert page["totalCount"] == 23
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        edges = page["edges"]
        seen += [e["node"]["id"] for e in edges]
        assert page["pageInfo"]["startCursor"] == edges[0]["cursor"]
        assert page["pageInfo"]["endCursor"] == edges[-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == busy["ordered"]


async def test_default_first_is_20(store: Store, busy: dict[str, Any]) -> None:
    page = await _page(store, busy["talker"], None, None)
    assert len(page["edges"]) == 20 and page["pageInfo"]["hasNextPage"] is True


async def test_exact_fit_has_no_next_page(store: Store, busy: dict[str, Any]) -> None:
    page = await _page(store, busy["talker"], 23, None)
    assert len(page["edges"]) == 23 and page["pageInfo"]["hasNextPage"] is False


async def test_first_zero_gives_no_edges_but_counts(store: Store, busy: dict[str, Any]) -> None:
    page = await _page(store, busy["talker"], 0, None)
    assert page["edges"] == [] and page["totalCount"] == 23
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["startCursor"] is None and page["pageInfo"]["endCursor"] is None


@pytest.mark.parametrize("first", [101, 1_000_000, -1])
async def test_first_out_of_bounds_is_refused(store: Store, busy: dict[str, Any], first: int) -> None:
    error = await error_of(store, STATEMENTS, {"id": busy["talker"], "first": first})
    assert error == {"message": f"first must be between 0 and 100, got {first}", "code": "BAD_USER_INPUT"}


async def test_first_bound_holds_on_top_level_connections(store: Store, world: World) -> None:
    for field in ("claims", "entities", "articles"):
        error = await error_of(store, f"{{ {field}(first: 101) {{ totalCount }} }}")
        assert error["code"] == "BAD_USER_INPUT" and "first must be between 0 and 100" in error["message"]


async def test_cursor_from_another_parent_is_refused(store: Store, busy: dict[str, Any]) -> None:
    cursor = (await _page(store, busy["talker"], 1, None))["pageInfo"]["endCursor"]
    error = await error_of(store, STATEMENTS, {"id": busy["other"], "first": 1, "after": cursor})
    assert error["code"] == "BAD_USER_INPUT"
    assert "belongs to another connection" in error["message"] and error["message"].startswith("after:")


async def test_cursor_from_another_field_or_filter_is_refused(store: Store, busy: dict[str, Any]) -> None:
    cursor = (await _page(store, busy["talker"], 1, None))["pageInfo"]["endCursor"]
    other_field = "query($after: String) { claims(first: 1, after: $after) { totalCount } }"
    other_filter = """query($id: ID!, $after: String) { entity(id: $id) {
        statements(first: 1, after: $after, filter: {kind: DIRECT}) { totalCount } } }"""
    for query in (other_field, other_filter):
        error = await error_of(store, query, {"id": busy["talker"], "after": cursor})
        assert error["code"] == "BAD_USER_INPUT" and "another connection" in error["message"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        "",
        base64.urlsafe_b64encode(b'{"$gt": ""}').decode(),
        "x" * 5000,
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
async def test_malformed_cursor_is_refused(store: Store, busy: dict[str, Any], cursor: str) -> None:
    error = await error_of(store, STATEMENTS, {"id": busy["talker"], "first": 1, "after": cursor})
    assert error["code"] == "BAD_USER_INPUT" and error["message"].startswith("after: not a cursor")


async def test_top_level_claims_walk_with_filter(store: Store, busy: dict[str, Any]) -> None:
    query = """query($after: String, $speaker: ID) {
      claims(first: 7, after: $after, filter: {speaker: $speaker}) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await data_of(store, query, {"after": after, "speaker": busy["talker"]}))["claims"]
        assert page["totalCount"] == 23
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == busy["ordered"]


def test_cursor_is_opaque_and_round_trips() -> None:
    cursor = encode_cursor("tag1", {"_id": "clm_0123456789abcdef", "order": "2026-04-01|000001"})
    assert "clm_" not in cursor  # opaque: clients must not build or edit cursors
    assert decode_cursor(cursor, "tag1") == ("2026-04-01|000001", "clm_0123456789abcdef")
    raw = json.loads(base64.urlsafe_b64decode(cursor))
    assert raw[0] == "tag1"
