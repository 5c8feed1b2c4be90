"""Issue 10: claims a spokesperson makes on behalf of a body, as written to the store: the claim
keeps the person as speaker and names the body (`on_behalf_of`, and both in `actor_ids`); the body
is marked `represented`, and the claims it made itself before claims had actor_ids get them; a
merge of entities moves all of it."""

from __future__ import annotations

from loaders.curate import merge_entities
from loaders.model import Article, Entity, Extraction
from store.base import Store

from .fakes import quote, write_one

TEXT = ("Halvorsen Foods said the plant would stay open. "
        "A company spokeswoman, Priya Castellanos, denied that the company knew before January.")


def extraction(article: Article) -> Extraction:
    own = quote(article, "the plant would stay open", speaker="e0", kind="REPORTED")
    denial = quote(article, "the company knew before January", speaker="e1", kind="REPORTED", cue="denied")
    denial.on_behalf_of = "e0"
    own.mode = denial.mode = "STATEMENT"
    return Extraction(
        claims=[own, denial],
        entities=[Entity("e0", "Halvorsen Foods", "ORGANIZATION"),
                  Entity("e1", "Priya Castellanos", "PERSON")],
    )


async def test_a_spokespersons_claim_is_stored_for_the_body(loader_store: Store) -> None:
    article = Article(text=TEXT, title="Plant", publisher="Harbour Examiner")
    await write_one(loader_store, article, extraction(article))
    (company,) = await loader_store.find("entities", {"name": "Halvorsen Foods"})
    (person,) = await loader_store.find("entities", {"name": "Priya Castellanos"})
    assert company.get("represented") is True and not person.get("represented")
    by_text = {c["text"]: c for c in await loader_store.find("claims", {})}
    denial = by_text["the company knew before January"]
    assert (denial["speaker_id"], denial["on_behalf_of"], denial["mode"]) == (
        person["_id"], company["_id"], "STATEMENT")
    assert denial["actor_ids"] == sorted([person["_id"], company["_id"]])
    assert by_text["the plant would stay open"]["actor_ids"] == [company["_id"]]
    listed = await loader_store.find("claims", {"actor_ids": company["_id"]})
    assert {c["text"] for c in listed} == set(by_text)


async def test_claims_stored_before_actor_ids_get_them_when_the_body_is_spoken_for(
    loader_store: Store,
) -> None:
    older = Article(text="Halvorsen Foods said the canteen would reopen.", title="Canteen")
    own = quote(older, "the canteen would reopen", speaker="e0", kind="REPORTED")
    await write_one(loader_store, older, Extraction(
        claims=[own], entities=[Entity("e0", "Halvorsen Foods", "ORGANIZATION")]))
    (stored,) = await loader_store.find("claims", {"article_id": {"$exists": True}})
    # as an older version wrote it
    await loader_store.upsert_many("claims", [{k: v for k, v in stored.items() if k != "actor_ids"}])
    article = Article(text=TEXT, title="Plant")
    await write_one(loader_store, article, extraction(article))
    (company,) = await loader_store.find("entities", {"name": "Halvorsen Foods"})
    listed = await loader_store.find("claims", {"actor_ids": company["_id"]})
    assert "the canteen would reopen" in {c["text"] for c in listed}


async def test_merging_the_body_moves_what_was_said_on_its_behalf(loader_store: Store) -> None:
    article = Article(text=TEXT, title="Plant")
    await write_one(loader_store, article, extraction(article))
    other = Article(text="Halvorsen said the depot was sold.", title="Depot")
    await write_one(loader_store, other, Extraction(
        claims=[quote(other, "the depot was sold", speaker="e0", kind="REPORTED")],
        entities=[Entity("e0", "Halvorsen", "PERSON")]))
    (company,) = await loader_store.find("entities", {"name": "Halvorsen Foods"})
    (dup,) = await loader_store.find("entities", {"name": "Halvorsen"})
    await merge_entities(loader_store, dup["_id"], company["_id"])
    (kept,) = await loader_store.find("entities", {"_id": dup["_id"]})
    assert kept.get("represented") is True
    listed = await loader_store.find("claims", {"actor_ids": dup["_id"]})
    assert {c["text"] for c in listed} == {
        "the plant would stay open", "the company knew before January", "the depot was sold"}
    (denial,) = [c for c in listed if c["text"] == "the company knew before January"]
    assert denial["on_behalf_of"] == dup["_id"]
    assert not await loader_store.find("claims", {"actor_ids": company["_id"]})
