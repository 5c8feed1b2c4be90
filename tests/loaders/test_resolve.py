from __future__ import annotations

import json
import random
from importlib import resources
from typing import Any

import pytest

from loaders.contradictions import opposable_pairs, shared_term_counts
from loaders.documents import is_descriptive, new_entity_doc
from loaders.extract.terms import content_terms
from loaders.inference import infer_contradictions
from loaders.model import Article, Entity, EntityKind, Extraction
from loaders.resolve import follow_merges, resolve_entities
from store.base import Store
from store.documents import make_id

from .fakes import quote, write_one


async def write(store: Store, *entities: Entity) -> dict[str, str]:
    res = await resolve_entities(store, list(entities))
    await store.upsert_many("entities", [res.docs[i] for i in sorted(res.changed)])
    return res.ids


async def all_entities(store: Store) -> list[dict[str, Any]]:
    return await store.find("entities", {})


async def test_new_entity_id_from_normalized_canonical_name(loader_store: Store) -> None:
    ids = await write(loader_store, Entity("a", "The U.S. Treasury's", "ORGANIZATION"))
    assert ids["a"] == make_id("entities", "us treasury")


async def test_alias_in_one_article_is_the_name_in_another(loader_store: Store) -> None:
    first = await write(
        loader_store,
        Entity(
            "g", "Islamic Revolutionary Guards", "ORGANIZATION", aliases={"IRGC"}, roles=["military force"]
        ),
    )
    second = await write(loader_store, Entity("x", "irgc", "ORGANIZATION", roles=["a branch of the army"]))
    assert second["x"] == first["g"]
    (doc,) = await all_entities(loader_store)
    assert doc["name"] == "Islamic Revolutionary Guards"
    assert doc["aliases"] == ["IRGC", "irgc"]
    assert doc["roles"] == ["a branch of the army", "military force"]
    # Again: nothing new to add, nothing changes.
    res = await resolve_entities(
        loader_store, [Entity("x", "irgc", "ORGANIZATION", roles=["a branch of the army"])]
    )
    assert res.changed == set()


async def test_person_and_place_of_the_same_name_stay_apart(loader_store: Store) -> None:
    ids = await write(loader_store, Entity("p", "Jordan", "PERSON"), Entity("l", "Jordan", "LOCATION"))
    assert ids["p"] != ids["l"]
    again = await write(loader_store, Entity("l", "Jordan", "LOCATION"), Entity("p", "Jordan", "PERSON"))
    assert again == ids
    assert sorted(e["kind"] for e in await all_entities(loader_store)) == ["LOCATION", "PERSON"]


async def test_a_full_name_tagged_with_other_kinds_in_two_articles_is_one_entity(loader_store: Store) -> None:
    first = await write(loader_store, Entity("a", "Felipe Arroyo", "PERSON"))
    second = await write(loader_store, Entity("b", "Felipe Arroyo", "ORGANIZATION", aliases={"Arroyo"}))
    assert first["a"] == second["b"]
    (doc,) = await all_entities(loader_store)
    assert doc["kind"] == "PERSON"  # the stored kind stays
    assert "arroyo" in doc["names_norm"]


async def test_other_kind_joins_a_specific_one(loader_store: Store) -> None:
    first = await write(loader_store, Entity("a", "Red Crescent", "ORGANIZATION"))
    second = await write(loader_store, Entity("b", "Red Crescent", "OTHER", aliases={"Iranian Red Crescent"}))
    assert first["a"] == second["b"]
    (doc,) = await all_entities(loader_store)
    assert doc["kind"] == "ORGANIZATION"  # the stored kind stays


async def test_a_shared_one_word_alias_does_not_merge_two_people(loader_store: Store) -> None:
    first = await write(loader_store, Entity("a", "Ellen Park", "PERSON", aliases={"Park"}))
    second = await write(loader_store, Entity("b", "Jisoo Park", "PERSON", aliases={"Park"}))
    assert first["a"] != second["b"]
    # A bare "Park" is the alias of the first and is matched to it.
    third = await write(loader_store, Entity("c", "Park", "PERSON"))
    assert third["c"] in (first["a"], second["b"])


async def test_merged_entity_stands_for_the_one_it_was_merged_into(loader_store: Store) -> None:
    kept = new_entity_doc(
        make_id("entities", "clarion project"), Entity("k", "Clarion Project", "ORGANIZATION")
    )
    gone = new_entity_doc(make_id("entities", "clarion"), Entity("m", "clarion", "ORGANIZATION"))
    gone["merged_into"] = kept["_id"]
    await loader_store.upsert_many("entities", [kept, gone])
    ids = await write(loader_store, Entity("p", "clarion", "ORGANIZATION"))
    assert ids["p"] == kept["_id"]
    assert (await follow_merges(loader_store, [gone]))[gone["_id"]]["_id"] == kept["_id"]
    stored = await loader_store.get_many("entities", [kept["_id"]])
    assert stored[kept["_id"]]["aliases"] == ["clarion"]


async def test_two_extracted_entities_with_one_name_become_one(loader_store: Store) -> None:
    ids = await write(
        loader_store,
        Entity("a", "Treasury Department", "ORGANIZATION", aliases={"the Treasury"}),
        Entity("b", "Treasury", "ORGANIZATION"),
    )
    assert ids["a"] == ids["b"]
    assert len(await all_entities(loader_store)) == 1


