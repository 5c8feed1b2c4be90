"""THE N+1 TEST (issue 2, performance): a nested query costs a fixed number of store operations,
one per relationship per level, whatever its fan-out. Counted through `Store.operations`."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from store.base import Store
from tests.schema.conftest import GraphBuilder, run

ARTICLES, CLAIMS_PER_ARTICLE = 10, 6  # 60 statements by the actor: more than the largest page

DOSSIER = """
query($name: String!, $first: Int!) {
  actor(name: $name) {
    statements(first: $first) {
      totalCount
      edges { node {
        text cue
        speaker { name }
        article { title publisher { name } }
        sources { name kind entity { name } }
        contradictedBy { text speaker { name } sources { name } }
        supportedBy { text speaker { name } }
      } }
    }
  }
}
"""

# One operation per relationship per level of DOSSIER:
DOSSIER_OPERATIONS = Counter(
    {
        ("entities", "find"): 1,  # actor(name): by normalized name or alias
        ("claims", "find"): 1,  # statements: one find_grouped for the page
        ("claims", "count"): 1,  # statements.totalCount: one count_grouped
        ("articles", "get"): 1,  # statement.article
        ("relations", "find"): 1,  # statement.contradictedBy + supportedBy: relations to the statements
        ("claims", "get"): 1,  # ... and the claims at their other end
        # statement.speaker + sources.entity, article.publisher, and the speakers and source entities
        # of the contradicting / supporting claims: nothing below them is prefetched, so they all
        # wait for the last level and go in one get_many.
        ("entities", "get"): 1,
    }
)


@pytest.fixture
async def dossier(store: Store) -> Store:
    """An actor with 60 statements over 10 articles; each statement has a source document,
    is contradicted by a rival (who cites an outlet) and supported by an ally."""
    g = GraphBuilder()
    actor = g.entity("Ada Vance", aliases=("Vance",))
    for a in range(ARTICLES):
        outlet = g.entity(f"Outlet {a}", "ORGANIZATION")
        article = g.article(
            f"Story {a}", f"Body of story {a}.", publisher=outlet, published_at=f"2026-03-{a + 10}"
        )
        for i in range(CLAIMS_PER_ARTICLE):
            document = g.entity(f"Filing {a}-{i}", "DOCUMENT")
            statement = g.claim(
                article,
                f"statement {a}-{i}",
                actor,
                sources=[_source(f"Filing {a}-{i}", "DOCUMENT", document)],
            )
            rival = g.claim(
                article,
                f"denial {a}-{i}",
                g.entity(f"Rival {a}-{i}"),
                cue="denied",
                sources=[_source(f"Outlet {a}", "OUTLET", outlet)],
            )
            ally = g.claim(article, f"backing {a}-{i}", g.entity(f"Ally {a}-{i}"), cue="confirmed")
            g.relate(rival, statement, "CONTRADICTS")
            g.relate(ally, statement, "SUPPORTS")
    await g.save(store)
    return store


def _source(name: str, kind: str, entity: str) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "url": None,
        "entity_id": entity,
        "article_id": None,
        "evidence": None,
    }


async def _dossier_operations(store: Store, first: int) -> tuple[Counter[tuple[str, str]], dict[str, Any]]:
    store.operations.clear()
    result = await run(store, DOSSIER, {"name": "VANCE", "first": first})
    assert result.errors is None, result.errors
    assert result.data is not None
    return Counter(store.operations), result.data


@pytest.mark.parametrize("first", [5, 50])
async def test_dossier_costs_one_operation_per_relationship_per_level(dossier: Store, first: int) -> None:
    operations, data = await _dossier_operations(dossier, first)
    assert operations == DOSSIER_OPERATIONS
    assert sum(operations.values()) == 7
    # The answer is complete, so the count is not low because something was skipped.
    statements = data["actor"]["statements"]
    assert statements["totalCount"] == ARTICLES * CLAIMS_PER_ARTICLE
    assert len(statements["edges"]) == first
    for edge in statements["edges"]:
        node = edge["node"]
        suffix = node["text"].removeprefix("statement ")
        assert node["speaker"] == {"name": "Ada Vance"}
        assert node["article"]["publisher"]["name"] == f"Outlet {suffix.split('-')[0]}"
        assert node["sources"] == [
            {"name": f"Filing {suffix}", "kind": "DOCUMENT", "entity": {"name": f"Filing {suffix}"}}
        ]
        assert node["contradictedBy"] == [
            {
                "text": f"denial {suffix}",
                "speaker": {"name": f"Rival {suffix}"},
                "sources": [{"name": f"Outlet {suffix.split('-')[0]}"}],
            }
        ]
        assert node["supportedBy"] == [{"text": f"backing {suffix}", "speaker": {"name": f"Ally {suffix}"}}]


async def test_dossier_cost_does_not_grow_with_the_page(dossier: Store) -> None:
    small, _ = await _dossier_operations(dossier, 5)
    large, _ = await _dossier_operations(dossier, 50)
    assert small == large


async def test_sibling_connections_share_one_batch(dossier: Store) -> None:
    # 20 entities, each with a page of statements and its count: the statements of all of them
    # are one find_grouped and one count_grouped; speakers come from the entities already loaded.
    query = """{ entities(first: 20, kind: PERSON) { edges { node { name
        statements(first: 3) { totalCount edges { node { speaker { name } } } } } } } }"""
    dossier.operations.clear()
    result = await run(dossier, query)
    assert result.errors is None, result.errors
    assert result.data is not None
    edges = result.data["entities"]["edges"]
    assert len(edges) == 20
    assert any(e["node"]["statements"]["totalCount"] == 60 for e in edges)
    assert Counter(dossier.operations) == Counter(
        {("entities", "find"): 1, ("claims", "find"): 1, ("claims", "count"): 1}
    )


async def test_unrequested_total_count_costs_nothing(dossier: Store) -> None:
    dossier.operations.clear()
    result = await run(
        dossier, '{ actor(name: "vance") { statements(first: 50) { edges { node { cue } } } } }'
    )
    assert result.errors is None, result.errors
    assert Counter(dossier.operations) == Counter({("entities", "find"): 1, ("claims", "find"): 1})


RELATIONS_BOTH_WAYS = """
query($first: Int!) {
  claims(first: $first, filter: {speaker: "%s"}) {
    edges { node {
      text
      relations { type from { text speaker { name } } to { text } }
      mentions { name }
    } }
  }
}
"""


@pytest.mark.parametrize("first", [5, 50])
async def test_relations_both_ways_cost_one_operation_per_level(dossier: Store, first: int) -> None:
    # The filter's speaker is read through entity_by_id first; then the page, the relations by
    # either end, the claims at their other end, and one get_many for every entity below.
    actor = (await dossier.find("entities", {"names_norm": "ada vance"}))[0]["_id"]
    dossier.operations.clear()
    result = await run(dossier, RELATIONS_BOTH_WAYS % actor, {"first": first})
    assert result.errors is None, result.errors
    assert result.data is not None
    assert Counter(dossier.operations) == Counter(
        {
            ("entities", "get"): 2,  # the filter's speaker; then the speakers at the other ends
            ("claims", "find"): 1,
            ("relations", "find"): 2,  # by from_claim and by to_claim
            ("claims", "get"): 1,
        }
    )
    edges = result.data["claims"]["edges"]
    assert len(edges) == first
    for edge in edges:
        node = edge["node"]
        suffix = node["text"].removeprefix("statement ")
        assert node["mentions"] == []
        assert sorted(
            (r["type"], r["from"]["text"], r["from"]["speaker"]["name"]) for r in node["relations"]
        ) == [
            ("CONTRADICTS", f"denial {suffix}", f"Rival {suffix}"),
            ("SUPPORTS", f"backing {suffix}", f"Ally {suffix}"),
        ]
        assert {r["to"]["text"] for r in node["relations"]} == {node["text"]}


async def test_lookahead_follows_fragments_aliases_and_skip(dossier: Store) -> None:
    query = """
    query($skip: Boolean!) { actor(name: "vance") { statements(first: 10) { edges { node {
      ...Who
      where: article { title }
      again: article @skip(if: $skip) { publisher { name } }
      ... on Claim { supportedBy { text } }
    } } } } }
    fragment Who on Claim { speaker { name } }
    """
    for skip, entity_gets in ((True, 0), (False, 1)):
        dossier.operations.clear()
        result = await run(dossier, query, {"skip": skip})
        assert result.errors is None, result.errors
        assert result.data is not None
        node = result.data["actor"]["statements"]["edges"][0]["node"]
        assert node["speaker"] == {"name": "Ada Vance"}  # primed by actor(): no load
        assert node["supportedBy"][0]["text"].startswith("backing ")
        assert ("again" in node) is not skip
        assert Counter(dossier.operations) == Counter(
            {
                ("entities", "find"): 1,
                ("claims", "find"): 1,
                ("articles", "get"): 1,
                ("relations", "find"): 1,
                ("claims", "get"): 1,
                **({("entities", "get"): entity_gets} if entity_gets else {}),
            }
        )


async def test_relationships_outside_a_prefetch_still_load(dossier: Store) -> None:
    # node(id) does not look ahead: its claim's relationships are loaded by their resolvers, one
    # level at a time, and answer the same.
    statement = (await dossier.find("claims", {"text": "statement 0-0"}))[0]["_id"]
    query = """query($id: ID!) { node(id: $id) { ... on Claim { contradictedBy { text
        speaker { name } relations { to { text article { title } } } } } } }"""
    dossier.operations.clear()
    result = await run(dossier, query, {"id": statement})
    assert result.errors is None, result.errors
    assert result.data is not None
    assert result.data["node"]["contradictedBy"] == [
        {
            "text": "denial 0-0",
            "speaker": {"name": "Rival 0-0"},
            "relations": [{"to": {"text": "statement 0-0", "article": {"title": "Story 0"}}}],
        }
    ]
    assert dossier.operations[("articles", "get")] == 1


@pytest.mark.parametrize("group_field", ["speaker_id", "mention_ids", "article_id"])
async def test_a_single_parent_page_is_its_page_of_a_grouped_batch(dossier: Store, group_field: str) -> None:
    # The SQLite store answers a one-key find_grouped with a plain find: the same page, cursor
    # and filter included, as the key gets inside a batch of several.
    claims = await dossier.find("claims", {}, sort="order", limit=500)
    for claim in claims[:12]:
        await dossier.update_many("claims", [claim["_id"]], {"mention_ids": [claims[0]["speaker_id"]]})
    key = claims[0]["speaker_id"] if group_field != "article_id" else claims[0]["article_id"]
    other = claims[-1][group_field if group_field != "mention_ids" else "speaker_id"]
    where = {"cue": "said"}
    after = (claims[1]["order"], claims[1]["_id"])
    for cursor in (None, after):
        alone = await dossier.find_grouped(
            "claims", group_field, [key], where, sort="order", after=cursor, limit=4
        )
        batch = await dossier.find_grouped(
            "claims", group_field, [key, other], where, sort="order", after=cursor, limit=4
        )
        assert alone == {key: batch[key]}
        assert batch[key], "the page must not be empty for the comparison to mean anything"


@pytest.mark.parametrize("group_field", ["speaker_id", "mention_ids"])
async def test_a_single_parent_count_is_its_count_in_a_grouped_batch(
    dossier: Store, group_field: str
) -> None:
    claims = await dossier.find("claims", {}, sort="order", limit=500)
    actor = claims[0]["speaker_id"]
    for claim in claims[:12]:
        await dossier.update_many("claims", [claim["_id"]], {"mention_ids": [actor]})
    for where in ({}, {"cue": "said"}):
        alone = await dossier.count_grouped("claims", group_field, [actor], where)
        batch = await dossier.count_grouped("claims", group_field, [actor, "ent_nobody"], where)
        assert alone == {actor: batch[actor]}
        assert batch == {actor: batch[actor], "ent_nobody": 0}
        assert batch[actor] > 0
