"""ClaimFilter: each field narrows; strings are values, never operators; ids are checked."""

from __future__ import annotations

from typing import Any

import pytest

from store.base import Store
from tests.schema.conftest import World, data_of, error_of

CLAIMS = """
query($filter: ClaimFilter) {
  claims(first: 100, filter: $filter) { totalCount edges { node { id text } } }
}
"""


async def _ids(store: Store, claim_filter: dict[str, Any]) -> list[str]:
    data = await data_of(store, CLAIMS, {"filter": claim_filter})
    ids = [e["node"]["id"] for e in data["claims"]["edges"]]
    assert data["claims"]["totalCount"] == len(ids)
    return ids


async def test_no_filter_lists_every_claim(store: Store, world: World) -> None:
    assert len(await _ids(store, {})) == 7


async def test_speaker_kind_cue_article(store: Store, world: World) -> None:
    assert await _ids(store, {"speaker": world.quill}) == world.quill_claims
    assert await _ids(store, {"speaker": world.quill, "kind": "DIRECT"}) == [world.quill_claims[3]]
    assert await _ids(store, {"cue": "Denied"}) == [world.denial]
    assert await _ids(store, {"cue": " CONFIRMED "}) == [world.confirmation]
    assert len(await _ids(store, {"articleId": world.follow_up})) == 2
    assert await _ids(store, {"articleId": world.follow_up, "speaker": world.quill}) == [
        world.quill_claims[3]
    ]


async def test_contradicted(store: Store, world: World) -> None:
    assert await _ids(store, {"contradicted": True}) == [world.quill_claims[0]]
    assert world.quill_claims[0] not in await _ids(store, {"contradicted": False})
    assert len(await _ids(store, {"contradicted": False})) == 6


async def test_speaker_merged_away_finds_the_kept_entitys_claims(store: Store, world: World) -> None:
    assert await _ids(store, {"speaker": world.reyes_dup}) == [world.confirmation]


async def test_search_is_case_insensitive_substring(store: Store, world: World) -> None:
    assert await _ids(store, {"search": "DREDGING"}) == [world.quill_claims[0], world.quill_claims[3]]


@pytest.mark.parametrize("needle", ["50% (.*) [sic]", "$gt", "(.*)", "$4 million (or more)"])
async def test_search_takes_regex_and_operator_syntax_literally(
    store: Store, world: World, needle: str
) -> None:
    found = await _ids(store, {"search": needle})
    expected = [world.quill_claims[0]] if "million" in needle else [world.regex_claim]
    assert found == expected


@pytest.mark.parametrize("needle", [".+", "^", "[a-z]+", '{"$ne": null}', "d%g", "_", "dr_dging"])
async def test_search_syntax_that_is_not_in_any_text_matches_nothing(
    store: Store, world: World, needle: str
) -> None:
    assert await _ids(store, {"search": needle}) == []


async def test_statements_filter_on_an_entity(store: Store, world: World) -> None:
    query = """query($id: ID!) { entity(id: $id) {
        statements(filter: {kind: REPORTED, search: "march"}) { totalCount edges { node { id } } } } }"""
    statements = (await data_of(store, query, {"id": world.quill}))["entity"]["statements"]
    assert statements["totalCount"] == 1
    assert statements["edges"] == [{"node": {"id": world.quill_claims[1]}}]


@pytest.mark.parametrize(
    ("claim_filter", "argument", "reason"),
    [
        (
            {"articleId": "ent_0123456789abcdef"},
            "filter.articleId",
            "is an entity id, expected an article id",
        ),
        ({"speaker": "art_0123456789abcdef"}, "filter.speaker", "is an article id, expected an entity id"),
        ({"speaker": "robert'); drop table claims;--"}, "filter.speaker", "is not a claimgraph id"),
        ({"articleId": "art_"}, "filter.articleId", "is not a claimgraph id"),
        ({"search": "x" * 501}, "filter.search", "at most 500 characters"),
    ],
)
async def test_bad_filter_values_are_refused(
    store: Store, world: World, claim_filter: dict[str, Any], argument: str, reason: str
) -> None:
    error = await error_of(store, CLAIMS, {"filter": claim_filter})
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(f"{argument}: ") and reason in error["message"]


async def test_cue_matches_a_capitalised_sentence_start(store: Store, world: World) -> None:
    await store.update_many("claims", [world.rejected_from], {"cue": "According to"})
    assert await _ids(store, {"cue": "according   TO"}) == [world.rejected_from]
    assert await _ids(store, {"cue": "according"}) == []  # exact, not a substring
