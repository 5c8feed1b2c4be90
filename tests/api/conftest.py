"""Fixtures for the API tests: an embedded store in a temporary folder holding a tiny graph
(built here), and an app + httpx client talking to it in-process (no network)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from store import open_store
from store.base import Store
from store.documents import make_id, normalize_name

ROOT = Path(__file__).resolve().parents[2]

# A child process that takes the embedded store's writer lock, prints "locked", and holds it until
# a line arrives on its stdin.
HOLD_LOCK = """
import asyncio, sys
from store import open_store

async def hold(path):
    store = await open_store(data_dir=path)
    async with store.transaction():
        print("locked", flush=True)
        sys.stdin.readline()

asyncio.run(hold(sys.argv[1]))
"""


ARTICLE_TEXT = "Mayor Ines Calder said the harbour bridge would reopen in May. Critics disagreed."


def tiny_graph() -> dict[str, list[dict[str, Any]]]:
    """One publisher, one speaker, one article with two claims, one contradiction."""
    mayor = make_id("entities", "Ines Calder", "PERSON")
    paper = make_id("entities", "The Harbour Gazette", "ORGANIZATION")
    article = make_id("articles", "Bridge to reopen")

    def entity(_id: str, name: str, kind: str) -> dict[str, Any]:
        return {
            "_id": _id,
            "name": name,
            "kind": kind,
            "aliases": [],
            "names_norm": [normalize_name(name)],
            "roles": [],
            "merged_into": None,
            "order": normalize_name(name),
        }

    def claim(n: int, text: str, speaker: str | None, contradicted: bool) -> dict[str, Any]:
        start = ARTICLE_TEXT.find(text)
        return {
            "_id": make_id("claims", article, n),
            "article_id": article,
            "text": text,
            "kind": "REPORTED",
            "cue": "said",
            "speaker_id": speaker,
            "speaker_mention": None,
            "span": {"start": start, "end": start + len(text)},
            "stated_at": None,
            "sources": [],
            "mention_ids": [],
            "polarity": 0,
            "terms": [],
            "contradicted": contradicted,
            "order": f"2026-05-01|{n:06d}",
        }

    first = claim(0, "the harbour bridge would reopen in May", mayor, True)
    second = claim(1, "Critics disagreed", None, False)
    return {
        "entities": [
            entity(mayor, "Ines Calder", "PERSON"),
            entity(paper, "The Harbour Gazette", "ORGANIZATION"),
        ],
        "articles": [
            {
                "_id": article,
                "title": "Bridge to reopen",
                "url": "https://gazette.example/bridge",
                "author": "Staff",
                "publisher_id": paper,
                "publisher_name": "The Harbour Gazette",
                "published_at": "2026-05-01",
                "text": ARTICLE_TEXT,
                "source": "test",
                "content_hash": "h",
                "order": "2026-05-01|000000",
            }
        ],
        "claims": [first, second],
        "relations": [
            {
                "_id": make_id("relations", second["_id"], first["_id"], "CONTRADICTS"),
                "from_claim": second["_id"],
                "to_claim": first["_id"],
                "type": "CONTRADICTS",
                "method": "CUE",
                "confidence": 1.0,
                "evidence": "disagreed",
                "status": "active",
                "article_id": article,
                "review": None,
                "order": "000000",
            }
        ],
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
async def store(data_dir: Path) -> AsyncIterator[Store]:
    opened = await open_store(data_dir=data_dir)
    async with opened.transaction():
        for collection, docs in tiny_graph().items():
            await opened.upsert_many(collection, docs)
    try:
        yield opened
    finally:
        await opened.close()


AppFactory = Callable[..., Starlette]


@pytest.fixture
def make_app(store: Store, data_dir: Path) -> AppFactory:
    def factory(**settings: Any) -> Starlette:
        # The language model is preloaded only where a test asks for it (tests/api/test_app.py):
        # the other tests read, or write with a fake extractor.
        return create_app(Settings(data=data_dir, **{"preload_model": False, **settings}), store=store)

    return factory


@pytest.fixture
async def client(make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c,
    ):
        yield c


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def fill(data_dir: Path) -> None:
    opened = await open_store(data_dir=data_dir)
    try:
        async with opened.transaction():
            for collection, docs in tiny_graph().items():
                await opened.upsert_many(collection, docs)
    finally:
        await opened.close()


@pytest.fixture
def filled(data_dir: Path) -> Path:
    """For synchronous tests (the CLI runs its own event loop): the tiny graph, store closed."""
    asyncio.run(fill(data_dir))
    return data_dir