@pytest.mark.parametrize(
    ("name", "kind", "descriptive"),
    [
        ("A source", "OTHER", True),
        ("another former employee", "OTHER", True),
        ("Two librarians", "GROUP", True),
        ("Residents and nurses at the clinic", "GROUP", True),
        ("Red Crescent", "OTHER", False),
        ("A former Brightwater employee", "OTHER", True),
        ("Prosecutors", "GROUP", True),
        ("Westside", "OTHER", False),
        ("IRGC", "OTHER", False),
        ("The Iranian people", "GROUP", False),
        ("A source", "PERSON", False),  # named kinds are names, whatever the extractor called them
    ],
)
def test_is_descriptive(name: str, kind: EntityKind, descriptive: bool) -> None:
    assert is_descriptive(Entity("k", name, kind)) is descriptive


async def test_unnamed_sources_stay_in_their_own_article(loader_store: Store) -> None:
    first = await resolve_entities(loader_store, [Entity("s", "A source", "OTHER")], scope="art_1")
    await loader_store.upsert_many("entities", list(first.docs.values()))
    second = await resolve_entities(loader_store, [Entity("s", "a source", "OTHER")], scope="art_2")
    await loader_store.upsert_many("entities", list(second.docs.values()))
    assert first.ids["s"] != second.ids["s"]
    # A named entity of a vague kind is not matched to an unnamed one either.
    third = await write(loader_store, Entity("x", "Source", "ORGANIZATION"))
    assert third["x"] not in (first.ids["s"], second.ids["s"])
    # Rerunning the first article finds its own unnamed source again and changes nothing.
    again = await resolve_entities(loader_store, [Entity("s", "A source", "OTHER")], scope="art_1")
    assert again.ids == first.ids and again.changed == set()
    (doc,) = (await loader_store.get_many("entities", [first.ids["s"]])).values()
    assert doc["scope"] == "art_1" and doc["names_norm"] == ["source"]


def test_shared_term_counts_are_the_most_terms_shared_with_one_new_claim() -> None:
    rng = random.Random(5)
    vocabulary = [f"t{i}" for i in range(30)]
    for _ in range(500):
        news = [set(rng.sample(vocabulary, rng.randint(1, 8))) for _ in range(rng.randint(1, 12))]
        count = rng.randint(0, 20)
        candidates = [{"terms": rng.sample(vocabulary, rng.randint(0, 10))} for _ in range(count)]
        expected = [max(len(set(c["terms"]) & n) for n in news) for c in candidates]
        assert shared_term_counts(news, candidates) == expected


def lexicon_claims(article_id: str, matter: str) -> list[dict[str, Any]]:
    """A claim per antonym-lexicon predicate, plain and negated, plus claims with a polarity only
    and claims with neither: every way inference may set two claims against each other."""
    raw = resources.files("loaders").joinpath("lexicons", "inference_antonyms.json").read_text("utf-8")
    phrases = [p for sides in json.loads(raw)["groups"].values() for side in sides.values() for p in side]
    texts = [(f"the council will {p} {matter}", 0) for p in phrases]
    texts += [(f"the council will not {p} {matter}", -1) for p in phrases]
    texts += [(f"the council will close {matter}", 1), (f"the council will not close {matter}", -1)]
    texts += [(f"the council met about {matter}", 0)]
    return [
        {
            "_id": f"{article_id}-{i}",
            "article_id": article_id,
            "text": t,
            "terms": content_terms(t),
            "polarity": p,
        }
        for i, (t, p) in enumerate(texts)
    ]


def test_opposable_pairs_leave_out_only_claims_that_cannot_contradict() -> None:
    new = lexicon_claims("a", "the bridge repairs")
    old = lexicon_claims("b", "the bridge repairs") + lexicon_claims("c", "the harbour budget")
    news, olds = opposable_pairs(new, old)
    assert infer_contradictions(news, olds) == infer_contradictions(new, old) != []
    neutral = [d for d in new if "met about" in d["text"]]
    assert opposable_pairs(neutral, old) == ([], [])


async def test_documents_known_by_a_description_stay_in_their_article(loader_store: Store) -> None:
    # Issue 10: two articles' "2024 audit" are two audits (of the parks department, of the harbour
    # authority); a named document ("2021 Hatch report") is one wherever it is cited.
    cases = [("Parks", "the parks department overpaid"), ("Harbour", "the cranes were neglected")]
    for title, found in cases:
        text = f"A 2024 audit found {found}. The 2021 Hatch report agreed."
        article = Article(text=text, title=title)
        claim = quote(article, found, speaker="e0", kind="REPORTED", cue="found")
        entities = [Entity("e0", "2024 audit", "DOCUMENT"), Entity("e1", "2021 Hatch report", "DOCUMENT")]
        await write_one(loader_store, article, Extraction(claims=[claim], entities=entities))
    audits = await loader_store.find("entities", {"names_norm": "2024 audit"})
    hatch = await loader_store.find("entities", {"names_norm": "2021 hatch report"})
    assert len(audits) == 2 and len(hatch) == 1
    assert {d["_id"] for d in audits} == {c["speaker_id"] for c in await loader_store.find("claims", {})}


@pytest.mark.parametrize(
    ("name", "generic"),
    [("2024 audit", True), ("internal emails", True), ("June report", True), ("documents", True),
     ("September 11 report", False), ("2021 Hatch report", False), ("Keller & Vance audit", False),
     ("FRO report", False)],
)
def test_which_documents_are_only_described(name: str, generic: bool) -> None:
    assert is_descriptive(Entity("e0", name, "DOCUMENT")) is generic
