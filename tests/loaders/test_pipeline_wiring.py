"""The real extraction pipeline behind load_paths: in this process for small loads, on a process
pool for large ones, with the same documents either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders import workers
from loaders.ingest import load_paths
from store import open_store
from store.base import Store

from .conftest import snapshot

TOWNS = ["Aldmoor", "Brackwell", "Corran", "Dunmere", "Eskby", "Farrow", "Glenholt", "Harwick"]


def write_many(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"{i:03d}.txt").write_text(
            f"{town} council delays vote on bus depot number {i}\n"
            f'"We will not close the depot," Mayor Ellen Park said on Monday.\n'
            f"Union leader Omar Haddad said the council had agreed to sell the site to a developer.\n",
            encoding="utf-8",
        )
    return [str(folder)]


async def test_default_extractor_runs_the_real_pipeline(loader_store: Store, fixtures_dir: Path) -> None:
    report = await load_paths(
        loader_store, [str(fixtures_dir / "harbor_pipe_byline.txt")], progress=False, workers=1
    )
    assert report.errors == [] and report.loaded == 1 and report.claims >= 1
    claims = await loader_store.find("claims", {})
    quoted = [c for c in claims if c["text"] == "Nobody on this island can afford another increase"]
    assert quoted and quoted[0]["kind"] == "DIRECT"


async def test_pooled_load_equals_single_process_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    start_pool = workers.ExtractionRunner._start_pool

    def spy(self: workers.ExtractionRunner) -> Any:
        started.append(self.workers)
        return start_pool(self)

    monkeypatch.setattr(workers.ExtractionRunner, "_start_pool", spy)
    paths = write_many(tmp_path / "in", workers.CHUNK + 4)  # more than one chunk: the pool starts
    results = []
    for name, count in (("single", 1), ("pooled", 2)):
        store = await open_store(data_dir=tmp_path / name)
        report = await load_paths(store, paths, progress=False, workers=count)
        assert report.errors == [] and report.loaded == workers.CHUNK + 4
        results.append(await snapshot(store))
        await store.close()
    assert started and set(started) == {2}  # only the two-worker load used the pool
    assert results[0]["claims"] and results[0] == results[1]


def test_a_text_too_long_for_the_model_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.extract.nlp import load_nlp
    from loaders.model import Article, Extraction

    nlp = load_nlp(workers.spacy_model_setting())
    monkeypatch.setattr(nlp, "max_length", 80)
    short = Article(text='"It is over," Ana Ruiz said.', title="Short")
    long = Article(text="The council said the plan was final. " * 5, title="Long")
    first, second = workers.extract_many([short, long], workers.spacy_model_setting())
    assert isinstance(first, Extraction) and first.claims
    assert isinstance(second, ValueError) and "too long for the language model" in str(second)
