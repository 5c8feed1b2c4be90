"""The write path (loaders.write): a chunk of articles written in one transaction ends in exactly
the store that writing them one at a time, in input order, gives: entities shared within a chunk,
inference within and across chunks, bad articles, repeated articles, reruns and a store that
refuses one article's documents."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from loaders.documents import new_entity_doc
from loaders.ingest import load_paths
from loaders.model import Article, Entity, Extraction
from loaders.read import read_paths
from loaders.story_groups import BAND_CANDIDATES
from loaders.write import WriteResult, write_articles
from store import open_store
from store.base import Store, StoreError

from .conftest import snapshot

SPEAKERS = ["Mara Quell", "Tomas Reyna", "Ida Vos", "Council Workers Union"]
LINES = [
    ("the council will approve the bridge repairs", 0),
    ("the council will reject the bridge repairs", 0),
    ("the pension fund will grow next year", 0),
    ("the pension fund will shrink next year", 0),
    ("the clinic will close in March", 0),
    ("the clinic will not close in March", -1),
]


def partner_article(i: int) -> dict[str, Any]:
    """Article i: three claims by speakers that recur across articles (one of them by its
    initials-free alias), on matters that contradict claims of other articles."""
    sentences: list[str] = []
    claims: list[dict[str, Any]] = []
    offset = 0
    for j in range(3):
        text, polarity = LINES[(i + 2 * j) % len(LINES)]
        speaker = SPEAKERS[(i + j) % len(SPEAKERS)]
        sentence = f"{speaker} said {text}."
        start = offset + len(speaker) + len(" said ")
        claims.append(
            {
                "text": text,
                "kind": "REPORTED",
                "cue": "said",
                "speaker": speaker,
                "speaker_kind": "ORGANIZATION" if "Union" in speaker else "PERSON",
                "speaker_mention": speaker,
                "span": {"start": start, "end": start + len(text)},
                "polarity": polarity,
            }
        )
        sentences.append(sentence)
        offset += len(sentence) + 1
    if i % 4 == 1:  # an unnamed source of its own article
        claims[0]["sources"] = [{"name": "A council source", "kind": "OTHER"}]
    return {
        "url": f"https://batch.example/{i}",
        "title": f"Report {i}",
        "publisher": ["Harbor Daily", "Coastal Tribune"][i % 2],
        # Dates out of load order, so inference must point later -> earlier whatever loads first.
        "published_at": f"2026-02-{1 + (i * 7) % 27:02d}",
        "text": " ".join(sentences),
        "claims": claims,
    }


def partner_copy(i: int, outlet: str, day: int) -> dict[str, Any]:
    """Article i as another outlet printed it (same claims, a line added): a near-duplicate, so
    same-story detection puts it in article i's story and its claims count for article i's origin."""
    article = partner_article(i)
    article.update(
        url=f"https://copies.example/{outlet}/{i}",
        publisher=outlet,
        published_at=f"2026-03-{day:02d}",
        text=article["text"] + " Reporting by the wire desk.",
    )
    return article


def independent_report() -> dict[str, Any]:
    """A report of its own (no copy of any other) of a line the batch articles carry."""
    said = "the pension fund will grow next year"
    text = f"Speaking on a radio phone-in on Friday, the treasurer Ida Vos said {said}, to applause."
    start = text.index(said)
    return {
        "url": "https://radio.example/phone-in",
        "title": "Phone-in",
        "publisher": "Radio Meridian",
        "published_at": "2026-02-15",
        "text": text,
        "claims": [
            {"text": said, "kind": "REPORTED", "cue": "said", "speaker": "Ida Vos", "speaker_kind": "PERSON",
             "speaker_mention": "Ida Vos", "span": {"start": start, "end": start + len(said)}, "polarity": 0}
        ],
    }  # fmt: skip


def write_partner_corpus(folder: Path, count: int, extra: list[dict[str, Any]] | None = None) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [partner_article(i) for i in range(count)] + (extra or [])
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [str(path)]


async def reference(store: Store, paths: list[str]) -> None:
    """One article per transaction, in input order: what every chunked load must equal."""
    for item in read_paths(paths):
        if isinstance(item, Article) and item.extraction is not None:
            await write_articles(store, [(item, item.extraction)])


async def snap_of(tmp_path: Path, name: str, paths: list[str], chunk: int | None) -> Any:
    store = await open_store(data_dir=tmp_path / name)
    try:
        if chunk is None:
            await reference(store, paths)
        else:
            report = await load_paths(store, paths, progress=False, chunk=chunk)
            assert report.loaded > 0
        return await snapshot(store)
    finally:
        await store.close()


async def test_chunked_load_equals_one_article_at_a_time(tmp_path: Path) -> None:
    copies = [
        partner_copy(i, outlet, day)
        for i, outlet, day in ((2, "Tidewater Post", 1), (2, "Meridian Post", 9), (7, "Tidewater Post", 20))
    ]
    paths = write_partner_corpus(tmp_path / "in", 23, extra=[*copies, independent_report()])
    expected = await snap_of(tmp_path, "ref", paths, None)
    inferred = [r for r in expected["relations"].values() if r["method"] == "INFERRED"]
    assert len(inferred) >= 5 and any(c["contradicted"] for c in expected["claims"].values())
    assert sum(1 for e in expected["entities"].values() if e["name"] == "Mara Quell") == 1
    # The copies joined their originals' stories (these templated articles are near-duplicates of
    # many others too), and the statements said by several stories count their origins.
    story = {a["url"]: a["story_id"] for a in expected["articles"].values()}
    assert story["https://copies.example/Tidewater Post/2"] == story["https://batch.example/2"]
    assert story["https://copies.example/Meridian Post/2"] == story["https://batch.example/2"]
    assert any(g["kind"] == "statement" and g["independent"] >= 2 for g in expected["groups"].values())
    # Some band keys are held by more articles than a look-up reads (the newest BAND_CANDIDATES):
    # the chunks must pick the same candidates as one article at a time does.
    bands = Counter(b for a in expected["articles"].values() for b in a.get("story_bands") or [])
    assert max(bands.values()) > BAND_CANDIDATES
    for chunk in (1, 5, 200):
        assert await snap_of(tmp_path, f"chunk{chunk}", paths, chunk) == expected, f"chunk={chunk}"


async def test_chunked_rerun_changes_nothing(tmp_path: Path) -> None:
    paths = write_partner_corpus(tmp_path / "in", 12)
    store = await open_store(data_dir=tmp_path / "s")
    try:
        await load_paths(store, paths, progress=False, chunk=5)
        first = await snapshot(store)
        report = await load_paths(store, paths, progress=False, chunk=5)
        assert (report.loaded, report.errors) == (12, [])
        assert await snapshot(store) == first
    finally:
        await store.close()


async def test_bad_and_repeated_articles_in_a_chunk(tmp_path: Path) -> None:
    bad = partner_article(100)
    bad["claims"][1]["span"] = {"start": 5, "end": 100_000}
    repeated = partner_article(3)
    repeated["claims"] = repeated["claims"][:2]  # a second, smaller extraction of article 3
    paths = write_partner_corpus(tmp_path / "in", 9, extra=[bad, repeated, partner_article(9)])
    expected = await snap_of(tmp_path, "ref", paths, None)
    store = await open_store(data_dir=tmp_path / "chunked")
    try:
        report = await load_paths(store, paths, progress=False, chunk=200)
        assert report.loaded == 11
        assert len(report.errors) == 1 and "past the text" in report.errors[0][1]
        assert await snapshot(store) == expected
    finally:
        await store.close()


def with_first_claim(item: tuple[Article, Extraction | None], **changes: Any) -> tuple[Article, Extraction]:
    article, extraction = item
    assert extraction is not None
    claims = list(extraction.claims)
    claims[0] = type(claims[0])(**{**claims[0].__dict__, **changes})
    return article, Extraction(**{**extraction.__dict__, "claims": claims})


async def test_a_refused_article_does_not_sink_its_chunk(loader_store: Store, tmp_path: Path) -> None:
    paths = write_partner_corpus(tmp_path / "in", 5)
    items: list[Any] = [(a, a.extraction) for a in read_paths(paths) if isinstance(a, Article)]
    items[1] = with_first_claim(items[1], end=100_000)  # does not fit its article
    items[3] = with_first_claim(items[3], stated_at=object())  # the store cannot encode it
    outcomes = await write_articles(loader_store, items)
    kinds = [WriteResult, ValueError, WriteResult, StoreError, WriteResult]
    assert [type(o) for o in outcomes] == kinds
    written = {d["_id"] for d in await loader_store.find("articles", {})}
    assert written == {o.article_id for o in outcomes if isinstance(o, WriteResult)}


async def test_chunked_load_follows_stored_merges_like_one_article_at_a_time(tmp_path: Path) -> None:
    paths = write_partner_corpus(tmp_path / "in", 8)
    kept = new_entity_doc("ent_kept", Entity("k", "Mara Q. Quell", "PERSON"))
    gone = {**new_entity_doc("ent_gone", Entity("g", "Mara Quell", "PERSON")), "merged_into": "ent_kept"}
    snaps = []
    for name, chunk in (("ref", None), ("chunked", 200)):
        store = await open_store(data_dir=tmp_path / name)
        try:
            await store.upsert_many("entities", [kept, gone])
            if chunk is None:
                await reference(store, paths)
            else:
                await load_paths(store, paths, progress=False, chunk=chunk)
            snaps.append(await snapshot(store))
        finally:
            await store.close()
    assert snaps[0] == snaps[1]
    speakers = {c["speaker_id"] for c in snaps[0]["claims"].values()}
    assert "ent_kept" in speakers and "ent_gone" not in speakers
