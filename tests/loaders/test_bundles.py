"""The JSONL export and its re-import: export -> load gives an identical store (every document of
every collection but the API keys), on both backends, curation and merges included; filters keep
only what they name; a bad file is refused naming the line and the reason."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from loaders.bundles import ExportError, export_lines, is_export, restore, write_export
from loaders.curate import delete_article, merge_entities, relate_claims, review_relation
from loaders.ingest import load_paths
from store import open_store
from store.base import Store
from store.testing import mongomock_client

from .scenario import extractor, write_corpus

EXPORTED = ("articles", "claims", "entities", "relations", "reviews")


async def _open(backend: str, folder: Path, name: str) -> Store:
    if backend == "sqlite":
        return await open_store(data_dir=folder / name)
    return await open_store(mongo_client=mongomock_client(), db_name=f"claimgraph_{name}")


@pytest.fixture(params=["sqlite", "mongodb"])
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    source = await _open(request.param, tmp_path, "source")
    target = await _open(request.param, tmp_path, "target")
    try:
        yield source, target
    finally:
        await source.close()
        await target.close()


def clock() -> datetime:
    return datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def curated(store: Store, tmp_path: Path) -> None:
    """The scenario loaded, then curated: a relation asserted, an inferred one rejected, two
    entities merged, and a review of a deleted article left on record."""
    await load_paths(store, write_corpus(tmp_path / "in"), progress=False, extractor=extractor)
    claims = {c["text"]: c for c in await store.find("claims", {})}
    mayor = next(c for t, c in claims.items() if t.startswith("We never"))
    union = next(c for t, c in claims.items() if c["cue"] == "said" and c is not mayor)
    clerk = next(c for c in claims.values() if c["cue"] == "confirmed")
    await relate_claims(store, clerk["_id"], mayor["_id"], "CONTRADICTS", "the minutes", "alice", clock=clock)
    await review_relation(
        store, mayor["_id"], union["_id"], "CONTRADICTS", "REJECT", "no", "bob", clock=clock
    )
    await merge_entities(store, union["speaker_id"], clerk["speaker_id"], "carol", clock=clock)
    await delete_article(store, "art_0000000000000000", "carol", clock=clock)


async def everything(store: Store) -> dict[str, dict[str, Any]]:
    return {c: {d["_id"]: d for d in await store.find(c, {})} for c in EXPORTED}


async def test_export_then_load_gives_an_identical_store(stores: tuple[Store, Store], tmp_path: Path) -> None:
    source, target = stores
    await curated(source, tmp_path)
    await source.upsert_many(
        "keys", [{"_id": "key_0000000000000001", "name": "k", "hash": "hash-never-exported"}]
    )
    path = tmp_path / "graph.jsonl"
    with path.open("wb") as out:
        assert await write_export(source, out) == 2
    assert is_export(str(path)) and b"hash-never-exported" not in path.read_bytes()  # keys never leave
    report = await load_paths(target, [str(path)], progress=False)
    assert report.errors == [] and report.loaded == 2 and report.claims == 3
    before, after = await everything(source), await everything(target)
    assert after == before
    assert before["reviews"] and any(e.get("merged_into") for e in before["entities"].values())
    assert await target.find("keys", {}) == []
    # Loading it again changes nothing.
    await load_paths(target, [str(path)], progress=False)
    assert await everything(target) == before


async def test_relations_to_later_articles_wait_for_their_claims(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    source, target = stores
    await curated(source, tmp_path)
    path = tmp_path / "graph.jsonl"
    with path.open("wb") as out:
        await write_export(source, out)
    # One article per transaction: the first article's relations to the second article's claims
    # are written with the second, and a reader between the two never meets a dangling relation.
    report = await restore(target, str(path), chunk=1)
    assert report.errors == [] and report.articles == 2
    assert await everything(target) == await everything(source)


async def test_filtered_exports_keep_what_they_name(stores: tuple[Store, Store], tmp_path: Path) -> None:
    source, target = stores
    await curated(source, tmp_path)
    # The mayor's article has no date: only the union's, of 2026-03-02, is published since March.
    since = [orjson.loads(line) async for line in export_lines(source, since="2026-03")]
    assert since[0] == {"claimgraph_export": 1, "actor": None, "since": "2026-03"}
    assert [line["article"]["title"] for line in since[1:]] == ["Union backs wage freeze"]
    # A relation to a claim the export does not hold is left out, so the file loads on its own.
    assert all(r["to_claim"] in {c["_id"] for c in since[1]["claims"]} for r in since[1]["relations"])
    by_actor = [orjson.loads(line) async for line in export_lines(source, actor="ellen park")]
    assert by_actor[0]["actor"] == "Ellen Park" and len(by_actor) == 2
    path = tmp_path / "mayor.jsonl"
    with path.open("wb") as out:
        await write_export(source, out, actor="PARK")
    report = await restore(target, str(path))
    assert report.errors == [] and report.articles == 1
    assert {c["speaker_id"] for c in await target.find("claims", {})} >= {
        by_actor[1]["claims"][0]["speaker_id"]
    }


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"actor": "nobody at all"}, "--actor: no entity goes by 'nobody at all'"),
        ({"actor": "..."}, "--actor: '...' has no letters or digits to look up"),
        (
            {"since": "2026-02-30x"},
            "--since: '2026-02-30x' is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)",
        ),
    ],
)
async def test_bad_filters_are_refused_naming_them(
    stores: tuple[Store, Store], tmp_path: Path, filters: dict[str, str], message: str
) -> None:
    source, _ = stores
    await curated(source, tmp_path)
    with pytest.raises(ExportError) as refused:
        await write_export(source, io.BytesIO(), **filters)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'{"claimgraph_export": 1}\n{"article": {"title": "x"}}\n',
            "line 2: article: expected an article document",
        ),
        (b'{"claimgraph_export": 1}\n{"claims": [1]', "line 2: malformed JSON"),
        (b'{"claimgraph_export": 1}\n[1, 2]\n', "line 2: not a line of a claimgraph export"),
        (b'{"claimgraph_export": 9}\n', "not a claimgraph export of version 1"),
    ],
)
async def test_a_bad_export_is_refused_naming_the_line(
    stores: tuple[Store, Store], tmp_path: Path, content: bytes, reason: str
) -> None:
    _, target = stores
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    report = await load_paths(target, [str(path)], progress=False)
    assert report.loaded == 0 and len(report.errors) == 1
    name, message = report.errors[0]
    assert name == str(path) and message.startswith(reason), message
    assert await target.find("articles", {}) == []
