from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.ingest import ingest_articles, load_paths, store_is_empty
from loaders.model import Article, Extraction
from store import open_store
from store.base import Store
from store.documents import make_id

from .conftest import snapshot
from .fakes import by_title, quote
from .scenario import MAYOR_TITLE, UNION_TITLE, extractor, mayor_extraction, union_extraction, write_corpus


async def load(store: Store, paths: list[str], **kw: Any) -> Any:
    kw.setdefault("extractor", extractor)
    return await load_paths(store, paths, progress=False, **kw)


async def test_documents_and_deterministic_ids(loader_store: Store, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in")
    report = await load(loader_store, paths)
    assert (report.loaded, report.claims, report.errors) == (2, 3, [])
    snap = await snapshot(loader_store)

    union_article = next(a for a in snap["articles"].values() if a["title"] == UNION_TITLE)
    text = Path(paths[0]).read_text(encoding="utf-8")
    assert union_article["_id"] == make_id("articles", UNION_TITLE, union_article["text"])
    assert union_article["order"] == f"2026-03-02|{union_article['_id']}"
    assert union_article["author"] == "Nadia Ferro" and union_article["publisher_name"] == "Valley Times"
    assert union_article["text"] != text and union_article["text"].startswith(UNION_TITLE + "\nThe Aldmoor")
    publisher = snap["entities"][union_article["publisher_id"]]
    assert (publisher["name"], publisher["kind"]) == ("Valley Times", "ORGANIZATION")

    claims = [c for c in snap["claims"].values() if c["article_id"] == union_article["_id"]]
    for c in claims:
        start, end = c["span"]["start"], c["span"]["end"]
        assert c["_id"] == make_id("claims", union_article["_id"], start, end)
        assert union_article["text"][start:end] == c["text"]
        assert c["order"] == f"2026-03-02|{union_article['_id']}|{start:09d}"
        assert c["terms"] and "freez" in " ".join(c["terms"])
        # Every claim stands in its article, published by its outlet.
        article_source = c["sources"][-1]
        assert article_source == {
            "name": "Valley Times",
            "kind": "ARTICLE",
            "url": None,
            "entity_id": publisher["_id"],
            "article_id": union_article["_id"],
            "evidence": None,
        }
    confirmed = next(c for c in claims if c["cue"] == "confirmed")
    assert confirmed["sources"][0]["kind"] == "DOCUMENT"
    assert snap["entities"][confirmed["sources"][0]["entity_id"]]["name"] == "the minutes"
    assert confirmed["mention_ids"] and snap["entities"][confirmed["mention_ids"][0]]["name"].endswith(
        "Union"
    )

    supports = [r for r in snap["relations"].values() if r["type"] == "SUPPORTS"]
    assert len(supports) == 1 and supports[0]["method"] == "CUE"
    assert supports[0]["_id"] == make_id(
        "relations", supports[0]["from_claim"], supports[0]["to_claim"], "SUPPORTS"
    )


async def test_cross_article_entity_merge_by_alias(loader_store: Store, tmp_path: Path) -> None:
    await load(loader_store, write_corpus(tmp_path / "in"))
    unions = await loader_store.find("entities", {"names_norm": "acwu"})
    assert [u["name"] for u in unions] == ["Aldmoor City Workers Union"]
    assert unions[0]["aliases"] == ["ACWU", "City Workers Union"]
    assert unions[0]["names_norm"] == ["acwu", "aldmoor city workers union", "city workers union"]


async def test_inferred_contradiction_and_flags(loader_store: Store, tmp_path: Path) -> None:
    await load(loader_store, write_corpus(tmp_path / "in"))
    inferred = await loader_store.find("relations", {"method": "INFERRED"})
    assert len(inferred) == 2  # the mayor's denial against both union claims
    claims = {c["_id"]: c for c in await loader_store.find("claims", {})}
    for rel in inferred:
        assert rel["type"] == "CONTRADICTS" and rel["status"] == "active" and 0 < rel["confidence"] < 1
        assert claims[rel["from_claim"]]["text"].startswith("We never signed off")
        assert claims[rel["to_claim"]]["contradicted"] is True
    assert [c["contradicted"] for c in claims.values() if c["text"].startswith("We never")] == [False]


async def test_inferred_relations_do_not_depend_on_load_order(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in")
    found = []
    for order, name in ((paths, "forward"), (paths[::-1], "backward")):
        store = await open_store(data_dir=tmp_path / name)
        await load(store, order)
        snap = await snapshot(store)
        found.append((snap["relations"], {i: c["contradicted"] for i, c in snap["claims"].items()}))
        await store.close()
    assert found[0] == found[1]


async def test_reload_changes_nothing(loader_store: Store, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in")
    await load(loader_store, paths)
    first = await snapshot(loader_store)
    report = await load(loader_store, paths)
    assert report.loaded == 2
    assert await snapshot(loader_store) == first


class Killed(Exception):
    """Stands for SIGKILL: the load stops dead at a write."""


def kill_after(store: Store, writes: int) -> None:
    """Make the store die at its `writes`-th write operation."""
    count = 0
    for name in ("upsert_many", "update_many", "delete_many"):
        original = getattr(store, name)

        async def dying(*args: Any, __original: Any = original, **kw: Any) -> Any:
            nonlocal count
            count += 1
            if count >= writes:
                raise Killed
            return await __original(*args, **kw)

        setattr(store, name, dying)


@pytest.mark.parametrize("chunk", [1, 200])
async def test_load_killed_at_any_write_then_rerun_equals_a_clean_load(tmp_path: Path, chunk: int) -> None:
    paths = write_corpus(tmp_path / "in")
    clean = await open_store(data_dir=tmp_path / "clean")
    await load(clean, paths, chunk=chunk)
    expected = await snapshot(clean)
    writes = sum(n for (_, kind), n in clean.operations.items() if kind in ("upsert", "update", "delete"))
    await clean.close()
    assert writes >= 5  # entities, claims, relations, articles: a cut at each
    for cut in range(1, writes + 1):
        folder = tmp_path / f"cut{cut}"
        victim = await open_store(data_dir=folder)
        kill_after(victim, cut)
        with pytest.raises(Killed):
            await load(victim, paths, chunk=chunk)
        await victim.close()
        again = await open_store(data_dir=folder)
        await load(again, paths, chunk=chunk)
        assert await snapshot(again) == expected, f"killed at write {cut}"
        await again.close()


async def test_bad_inputs_are_reported_and_the_rest_loads(loader_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_corpus(folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "broken.json").write_text('{"text": ', encoding="utf-8")
    report = await load(loader_store, [str(folder), str(tmp_path / "missing.txt")])
    assert report.loaded == 2
    reasons = dict(report.errors)
    assert set(reasons) == {
        str(folder / "binary.txt"),
        str(folder / "broken.json"),
        str(folder / "empty.txt"),
        str(tmp_path / "missing.txt"),
    }
    assert reasons[str(folder / "empty.txt")] == "empty"
    assert reasons[str(folder / "broken.json")].startswith("malformed JSON at line 1")


async def test_extraction_failure_is_reported_for_that_article_alone(
    loader_store: Store, tmp_path: Path
) -> None:
    def explode(article: Article) -> Extraction:
        raise RuntimeError("parser fell over")

    def out_of_bounds(article: Article) -> Extraction:
        claim = quote(article, "We never signed off on a wage freeze", speaker=None)
        claim.end = len(article.text) + 10
        return Extraction(claims=[claim])

    paths = write_corpus(tmp_path / "in")
    report = await load(
        loader_store, paths, extractor=by_title({UNION_TITLE: explode, MAYOR_TITLE: out_of_bounds})
    )
    assert report.loaded == 0
    assert report.errors[0] == (paths[0], "extraction failed: parser fell over")
    assert report.errors[1][0] == paths[1] and "outside the text" in report.errors[1][1]
    assert await store_is_empty(loader_store)


async def test_rerun_with_a_new_extraction_drops_stale_claims(loader_store: Store, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in")
    await load(loader_store, paths)

    def fewer(article: Article) -> Extraction:
        ex = union_extraction(article)
        return Extraction(claims=ex.claims[:1], entities=ex.entities)

    await load(loader_store, paths, extractor=by_title({UNION_TITLE: fewer, MAYOR_TITLE: mayor_extraction}))
    texts = sorted(c["text"] for c in await loader_store.find("claims", {}))
    assert texts == [
        "The Aldmoor City Workers Union agreed to the wage freeze in March",
        "We never signed off on a wage freeze",
    ]
    relations = await loader_store.find("relations", {})
    assert [r["method"] for r in relations] == ["INFERRED"]  # the SUPPORTS lost its claim


async def test_store_is_empty(loader_store: Store, tmp_path: Path) -> None:
    assert await store_is_empty(loader_store)
    await load(loader_store, write_corpus(tmp_path / "in")[:1])
    assert not await store_is_empty(loader_store)


PARTNER = {
    "url": "https://ridgeherald.example/bridge",
    "title": "Bridge repairs delayed",
    "publisher": "Ridge Herald",
    "publishedAt": "2026-04-10",
    "text": "Repairs to the Kessel Bridge will slip to autumn, engineer Tomas Varga said on Friday.",
    "claims": [
        {
            "text": "Repairs to the Kessel Bridge will slip to autumn",
            "kind": "REPORTED",
            "cue": "said",
            "speaker": "Tomas Varga",
            "speakerMention": "engineer Tomas Varga",
        }
    ],
}


async def test_ingest_articles_outcome_per_input(loader_store: Store) -> None:
    def no_extraction(article: Article) -> Extraction:
        raise AssertionError("pre-extracted articles are not extracted again")

    outcomes = await ingest_articles(
        loader_store,
        [PARTNER, {"title": "no text"}, "not an object"],  # type: ignore[list-item]  # a partner's mistake
        extractor=no_extraction,
    )
    assert outcomes[0]["article_id"] == make_id("articles", PARTNER["url"]) and outcomes[0]["error"] is None
    assert len(outcomes[0]["claim_ids"]) == 1
    assert outcomes[1] == {
        "article_id": None,
        "claim_ids": [],
        "error": "articles[1]: text: not an article: no text",
    }
    assert outcomes[2]["article_id"] is None and "expected a JSON object" in outcomes[2]["error"]
    (claim,) = (await loader_store.get_many("claims", outcomes[0]["claim_ids"])).values()
    assert claim["speaker_mention"] == "engineer Tomas Varga"
    (article,) = await loader_store.find("articles", {})
    assert article["source"] == "api" and article["published_at"] == "2026-04-10"


async def test_ingest_runs_the_extractor_when_no_claims_are_given(loader_store: Store) -> None:
    plain = {k: v for k, v in PARTNER.items() if k != "claims"}

    def one_claim(article: Article) -> Extraction:
        return Extraction(claims=[quote(article, "the Kessel Bridge", speaker=None)])

    (outcome,) = await ingest_articles(loader_store, [plain], extractor=one_claim)
    assert outcome["error"] is None and len(outcome["claim_ids"]) == 1


async def test_load_from_stdin(loader_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import json
    import sys

    lines = "\n".join(json.dumps(a) for a in (PARTNER, {**PARTNER, "url": "https://ridgeherald.example/b2"}))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    report = await load_paths(loader_store, ["-"], progress=False)
    assert (report.loaded, report.claims, report.errors) == (2, 2, [])
    assert {a["source"] for a in await loader_store.find("articles", {})} == {"-"}
