"""`serve` loads the language model at start, in the background (its extraction process starts with
the app): the server answers at once, /readyz says when extraction is ready, and the first write then
finds the model loaded instead of loading it. Shown without any clock: by the number of extraction
processes started, each of which loads the model once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.keys import create_key
from api.settings import Settings
from loaders.extraction_process import ExtractionProcess
from tests.api.conftest import client_for

pytestmark = pytest.mark.slow  # each test loads the spaCy model once

INGEST = {
    "query": "mutation ($a: [ArticleInput!]!) "
    "{ ingestArticles(articles: $a) { claimCount errors { message } } }",
    "variables": {
        "a": [
            {
                "title": "Ferry timetable changes",
                "publisher": "Harbor Daily",
                "text": "The ferry operator said on Monday that winter sailings would start in October. "
                '"We will add a late boat," said Marta Lind, the operator\'s spokeswoman.',
            }
        ]
    },
}
POLLS = 1200  # x 0.1 s: a bound, never a measure


async def extraction_state(client: httpx.AsyncClient) -> str:
    r = await client.get("/readyz")
    assert r.status_code == 200, r.text  # reads work whatever the model's state
    return str(r.json()["extraction"])


async def write_key(app_settings: Settings) -> str:
    from store import open_store

    store = await open_store(data_dir=app_settings.data)
    try:
        async with store.transaction():
            token, _ = await create_key(store, "warmup-test", frozenset({"write"}))
    finally:
        await store.close()
    return token


async def test_the_model_is_loaded_before_the_first_write(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "store")
    token = await write_key(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app), client_for(app) as c:
        assert await extraction_state(c) in {"loading", "ready"}  # answered while loading
        states = []
        for _ in range(POLLS):
            states.append(await extraction_state(c))
            if states[-1] != "loading":
                break
            await asyncio.sleep(0.1)
        assert states[-1] == "ready", states
        extraction = app.state.extraction
        assert extraction.starts == 1
        r = await c.post("/graphql", json=INGEST, headers={"authorization": f"Bearer {token}"})
        result = r.json()["data"]["ingestArticles"]
        assert result["errors"] == [] and result["claimCount"] >= 2
        assert extraction.starts == 1, "the first write started (and loaded) another process"


async def test_without_preloading_the_first_write_loads_the_model(tmp_path: Path) -> None:
    # The counter-check: the count does see a process started by a write.
    settings = Settings(data=tmp_path / "store", preload_model=False)
    token = await write_key(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app), client_for(app) as c:
        assert await extraction_state(c) == "lazy"
        r = await c.post("/graphql", json=INGEST, headers={"authorization": f"Bearer {token}"})
        assert r.json()["data"]["ingestArticles"]["errors"] == []
        assert app.state.extraction.starts == 1


async def test_a_model_that_cannot_load_is_reported_and_reads_go_on() -> None:
    process = ExtractionProcess("no_such_spacy_model")
    try:
        process.start()
        with pytest.raises(Exception):  # noqa: B017 - whatever the child died of
            await process.wait_ready()
        assert process.state == "unavailable"
        status = process.status()
        assert status["extraction"] == "unavailable" and "no_such_spacy_model" in status["extraction_reason"]
    finally:
        await process.close()
