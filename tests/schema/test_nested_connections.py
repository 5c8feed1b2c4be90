"""Connections at every level: a claim's related claims, relations, mentions and sources page with
`first`, `after` and `totalCount` like every other list, and the plain lists they replace stay
(deprecated) and answer the same."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from store.base import Store
from tests.schema.conftest import GraphBuilder, World, data_of, error_of, run

DISPUTED = 7  # claims contradicting the one disputed claim: more than a page of 3


@pytest.fixture
async def disputed(store: Store) -> dict[str, Any]:
    """One claim, contradicted by DISPUTED claims and supported by one; it names three entities
    and cites four sources; it contradicts two claims itself."""
    g = GraphBuilder()
    speaker = g.entity("Ines Marsh")
    named = [g.entity(name, "ORGANIZATION") for name in ("Zeta Docks", "Alpha Ferries", "Mole Works")]
    article = g.article("Ferry dispute", "Body of the ferry dispute.", published_at="2026-04-02")
    sources = [
        {"name": f"Report {i}", "kind": "DOCUMENT", "url": None, "entity_id": None, "article_id": None,
         "evidence": f"report {i} said"}
        for i in range(4)
    ]  # fmt: skip
    target = g.claim(article, "the ferry will run at a loss", speaker, sources=sources, mentions=tuple(named))
    rivals = [g.claim(article, f"rival {i}", g.entity(f"Rival {i}"), cue="denied") for i in range(DISPUTED)]
    ally = g.claim(article, "ally", g.entity("Ally"), cue="confirmed")
    earlier = [g.claim(article, f"earlier {i}", g.entity(f"Earlier {i}")) for i in range(2)]
    for rival in rivals:
        g.relate(rival, target, "CONTRADICTS")
    g.relate(ally, target, "SUPPORTS")
    for claim in earlier:
        g.relate(target, claim, "CONTRADICTS")
    await g.save(store)
    return {"target": target, "rivals": rivals, "ally": ally, "earlier": earlier}


PAGE = """query($id: ID!, $after: String) { claim(id: $id) {
  contradictedByConnection(first: 3, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id text } } }
} }"""


async def _all_pages(store: Store, query: str, claim: str, field: str) -> tuple[list[str], int, int]:
    """Every node id of a connection, page by page; its totalCount and the number of pages."""
    ids: list[str] = []
    after = None
    pages = 0
    while True:
        data = await data_of(store, query, {"id": claim, "after": after})
        connection = data["claim"][field]
        pages += 1
        ids += [e["node"]["id"] if "id" in e["node"] else e["node"]["name"] for e in connection["edges"]]
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not connection["pageInfo"]["hasNextPage"]:
            return ids, connection["totalCount"], pages
        after = connection["pageInfo"]["endCursor"]
        assert pages < 10, "the connection never ends"


async def test_related_claims_page_through_every_one_once(store: Store, disputed: dict[str, Any]) -> None:
    ids, total, pages = await _all_pages(store, PAGE, disputed["target"], "contradictedByConnection")
    assert sorted(ids) == sorted(disputed["rivals"]) and len(ids) == len(set(ids))
    assert total == DISPUTED and pages == 3  # 3 + 3 + 1
    plain = await data_of(store, "query($id: ID!) { claim(id: $id) { contradictedBy { id } } }",
                          {"id": disputed["target"]})  # fmt: skip
    assert [c["id"] for c in plain["claim"]["contradictedBy"]] == ids  # the same claims, same order


async def test_every_direction_and_type(store: Store, disputed: dict[str, Any]) -> None:
    data = await data_of(
        store,
        """query($id: ID!) { claim(id: $id) {
          supportedByConnection { totalCount edges { node { id } } }
          contradictsConnection { totalCount edges { node { id } } }
          supportsConnection { totalCount edges { node { id } } }
        } }""",
        {"id": disputed["target"]},
    )
    claim = data["claim"]
    assert claim["supportedByConnection"] == {"totalCount": 1, "edges": [{"node": {"id": disputed["ally"]}}]}
    assert claim["contradictsConnection"]["totalCount"] == 2
    assert sorted(e["node"]["id"] for e in claim["contradictsConnection"]["edges"]) == sorted(
        disputed["earlier"]
    )
    assert claim["supportsConnection"] == {"totalCount": 0, "edges": []}


async def test_relations_connection_pages_both_directions_in_order(
    store: Store, disputed: dict[str, Any]
) -> None:
    query = """query($id: ID!, $after: String) { claim(id: $id) {
      relationsConnection(first: 4, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { id: type from { id } to { id } } } } } }"""
    seen: list[tuple[str, str, str]] = []
    after = None
    for _ in range(5):
        data = await data_of(store, query, {"id": disputed["target"], "after": after})
        connection = data["claim"]["relationsConnection"]
        seen += [
            (e["node"]["id"], e["node"]["from"]["id"], e["node"]["to"]["id"]) for e in connection["edges"]
        ]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert connection["totalCount"] == DISPUTED + 1 + 2 == len(seen) == len(set(seen))
    plain = await data_of(store, "query($id: ID!) { claim(id: $id) { relations { type from { id } to { id } } } }",  # noqa: E501
                          {"id": disputed["target"]})  # fmt: skip
    assert [(r["type"], r["from"]["id"], r["to"]["id"]) for r in plain["claim"]["relations"]] == seen


async def test_mentions_and_sources_page_in_memory(store: Store, disputed: dict[str, Any]) -> None:
    mentions = """query($id: ID!, $after: String) { claim(id: $id) {
      mentionsConnection(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { name } } } } }"""
    names, total, pages = await _all_pages(store, mentions, disputed["target"], "mentionsConnection")
    assert names == ["Alpha Ferries", "Mole Works", "Zeta Docks"] and total == 3 and pages == 2
    sources = """query($id: ID!, $after: String) { claim(id: $id) {
      sourcesConnection(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { name } } } } }"""
    names, total, pages = await _all_pages(store, sources, disputed["target"], "sourcesConnection")
    assert names == [f"Report {i}" for i in range(4)] and total == 4 and pages == 2


async def test_bad_paging_is_refused_naming_the_argument(store: Store, disputed: dict[str, Any]) -> None:
    too_many = await error_of(
        store, "query($id: ID!) { claim(id: $id) { supportedByConnection(first: 101) { totalCount } } }",
        {"id": disputed["target"]},
    )  # fmt: skip
    assert too_many == {"message": "first must be between 0 and 100, got 101", "code": "BAD_USER_INPUT"}
    first_page = await data_of(store, PAGE, {"id": disputed["target"], "after": None})
    cursor = first_page["claim"]["contradictedByConnection"]["pageInfo"]["endCursor"]
    elsewhere = await error_of(
        store,
        "query($id: ID!, $after: String) { claim(id: $id) {"
        " supportedByConnection(after: $after) { totalCount } } }",
        {"id": disputed["target"], "after": cursor},
    )
    assert elsewhere["code"] == "BAD_USER_INPUT" and "another connection" in elsewhere["message"]
    garbage = await error_of(
        store, "query($id: ID!) { claim(id: $id) { sourcesConnection(after: \"%%%\") { totalCount } } }",
        {"id": disputed["target"]},
    )  # fmt: skip
    assert garbage["code"] == "BAD_USER_INPUT" and garbage["message"].startswith("after: ")


async def test_plain_lists_are_deprecated_not_gone(store: Store, world: World) -> None:
    data = await data_of(
        store,
        '{ __type(name: "Claim") { fields(includeDeprecated: true) {'
        " name isDeprecated deprecationReason } } }",
    )  # fmt: skip
    fields = {f["name"]: f for f in data["__type"]["fields"]}
    for plain in (
        "contradicts",
        "contradictedBy",
        "supports",
        "supportedBy",
        "relations",
        "mentions",
        "sources",
    ):
        assert fields[plain]["isDeprecated"], plain
        assert f"{plain}Connection" in fields[plain]["deprecationReason"]
        assert not fields[f"{plain}Connection"]["isDeprecated"]


CONNECTED_DOSSIER = """
query($id: ID!, $first: Int!) {
  entity(id: $id) {
    statements(first: $first) {
      edges { node {
        text
        contradictedByConnection(first: 5) { totalCount edges { node { text speaker { name } } } }
        supportedByConnection(first: 5) { totalCount edges { cursor node { text } } }
        sourcesConnection(first: 5) { totalCount edges { node { name entity { name } } } }
        mentionsConnection(first: 5) { totalCount edges { node { name } } }
        relationsConnection(first: 5) { totalCount edges { node { type from { text } } } }
      } }
    }
  }
}
"""


@pytest.mark.parametrize("first", [3, 30])
async def test_connections_cost_one_operation_per_relationship_per_level(store: Store, first: int) -> None:
    g = GraphBuilder()
    actor = g.entity("Ada Vance")
    for a in range(5):
        article = g.article(f"Story {a}", f"Body {a}.", published_at=f"2026-03-{a + 10}")
        for i in range(8):
            doc = g.entity(f"Filing {a}-{i}", "DOCUMENT")
            source = {"name": f"Filing {a}-{i}", "kind": "DOCUMENT", "url": None, "entity_id": doc,
                      "article_id": None, "evidence": None}  # fmt: skip
            statement = g.claim(article, f"statement {a}-{i}", actor, sources=[source], mentions=(doc,))
            rival = g.claim(article, f"denial {a}-{i}", g.entity(f"Rival {a}-{i}"), cue="denied")
            ally = g.claim(article, f"backing {a}-{i}", g.entity(f"Ally {a}-{i}"), cue="confirmed")
            g.relate(rival, statement, "CONTRADICTS")
            g.relate(ally, statement, "SUPPORTS")
    await g.save(store)
    store.operations.clear()
    result = await run(store, CONNECTED_DOSSIER, {"id": actor, "first": first})
    assert result.errors is None, result.errors
    assert result.data is not None
    assert Counter(store.operations) == Counter(
        {
            ("entities", "get"): 3,  # entity(id); the mentions of the page; source entities and speakers
            ("claims", "find"): 1,  # statements
            # contradictedBy, supportedBy, and relations' two directions: one find each for the page,
            # (relations' incoming directions share the to_claim loader with contradictedBy and
            # supportedBy, but not their filter), and one count each
            ("relations", "find"): 4,
            ("relations", "count"): 4,
            ("claims", "get"): 1,  # the claims at the other end of every one of them
        }
    )
    edges = result.data["entity"]["statements"]["edges"]
    assert len(edges) == first
    for edge in edges:
        node = edge["node"]
        suffix = node["text"].removeprefix("statement ")
        assert node["contradictedByConnection"] == {
            "totalCount": 1,
            "edges": [{"node": {"text": f"denial {suffix}", "speaker": {"name": f"Rival {suffix}"}}}],
        }
        assert node["supportedByConnection"]["edges"][0]["node"] == {"text": f"backing {suffix}"}
        assert node["sourcesConnection"]["edges"] == [
            {"node": {"name": f"Filing {suffix}", "entity": {"name": f"Filing {suffix}"}}}
        ]
        assert node["mentionsConnection"] == {
            "totalCount": 1,
            "edges": [{"node": {"name": f"Filing {suffix}"}}],
        }
        assert node["relationsConnection"]["totalCount"] == 2
