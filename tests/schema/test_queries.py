"""Query root and relationship fields against a store filled by the `world` fixture."""

from __future__ import annotations

import pytest

from schema import dataloaders
from store.base import Store
from store.documents import make_id
from tests.schema.conftest import GraphBuilder, World, data_of, error_of

ACTOR = """
query($name: String!) {
  actor(name: $name) { id name kind aliases roles }
}
"""


@pytest.mark.parametrize("name", ["Mara Quill", "mara quill", "QUILL", "  Quill  ", "Mara Quill's"])
async def test_actor_by_name_or_alias_any_case(store: Store, world: World, name: str) -> None:
    data = await data_of(store, ACTOR, {"name": name})
    assert data["actor"] == {
        "id": world.quill,
        "name": "Mara Quill",
        "kind": "PERSON",
        "aliases": ["Quill"],
        "roles": ["harbour commissioner"],
    }


async def test_actor_by_acronym_and_article_prefixed_alias(store: Store, world: World) -> None:
    for name in ("npa", "The Port Authority", "port authority"):
        data = await data_of(store, ACTOR, {"name": name})
        assert data["actor"]["id"] == world.port, name


async def test_actor_unknown_is_null(store: Store, world: World) -> None:
    assert (await data_of(store, ACTOR, {"name": "Nobody Atall"}))["actor"] is None


async def test_actor_merged_name_answers_with_kept_entity(store: Store, world: World) -> None:
    data = await data_of(store, ACTOR, {"name": "t. reyes"})
    assert data["actor"]["id"] == world.reyes
    assert data["actor"]["name"] == "Tomas Reyes"


async def test_actor_empty_name_is_bad_input(store: Store, world: World) -> None:
    error = await error_of(store, ACTOR, {"name": " ?! "})
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("name:")


NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Entity { name }
    ... on Claim { text cue }
    ... on Article { title publisher { name } }
  }
}
"""


async def test_node_dispatches_on_id_prefix(store: Store, world: World) -> None:
    entity = (await data_of(store, NODE, {"id": world.quill}))["node"]
    claim = (await data_of(store, NODE, {"id": world.denial}))["node"]
    article = (await data_of(store, NODE, {"id": world.dock}))["node"]
    assert entity == {"__typename": "Entity", "id": world.quill, "name": "Mara Quill"}
    assert claim == {"__typename": "Claim", "id": world.denial, "text": "Quill's figures", "cue": "denied"}
    assert article == {
        "__typename": "Article",
        "id": world.dock,
        "title": "Dredging costs disputed",
        "publisher": {"name": "Coastal Tribune"},
    }


async def test_node_unknown_but_well_formed_id_is_null(store: Store, world: World) -> None:
    assert (await data_of(store, NODE, {"id": make_id("claims", "nothing")}))["node"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("garbage", "is not a claimgraph id"),
        ("clm_XYZ", "is not a claimgraph id"),
        ('{"$ne": null}', "is not a claimgraph id"),
        (make_id("relations", "x"), "is not the id of an Article, Claim or Entity"),
    ],
)
async def test_node_bad_id_is_bad_input(store: Store, world: World, value: str, expected: str) -> None:
    error = await error_of(store, NODE, {"id": value})
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("id: ") and expected in error["message"]


@pytest.mark.parametrize(
    ("field", "wrong"),
    [("entity", "dock"), ("claim", "quill"), ("article", "denial")],
)
async def test_typed_lookup_refuses_id_of_another_type(
    store: Store, world: World, field: str, wrong: str
) -> None:
    error = await error_of(
        store, f"query($id: ID!) {{ {field}(id: $id) {{ id }} }}", {"id": getattr(world, wrong)}
    )
    assert error["code"] == "BAD_USER_INPUT"
    assert "expected a" in error["message"] and error["message"].startswith("id: ")


async def test_merged_entity_id_redirects_to_kept(store: Store, world: World) -> None:
    data = await data_of(store, "query($id: ID!) { entity(id: $id) { id name } }", {"id": world.reyes_dup})
    assert data["entity"] == {"id": world.reyes, "name": "Tomas Reyes"}
    node = await data_of(store, NODE, {"id": world.reyes_dup})
    assert node["node"]["id"] == world.reyes


CLAIM = """
query($id: ID!) {
  claim(id: $id) {
    text kind cue speakerMention statedAt span { start end }
    speaker { name }
    article { id title text }
    sources { name kind evidence entity { name kind } article { title } }
    mentions { name }
    contradictedBy { text speaker { name } }
    supportedBy { text speaker { name } }
    contradicts { id }
    supports { id }
    relations { type method confidence status from { id } to { id } }
  }
}
"""


async def test_claim_relationships(store: Store, world: World) -> None:
    claim = (await data_of(store, CLAIM, {"id": world.quill_claims[0]}))["claim"]
    assert claim["speaker"] == {"name": "Mara Quill"}
    start, end = claim["span"]["start"], claim["span"]["end"]
    assert claim["article"]["text"][start:end] == claim["text"]
    assert claim["sources"] == [
        {
            "name": "Coastal Tribune",
            "kind": "OUTLET",
            "evidence": "the Tribune reported",
            "entity": {"name": "Coastal Tribune", "kind": "ORGANIZATION"},
            "article": {"title": "Dredging costs disputed"},
        }
    ]
    assert claim["mentions"] == [{"name": "Northgate Port Authority"}]
    assert claim["contradictedBy"] == [
        {"text": "Quill's figures", "speaker": {"name": "Northgate Port Authority"}}
    ]
    assert claim["supportedBy"] == [{"text": "the estimate", "speaker": {"name": "Tomas Reyes"}}]
    assert claim["contradicts"] == [] and claim["supports"] == []
    assert sorted((r["type"], r["from"]["id"], r["to"]["id"]) for r in claim["relations"]) == sorted(
        [
            ("CONTRADICTS", world.denial, world.quill_claims[0]),
            ("SUPPORTS", world.confirmation, world.quill_claims[0]),
        ]
    )


async def test_claim_outgoing_relation(store: Store, world: World) -> None:
    claim = (await data_of(store, CLAIM, {"id": world.denial}))["claim"]
    assert claim["contradicts"] == [{"id": world.quill_claims[0]}]
    assert claim["contradictedBy"] == []


async def test_rejected_relation_is_not_in_the_graph(store: Store, world: World) -> None:
    target = (await data_of(store, CLAIM, {"id": world.quill_claims[3]}))["claim"]
    source = (await data_of(store, CLAIM, {"id": world.rejected_from}))["claim"]
    assert target["contradictedBy"] == [] and target["relations"] == []
    assert source["contradicts"] == [] and source["relations"] == []


async def test_unknown_claim_is_null(store: Store, world: World) -> None:
    data = await data_of(store, "query($id: ID!) { claim(id: $id) { id } }", {"id": make_id("claims", "no")})
    assert data["claim"] is None


async def test_entity_statements_and_mentions(store: Store, world: World) -> None:
    query = """query($id: ID!) { entity(id: $id) {
        statements { totalCount edges { node { id } } }
        mentionedIn { totalCount edges { node { id speaker { name } } } } } }"""
    entity = (await data_of(store, query, {"id": world.quill}))["entity"]
    assert entity["statements"]["totalCount"] == 4
    assert [e["node"]["id"] for e in entity["statements"]["edges"]] == world.quill_claims
    assert entity["mentionedIn"]["totalCount"] == 1
    assert entity["mentionedIn"]["edges"][0]["node"]["speaker"] == {"name": "Northgate Port Authority"}


async def test_article_claims_and_publisher(store: Store, world: World) -> None:
    query = """query($id: ID!) { article(id: $id) { publisher { id } publishedAt author url
        claims(first: 2) { totalCount edges { node { text } } } } }"""
    article = (await data_of(store, query, {"id": world.follow_up}))["article"]
    assert article["publisher"] == {"id": world.tribune}
    assert article["publishedAt"] == "2026-05-03"
    assert article["claims"]["totalCount"] == 2
    assert [e["node"]["text"] for e in article["claims"]["edges"]] == [
        "the dredging would start in June",
        "no contract had been signed",
    ]


async def test_entities_and_articles_lists(store: Store, world: World) -> None:
    query = """{ entities(first: 100) { totalCount edges { node { name } } }
        people: entities(kind: PERSON) { edges { node { name } } }
        port: entities(search: "port AUTH") { edges { node { id } } }
        articles { totalCount edges { node { title } } }
        june: articles(search: "june") { edges { node { id } } } }"""
    data = await data_of(store, query)
    names = [e["node"]["name"] for e in data["entities"]["edges"]]
    assert "T. Reyes" not in names  # merged away: listed under the kept entity only
    assert data["entities"]["totalCount"] == len(names) == 5
    assert names == sorted(names, key=str.casefold)
    assert [e["node"]["name"] for e in data["people"]["edges"]] == ["Mara Quill", "Tomas Reyes"]
    assert data["port"]["edges"] == [{"node": {"id": world.port}}]
    assert [e["node"]["title"] for e in data["articles"]["edges"]] == [
        "Dredging costs disputed",
        "Dredging to start in June",
    ]
    assert data["june"]["edges"] == [{"node": {"id": world.follow_up}}]


async def test_relation_lists_are_capped_per_claim(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataloaders, "MAX_RELATIONS_PER_CLAIM", 2)
    g = GraphBuilder()
    art = g.article("Capped", "One. Two. Three. Four. Five.")
    disputed, calm = g.claim(art, "One", None), g.claim(art, "Five", None)
    for text in ("Two", "Three", "Four"):
        g.relate(g.claim(art, text, None), disputed, "CONTRADICTS")
    g.relate(g.claim(art, "Two", None), calm, "SUPPORTS")
    await g.save(store)
    query = """query($a: ID!, $b: ID!) {
      a: claim(id: $a) { contradictedBy { text } } b: claim(id: $b) { supportedBy { text } } }"""
    data = await data_of(store, query, {"a": disputed, "b": calm})
    assert [c["text"] for c in data["a"]["contradictedBy"]] == ["Two", "Three"]  # the first two, in order
    assert [c["text"] for c in data["b"]["supportedBy"]] == ["Two"]  # the cap is per claim, not per batch
