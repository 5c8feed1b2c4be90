"""The write path records what it adds in the store's event log, in the write's own transaction:
new statements, new relations (inferred ones too), the article; a rerun that adds nothing records
nothing, and a write that fails records nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.curate import relate_claims
from loaders.ingest import load_paths
from store.base import Store, StoreError

from .scenario import extractor, write_corpus


async def load(store: Store, tmp_path: Path) -> None:
    report = await load_paths(store, write_corpus(tmp_path / "in"), progress=False, extractor=extractor)
    assert report.errors == []


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [e["kind"] for e in events]


async def test_a_load_records_statements_relations_and_articles(loader_store: Store, tmp_path: Path) -> None:
    await load(loader_store, tmp_path)
    events = await loader_store.events_after(0)
    claims = {c["_id"]: c for c in await loader_store.find("claims", {})}
    relations = {r["_id"]: r for r in await loader_store.find("relations", {})}
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert {e["claim_id"] for e in events if e["kind"] == "statementAdded"} == set(claims)
    assert {e["relation_id"] for e in events if e["kind"] == "relationAdded"} == set(relations)
    assert {e["method"] for e in events if e["kind"] == "relationAdded"} == {"CUE", "INFERRED"}
    articles = [e for e in events if e["kind"] == "articleIngested"]
    assert len(articles) == 2 and sum(e["claims"] for e in articles) == len(claims)
    # Each article's statements come before the article itself.
    for article in articles:
        own = [e["seq"] for e in events if e.get("article_id") == article["article_id"] and e is not article]
        assert own and max(own) < article["seq"]
    for event in events:
        if event["kind"] == "statementAdded":
            assert event["speaker_id"] == claims[event["claim_id"]]["speaker_id"]
    # Loading the same files again adds nothing, so it records nothing.
    await load(loader_store, tmp_path)
    assert await loader_store.last_event() == len(events)


async def test_a_curated_relation_is_recorded(loader_store: Store, tmp_path: Path) -> None:
    await load(loader_store, tmp_path)
    last = await loader_store.last_event()
    claims = await loader_store.find("claims", {})
    doc = await relate_claims(loader_store, claims[0]["_id"], claims[1]["_id"], "SUPPORTS", "note", "alice")
    (event,) = await loader_store.events_after(last)
    assert event.pop("at")
    assert event == {
        "kind": "relationAdded",
        "relation_id": doc["_id"],
        "from_claim": claims[0]["_id"],
        "to_claim": claims[1]["_id"],
        "type": "SUPPORTS",
        "method": "CURATED",
        "seq": last + 1,
    }


async def test_a_write_that_fails_records_nothing(
    loader_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = loader_store.upsert_many

    async def refuse_articles(collection: str, docs: Any) -> int:
        if collection == "articles":  # the last write of the transaction, after the claims
            raise StoreError("the disk said no")
        return await original(collection, docs)

    monkeypatch.setattr(loader_store, "upsert_many", refuse_articles)
    report = await load_paths(
        loader_store, write_corpus(tmp_path / "in"), progress=False, extractor=extractor
    )
    assert report.loaded == 0 and report.errors
    assert await loader_store.last_event() == 0
    assert await loader_store.find("claims", {}) == []
