"""Concurrent writers never lose an acknowledged update: fifty writers at once, each adding an
alias, a role and a claim to one shared entity (and one to a shared publisher), on both backends.
Before transactions were serialised within a process, 20 such writers kept 1 alias of 20.

Also: a reader running beside the writers never sees a claim whose article is missing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from loaders.ingest import ingest_articles
from loaders.model import Article, Claim, Entity, Extraction
from loaders.write import WriteResult, write_articles
from store import Store, open_store
from store.testing import mongomock_client

WRITERS = 50


@pytest.fixture(params=["sqlite", "mongodb"])
async def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        opened = await open_store(data_dir=tmp_path / "data")
    else:
        opened = await open_store(mongo_client=mongomock_client(), db_name="claimgraph_concurrency")
    try:
        yield opened
    finally:
        await opened.close()


def hearing(i: int) -> tuple[Article, Extraction]:
    """Article i: Ellen Park, under an alias and a role of this article only, says one thing."""
    said = f"the pier repairs of section {i} are funded"
    text = f"Park-{i} said {said}. The Harbor Daily reported it."
    article = Article(
        text=text,
        title=f"Pier hearing {i}",
        url=f"https://harbor.example/pier/{i}",
        publisher="Harbor Daily",
        published_at="2026-03-01",
    )
    start = text.index(said)
    extraction = Extraction(
        claims=[
            Claim(text=said, kind="REPORTED", cue="said", start=start, end=start + len(said), speaker="p")
        ],
        entities=[
            Entity("p", "Ellen Park", "PERSON", aliases={f"Park-{i}"}, roles=[f"chair of pier panel {i}"])
        ],
    )
    return article, extraction


async def test_fifty_concurrent_writers_keep_every_alias_role_and_claim(any_store: Store) -> None:
    outcomes = await asyncio.gather(*(write_articles(any_store, [hearing(i)]) for i in range(WRITERS)))
    assert all(isinstance(o[0], WriteResult) for o in outcomes)
    (park,) = await any_store.find("entities", {"names_norm": "ellen park"})
    assert sorted(park["aliases"]) == sorted(f"Park-{i}" for i in range(WRITERS))
    assert sorted(park["roles"]) == sorted(f"chair of pier panel {i}" for i in range(WRITERS))
    claims = await any_store.find("claims", {"speaker_id": park["_id"]})
    assert len(claims) == WRITERS
    assert await any_store.count("articles", {}) == WRITERS
    (outlet,) = await any_store.find("entities", {"names_norm": "harbor daily"})
    assert await any_store.count("articles", {"publisher_id": outlet["_id"]}) == WRITERS


async def test_concurrent_mutations_keep_every_update(any_store: Store) -> None:
    """The same through the ingestArticles service, with pre-extracted claims in the JSON format."""

    def payload(i: int) -> dict[str, object]:
        said = f"the ferry timetable {i} stays"
        text = f"Ida Vos said {said}."
        return {
            "url": f"https://coastal.example/ferry/{i}",
            "publisher": "Coastal Tribune",
            "text": text,
            "claims": [
                {
                    "text": said,
                    "kind": "REPORTED",
                    "cue": "said",
                    "speaker": "Ida Vos",
                    "speaker_kind": "PERSON",
                    "span": {"start": text.index(said), "end": text.index(said) + len(said)},
                }
            ],
            "entities": [
                {"name": "Ida Vos", "kind": "PERSON", "aliases": [f"Vos-{i}"], "roles": [f"warden {i}"]}
            ],
        }

    results = await asyncio.gather(*(ingest_articles(any_store, [payload(i)]) for i in range(WRITERS)))
    assert all(r[0]["error"] is None for r in results), [r[0]["error"] for r in results if r[0]["error"]]
    (vos,) = await any_store.find("entities", {"names_norm": "ida vos"})
    assert sorted(vos["aliases"]) == sorted(f"Vos-{i}" for i in range(WRITERS))
    assert sorted(vos["roles"]) == sorted(f"warden {i}" for i in range(WRITERS))
    assert await any_store.count("claims", {"speaker_id": vos["_id"]}) == WRITERS


async def test_a_reader_beside_writers_never_meets_a_claim_without_its_article(tmp_path: Path) -> None:
    store = await open_store(data_dir=tmp_path / "data")
    done = False
    seen = 0

    async def read_all_the_time() -> None:
        nonlocal seen
        while not done:
            claims = await store.find("claims", {})
            articles = await store.get_many("articles", sorted({c["article_id"] for c in claims}))
            missing = [c["_id"] for c in claims if c["article_id"] not in articles]
            assert not missing, f"claims without their article: {missing}"
            seen = max(seen, len(claims))
            await asyncio.sleep(0)

    try:
        reader = asyncio.ensure_future(read_all_the_time())
        for batch in range(10):
            await write_articles(store, [hearing(batch * 5 + k) for k in range(5)])
        done = True
        await reader
        assert await store.count("claims", {}) == 50 and seen > 0
    finally:
        await store.close()


async def test_concurrent_writers_of_one_statement_keep_every_member(any_store: Store) -> None:
    """Twenty outlets at once report the same words: one statement group, whose summary and detail
    documents (issue 13) count every member, however the writers interleave."""

    def report(i: int) -> tuple[Article, Extraction]:
        said = "the pier repairs are funded until the spring"
        text = f"Ellen Park said {said}. Desk {i} of Outlet {i} filed this note on Monday {i}."
        article = Article(
            text=text,
            title=f"Pier funding {i}",
            url=f"https://outlet{i}.example/pier",
            publisher=f"Outlet {i}",
            published_at=f"2026-03-{1 + i:02d}",
        )
        start = text.index(said)
        claim = Claim(text=said, kind="REPORTED", cue="said", start=start, end=start + len(said), speaker="p")
        return article, Extraction(claims=[claim], entities=[Entity("p", "Ellen Park", "PERSON")])

    n = 20
    outcomes = await asyncio.gather(*(write_articles(any_store, [report(i)]) for i in range(n)))
    assert all(isinstance(o[0], WriteResult) for o in outcomes)
    claims = await any_store.find("claims", {})
    assert len(claims) == n and len({c["same_id"] for c in claims}) == 1
    group_id = claims[0]["same_id"]
    groups = await any_store.get_many("groups", [group_id, f"{group_id}:detail"])
    summary, detail = groups[group_id], groups[f"{group_id}:detail"]
    assert summary["size"] == n and sum(summary["outlets"].values()) == n
    assert sorted(e["claim_id"] for e in detail["evidence"]) == sorted(c["_id"] for c in claims)
    assert sum(o["claims"] for o in detail["origins"].values()) == n
