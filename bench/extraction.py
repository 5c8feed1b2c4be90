"""The extraction section: PolNeAR articles loaded from raw text, like with like: claimgraph's whole
pipeline (read, parse, extract, write) in one process against spaCy's own `nlp.pipe` in one
process, then in two processes against `nlp.pipe` in two processes (each half of the texts), both
timed from start to end, model loading included."""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import time
from pathlib import Path
from typing import Any

from bench.common import POLNEAR, WORK


def _pipe_half(texts: list[str]) -> int:
    from loaders.extract.nlp import load_nlp

    nlp = load_nlp()
    return sum(1 for _ in nlp.pipe(texts))


def _spacy_in_processes(texts: list[str], processes: int) -> float:
    halves = [texts[i::processes] for i in range(processes)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(_pipe_half, halves)
    return time.perf_counter() - t0


async def _ours(files: list[Path], workers: int) -> tuple[float, int]:
    from loaders.ingest import load_paths
    from store import open_store

    data = WORK / f"store-extraction-{workers}"
    shutil.rmtree(data, ignore_errors=True)
    store = await open_store(data_dir=data)
    try:
        t0 = time.perf_counter()
        report = await load_paths(store, [str(f) for f in files], progress=False, workers=workers)
        elapsed = time.perf_counter() - t0
    finally:
        await store.close()
    shutil.rmtree(data, ignore_errors=True)
    if report.errors:
        raise SystemExit(f"extraction bench: {len(report.errors)} articles failed: {report.errors[:3]}")
    return elapsed, report.claims


async def section_extraction(args: argparse.Namespace) -> dict[str, Any]:
    from loaders.extract.nlp import load_nlp

    if not POLNEAR.is_dir():
        print(f"extraction: skipped, {POLNEAR} not found")
        return {}
    files = sorted(POLNEAR.glob("*.txt"))[: args.articles]
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()  # loaded before either one-process run is timed
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    spacy_1 = time.perf_counter() - t0
    ours_1, claims = await _ours(files, 1)
    spacy_2 = _spacy_in_processes(texts, 2)
    ours_2, _ = await _ours(files, 2)
    result = {
        "articles": len(files),
        "words": words,
        "claims": claims,
        "one_process": {"ours_s": ours_1, "spacy_s": spacy_1, "ratio": spacy_1 / ours_1},
        "two_processes": {"ours_s": ours_2, "spacy_s": spacy_2, "ratio": spacy_2 / ours_2},
        "articles_per_s_two_processes": len(files) / ours_2,
        "words_per_s_two_processes": words / ours_2,
    }
    print(
        f"extraction: {len(files)} PolNeAR articles, {words:,} words -> {claims:,} claims | one process: "
        f"{words / ours_1:,.0f} words/s vs nlp.pipe {words / spacy_1:,.0f}, ratio {spacy_1 / ours_1:.2f} | "
        f"two processes: {words / ours_2:,.0f} words/s ({len(files) / ours_2:.1f} articles/s) vs nlp.pipe "
        f"{words / spacy_2:,.0f}, ratio {spacy_2 / ours_2:.2f} (goal >= 0.9)",
        flush=True,
    )
    return result
