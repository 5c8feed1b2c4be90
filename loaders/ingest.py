"""Loading articles into the store: `claimgraph load`, and the `ingestArticles` mutation.

Both read, extract (outside any transaction: extraction is slow and holds no lock), then write
through the one write path, `loaders.write.write_articles`: a load WRITE_CHUNK articles per
transaction, a mutation all of its articles in one.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm  # type: ignore[import-untyped]

from store.base import Store

from .bundles import ExportError, is_export, restore
from .extraction_process import ExtractionTimeout
from .model import Article, Extraction, InputError
from .read import DEFAULT_MAX_BYTES, article_from_dict, read_paths
from .workers import ExtractionRunner, Extractor
from .write import WriteResult, write_articles

API_SOURCE = "api"


@dataclass
class LoadReport:
    loaded: int = 0  # articles written
    claims: int = 0  # claims written
    relations: int = 0  # relations written (in-article and inferred)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (input name, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


async def store_is_empty(store: Store) -> bool:
    """True when no article has been loaded (for `claimgraph load --if-empty`)."""
    return not await store.find("articles", {}, limit=1)


def _progress_bar(enabled: bool) -> tqdm[Any]:
    return tqdm(
        desc="loading",
        unit=" articles",
        file=sys.stderr,
        disable=not enabled or not sys.stderr.isatty(),
        dynamic_ncols=True,
    )


# Articles written in one transaction (a dozen store operations each). Larger transactions write
# each hot index page less often: at 100k claims, 1,000 articles per transaction wrote 4.6x the
# store's size to disk where 200 wrote 10.3x (python -m bench dossier).
WRITE_CHUNK = 1000
STALLED_INPUT_SECONDS = 0.2  # input waited on this long: what was read is written meanwhile


async def load_articles(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    progress: bool = True,
    workers: int | None = None,
    extractor: Extractor | None = None,
    chunk: int = WRITE_CHUNK,
) -> LoadReport:
    """Extract and write every article of `items`, `chunk` articles at a time; InputErrors and
    per-article failures are collected in the report (in input order) and never stop the load."""
    report = LoadReport()
    runner = ExtractionRunner(extractor, workers)
    # Read items, in input order: an error to report, or an article with its extraction.
    pending: list[tuple[str, str] | tuple[Article, Extraction]] = []

    async def flush(bar: tqdm[Any]) -> None:
        ready = [p for p in pending if isinstance(p[0], Article)]
        outcomes = iter(await write_articles(store, ready)) if ready else iter([])  # type: ignore[arg-type]
        for entry in pending:
            if not isinstance(entry[0], Article):
                report.errors.append(entry)  # type: ignore[arg-type]
                continue
            outcome = next(outcomes)
            if isinstance(outcome, ValueError):
                report.errors.append((entry[0].source, f"extraction does not fit the article: {outcome}"))
            elif not isinstance(outcome, WriteResult):
                report.errors.append((entry[0].source, f"the store refused it: {outcome}"))
            else:
                report.loaded += 1
                report.claims += len(outcome.claim_ids)
                report.relations += outcome.relations
                bar.update(1)
        pending.clear()
        bar.set_postfix(claims=report.claims, errors=len(report.errors), refresh=False)

    batches = runner.batches(items)
    upcoming: asyncio.Future[Any] | None = None
    try:
        with _progress_bar(progress) as bar:
            while True:
                # The next chunk is read (and extracted) while this one is written.
                upcoming = asyncio.ensure_future(anext(batches))
                if pending:
                    done, _ = await asyncio.wait({upcoming}, timeout=STALLED_INPUT_SECONDS)
                    if not done:  # the input is slow (stdin, a FIFO): write what has come
                        await flush(bar)
                try:
                    batch = await upcoming
                except StopAsyncIteration:
                    break
                for item, outcome in batch:
                    if isinstance(item, InputError):
                        pending.append((item.name, item.reason))
                    elif isinstance(outcome, Exception):
                        pending.append((item.source, f"extraction failed: {outcome}"))
                    else:
                        extraction = item.extraction if outcome is None else outcome
                        assert extraction is not None
                        pending.append((item, extraction))
                if len(pending) >= chunk:
                    await flush(bar)
            await flush(bar)
    finally:
        if upcoming is not None and not upcoming.done():
            upcoming.cancel()
            await asyncio.gather(upcoming, return_exceptions=True)
        await batches.aclose()
        runner.close()
    return report


async def load_paths(
    store: Store,
    paths: Sequence[str],
    *,
    progress: bool = True,
    workers: int | None = None,
    extractor: Extractor | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk: int = WRITE_CHUNK,
) -> LoadReport:
    """`claimgraph load PATH…`: files, folders (recursively, sorted) and "-" for stdin. A file that
    `claimgraph export --format jsonl` wrote is loaded as it was exported (loaders.bundles)."""
    exports = [p for p in paths if p != "-" and is_export(p)]
    articles = [p for p in paths if p not in exports]
    report = LoadReport()
    if articles:
        items = read_paths(articles, max_bytes=max_bytes)
        report = await load_articles(
            store, items, progress=progress, workers=workers, extractor=extractor, chunk=chunk
        )
    for path in exports:
        try:
            restored = await restore(store, path, chunk=chunk)
        except ExportError as exc:
            report.errors.append((path, str(exc).removeprefix(f"{path}: ")))  # the name is said once
            continue
        report.loaded += restored.articles
        report.claims += restored.claims
        report.relations += restored.relations
        report.errors += restored.errors
    return report


Extract = Callable[[list[Article]], Awaitable[list[Extraction | Exception]]]


async def ingest_articles(
    store: Store,
    articles: Sequence[Mapping[str, Any]],
    *,
    extractor: Extractor | None = None,
    extract: Extract | None = None,
) -> list[dict[str, Any]]:
    """The `ingestArticles` mutation: each input validated as the JSON reader does, extracted, and
    all of them written in one transaction; one bad article never blocks the others. One outcome
    per input, in order: {"article_id", "claim_ids", "error"} (ids None and error set when it was
    refused).

    Extraction runs before the transaction, with `extract` (the server's ExtractionProcess, which
    stops when the call is cancelled or its budget ends: then nothing is written), or else in a
    thread of this process (`extractor`: the real pipeline when None)."""
    items: list[Article | InputError] = []
    for i, data in enumerate(articles):
        try:
            items.append(
                article_from_dict(
                    dict(data) if isinstance(data, Mapping) else data, f"articles[{i}]", source=API_SOURCE
                )
            )
        except InputError as exc:
            items.append(exc)
    todo = [i for i, item in enumerate(items) if isinstance(item, Article) and item.extraction is None]
    outcomes: dict[int, Extraction | Exception | None] = {}
    if extract is not None:
        try:
            extracted = await extract([items[i] for i in todo])  # type: ignore[misc]
        except ExtractionTimeout as exc:
            extracted = [exc] * len(todo)
        outcomes = dict(zip(todo, extracted, strict=True))
    else:
        runner = ExtractionRunner(extractor, workers=1)
        index = 0
        async for _item, outcome in runner.run(items):
            outcomes[index] = outcome
            index += 1
    errors: dict[int, str] = {}
    ready: list[tuple[int, Article, Extraction]] = []
    for i, item in enumerate(items):
        outcome = outcomes.get(i)
        if isinstance(item, InputError):
            errors[i] = str(item)
        elif isinstance(outcome, Exception):
            errors[i] = f"articles[{i}]: extraction failed: {outcome}"
        else:
            extraction = item.extraction if outcome is None else outcome
            assert extraction is not None
            ready.append((i, item, extraction))
    written = await write_articles(store, [(article, extraction) for _, article, extraction in ready])
    results: dict[int, WriteResult] = {}
    for (i, _, _), result in zip(ready, written, strict=True):
        if isinstance(result, WriteResult):
            results[i] = result
        else:
            errors[i] = f"articles[{i}]: {result}"
    return [
        {"article_id": results[i].article_id, "claim_ids": results[i].claim_ids, "error": None}
        if i in results
        else {"article_id": None, "claim_ids": [], "error": errors[i]}
        for i in range(len(items))
    ]
