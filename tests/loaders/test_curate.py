from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from loaders.curate import delete_article, merge_entities, relate_claims, review_relation
from loaders.ingest import load_paths
from store.base import Store

from .conftest import snapshot
from .scenario import extractor, write_corpus


def clock() -> datetime:
    return datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def loaded(store: Store, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The scenario loaded; claims by a short name."""
    await load_paths(store, write_corpus(tmp_path / "in"), progress=False, extractor=extractor)
    claims = await store.find("claims", {})
    by = {}
    for c in claims:
        by["mayor" if c["text"].startswith("We never") else "union" if c["cue"] == "said" else "clerk"] = c
    return by


async def flags(store: Store) -> dict[str, bool]:
    return {c["_id"]: c["contradicted"] for c in await store.find("claims", {})}


async def test_relate_claims_curated_and_flag(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    assert c["mayor"]["contradicted"] is False
    doc = await relate_claims(
        loader_store,
        c["union"]["_id"],
        c["mayor"]["_id"],
        "CONTRADICTS",
        "minutes say so",
        "alice",
        clock=clock,
    )
    assert (doc["method"], doc["confidence"], doc["status"], doc["evidence"]) == (
        "CURATED",
        1.0,
        "active",
        "minutes say so",
    )
    assert doc["review"] == {
        "verdict": "CONFIRM",
        "note": "minutes say so",
        "by": "alice",
        "at": "2026-06-01T12:00:00+00:00",
    }
    assert (await flags(loader_store))[c["mayor"]["_id"]] is True
    (record,) = await loader_store.find("reviews", {})
    assert record["action"] == "relateClaims" and record["by"] == "alice"


async def test_relate_claims_bad_input(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    with pytest.raises(ValueError, match="type"):
        await relate_claims(loader_store, c["union"]["_id"], c["mayor"]["_id"], "REFUTES", None, "alice")
    with pytest.raises(ValueError, match="itself"):
        await relate_claims(loader_store, c["union"]["_id"], c["union"]["_id"], "SUPPORTS", None, "alice")
    with pytest.raises(LookupError, match="clm_0000000000000000"):
        await relate_claims(
            loader_store, c["union"]["_id"], "clm_0000000000000000", "SUPPORTS", None, "alice"
        )


async def test_reject_inferred_relation_keeps_it_on_record(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    mayor, union, clerk = c["mayor"]["_id"], c["union"]["_id"], c["clerk"]["_id"]
    doc = await review_relation(
        loader_store, mayor, union, "CONTRADICTS", "REJECT", "different freeze", "bob", clock=clock
    )
    assert doc["status"] == "rejected" and doc["method"] == "INFERRED"
    assert doc["review"] == {
        "verdict": "REJECT",
        "note": "different freeze",
        "by": "bob",
        "at": "2026-06-01T12:00:00+00:00",
    }
    now = await flags(loader_store)
    assert now[union] is False and now[clerk] is True  # the clerk's claim is still contradicted
    # Reloading does not bring the rejected relation back to life.
    await load_paths(loader_store, write_corpus(tmp_path / "in"), progress=False, extractor=extractor)
    (kept,) = (await loader_store.get_many("relations", [doc["_id"]])).values()
    assert kept["status"] == "rejected" and (await flags(loader_store))[union] is False
    # Confirming it again makes it active.
    again = await review_relation(
        loader_store, mayor, union, "CONTRADICTS", "CONFIRM", None, "bob", clock=clock
    )
    assert again["status"] == "active" and (await flags(loader_store))[union] is True
    assert len(await loader_store.find("reviews", {})) == 2


async def test_review_relation_errors(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    mayor, union, clerk = c["mayor"]["_id"], c["union"]["_id"], c["clerk"]["_id"]
    with pytest.raises(LookupError):
        await review_relation(loader_store, union, mayor, "CONTRADICTS", "REJECT", None, "bob")
    with pytest.raises(ValueError, match="only INFERRED"):
        await review_relation(loader_store, clerk, union, "SUPPORTS", "REJECT", None, "bob")
    with pytest.raises(ValueError, match="verdict"):
        await review_relation(loader_store, mayor, union, "CONTRADICTS", "MAYBE", None, "bob")


async def test_an_admin_withdraws_a_curated_relation_and_the_record_keeps_every_review(
    loader_store: Store, tmp_path: Path
) -> None:
    c = await loaded(loader_store, tmp_path)
    union, mayor = c["union"]["_id"], c["mayor"]["_id"]
    curated = await relate_claims(loader_store, union, mayor, "CONTRADICTS", "minutes", "alice", clock=clock)
    assert (await flags(loader_store))[mayor] is True
    with pytest.raises(PermissionError, match="only an admin"):
        await review_relation(loader_store, union, mayor, "CONTRADICTS", "REJECT", "no", "bob", clock=clock)
    withdrawn = await review_relation(
        loader_store,
        union,
        mayor,
        "CONTRADICTS",
        "REJECT",
        "misread",
        "root",
        curated_allowed=True,
        clock=clock,
    )
    assert withdrawn["status"] == "rejected" and withdrawn["method"] == "CURATED"
    assert (await flags(loader_store))[mayor] is False
    history = await loader_store.find("reviews", {"relation_id": curated["_id"]}, sort="order")
    assert [(r["action"], r["verdict"], r["by"], r["note"]) for r in history] == [
        ("relateClaims", "CONFIRM", "alice", "minutes"),
        ("reviewRelation", "REJECT", "root", "misread"),
    ]


async def test_merge_entities_moves_everything(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    lind = c["union"]["speaker_id"]
    stone = c["clerk"]["speaker_id"]
    union_id = c["union"]["mention_ids"][0]
    (valley,) = await loader_store.find("entities", {"names_norm": "valley times"})
    kept = await merge_entities(loader_store, lind, stone, "carol", clock=clock)
    assert kept["_id"] == lind and kept["aliases"] == ["Mira Stone"]
    assert kept["roles"] == ["Council clerk", "secretary"] and "mira stone" in kept["names_norm"]
    claims = {x["_id"]: x for x in await loader_store.find("claims", {})}
    assert claims[c["clerk"]["_id"]]["speaker_id"] == lind
    gone = (await loader_store.get_many("entities", [stone]))[stone]
    assert gone["merged_into"] == lind
    # Merging the publisher moves articles and the ARTICLE source; mentions move too.
    (herald,) = await loader_store.find("entities", {"names_norm": "ridge herald"})
    await merge_entities(loader_store, valley["_id"], herald["_id"], "carol", clock=clock)
    assert {a["publisher_id"] for a in await loader_store.find("articles", {})} == {valley["_id"]}
    mayor = (await loader_store.get_many("claims", [c["mayor"]["_id"]]))[c["mayor"]["_id"]]
    assert mayor["sources"][-1]["entity_id"] == valley["_id"]
    # Merging again is a no-op; merging into a merged entity is refused.
    assert (await merge_entities(loader_store, lind, stone, "carol"))["_id"] == lind
    with pytest.raises(ValueError, match="merged into"):
        await merge_entities(loader_store, stone, union_id, "carol")
    with pytest.raises(LookupError):
        await merge_entities(loader_store, lind, "ent_0000000000000000", "carol")
    with pytest.raises(ValueError):
        await merge_entities(loader_store, lind, lind, "carol")


async def test_merge_moves_mentions(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    union_id = c["union"]["mention_ids"][0]
    lind = c["union"]["speaker_id"]
    await merge_entities(loader_store, lind, union_id, "carol", clock=clock)
    for claim in await loader_store.find("claims", {"article_id": c["union"]["article_id"]}):
        assert claim["mention_ids"] == [lind]
    assert await loader_store.find("claims", {"mention_ids": union_id}) == []


async def test_delete_article_and_fix_flags_elsewhere(loader_store: Store, tmp_path: Path) -> None:
    c = await loaded(loader_store, tmp_path)
    assert (await flags(loader_store))[c["union"]["_id"]] is True
    assert await delete_article(loader_store, c["mayor"]["article_id"], "dave", clock=clock) is True
    snap = await snapshot(loader_store)
    assert c["mayor"]["article_id"] not in snap["articles"]
    assert set(snap["claims"]) == {c["union"]["_id"], c["clerk"]["_id"]}
    assert all(not x["contradicted"] for x in snap["claims"].values())
    assert [r["type"] for r in snap["relations"].values()] == ["SUPPORTS"]
    # Deleting it again finds nothing: False, as the schema promises, and nothing recorded.
    reviews = await loader_store.count("reviews", {})
    assert await delete_article(loader_store, c["mayor"]["article_id"], "dave") is False
    assert await loader_store.count("reviews", {}) == reviews
