"""Running extraction over a stream of articles: in-process for small loads, on every core for
large ones.

Extraction is CPU-bound (spaCy's parse dominates). A small load parses in this process with
`nlp.pipe`; once a load proves large (more than one chunk of articles), a process pool takes over,
each worker loading the model once (pool initializer) and parsing its share with `nlp.pipe`.
Results always come back in input order, so what is written does not depend on which worker was
faster.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .model import Article, Extraction, InputError

Extractor = Callable[[Article], Extraction]
Outcome = Extraction | Exception | None  # None: nothing to extract (an InputError, or pre-extracted)

CHUNK = 32  # articles read ahead and extracted together
MAX_IN_FLIGHT = 2  # chunks being extracted while the previous one is written


def spacy_model_setting() -> str | None:
    return os.environ.get("CLAIMGRAPH_SPACY_MODEL") or None


def extract_many(articles: list[Article], model: str | None = None) -> list[Extraction | Exception]:
    """The real pipeline over several articles, parsed together with nlp.pipe; a failure is
    reported for its article alone."""
    from .extract.nlp import load_nlp
    from .extract.pipeline import extract_doc

    nlp = load_nlp(model)
    out: list[Extraction | Exception] = [
        ValueError(f"too long for the language model ({len(a.text)} characters, limit {nlp.max_length})")
        if len(a.text) > nlp.max_length
        else Extraction()  # placeholder, replaced below
        for a in articles
    ]
    todo = [i for i, a in enumerate(articles) if len(a.text) <= nlp.max_length]
    try:
        docs = list(nlp.pipe(articles[i].text for i in todo))
    except Exception:  # one text broke the batch: parse one by one to find which
        docs = None
    for n, i in enumerate(todo):
        try:
            doc = docs[n] if docs is not None else nlp(articles[i].text)
            out[i] = extract_doc(articles[i], doc)
        except Exception as exc:  # one article's failure is reported for that article alone
            out[i] = exc
    return out


_worker_model: str | None = None


def _init_worker(model: str | None) -> None:
    global _worker_model
    from .extract.nlp import load_nlp

    _worker_model = model
    load_nlp(model)  # once per worker process, before the first chunk arrives


def _extract_in_worker(articles: list[Article]) -> list[Extraction | str]:
    # Exceptions may not pickle; their message is what gets reported anyway.
    return [
        r if isinstance(r, Extraction) else f"{type(r).__name__}: {r}"
        for r in extract_many(articles, _worker_model)
    ]


def _needs_extraction(item: Article | InputError) -> bool:
    return isinstance(item, Article) and item.extraction is None


def _split(items: list[Article], parts: int) -> list[list[Article]]:
    size = max(1, -(-len(items) // parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


class ExtractionRunner:
    """Pairs every read item with its extraction outcome, in input order.

    `extractor` None means the real pipeline (batched, and pooled for large loads); any other
    callable is called once per article in a thread (tests pass a fake one)."""

    def __init__(self, extractor: Extractor | None = None, workers: int | None = None) -> None:
        self.extractor = extractor
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.model = spacy_model_setting()
        self._pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _start_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a forked copy of a process holding an event loop and database handles is unsafe.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.model,),
            )
        return self._pool

    async def _extract_here(self, articles: list[Article]) -> list[Outcome]:
        extractor = self.extractor
        if extractor is None:
            return list(await asyncio.to_thread(extract_many, articles, self.model))

        def run_all() -> list[Outcome]:
            out: list[Outcome] = []
            for article in articles:
                try:
                    out.append(extractor(article))
                except Exception as exc:
                    out.append(exc)
            return out

        return await asyncio.to_thread(run_all)

    def _submit(self, articles: list[Article]) -> list[Future[list[Extraction | str]]]:
        pool = self._start_pool()
        return [pool.submit(_extract_in_worker, part) for part in _split(articles, self.workers)]

    async def run(
        self, items: Iterable[Article | InputError]
    ) -> AsyncIterator[tuple[Article | InputError, Outcome]]:
        async for batch in self.batches(items):
            for pair in batch:
                yield pair

    async def batches(
        self, items: Iterable[Article | InputError]
    ) -> AsyncGenerator[list[tuple[Article | InputError, Outcome]], None]:
        """Like `run`, one read chunk at a time. Input is read in a thread, so the event loop (and
        whoever writes the previous chunks) keeps going while a slow input (stdin, a FIFO) waits."""
        source: Iterator[Article | InputError] = iter(items)
        in_flight: deque[tuple[list[Article | InputError], Any]] = deque()
        pooled = False
        while True:
            chunk = await asyncio.to_thread(_take, source, CHUNK)
            if chunk:
                todo = [a for a in chunk if _needs_extraction(a)]
                if not pooled and self.extractor is None and self.workers > 1 and len(chunk) == CHUNK:
                    peek = await asyncio.to_thread(_take, source, 1)
                    source = itertools.chain(peek, source)
                    pooled = bool(peek)  # more than one chunk: a large load, worth the pool
                if todo and pooled:
                    in_flight.append((chunk, self._submit(todo)))  # type: ignore[arg-type]
                else:
                    in_flight.append((chunk, await self._extract_here(todo) if todo else []))  # type: ignore[arg-type]
            if not in_flight:
                return
            if chunk and len(in_flight) < MAX_IN_FLIGHT and pooled:
                continue  # keep the pool busy while earlier results are written
            done_chunk, pending = in_flight.popleft()
            if pending and isinstance(pending[0], Future):
                results: list[Outcome] = []
                for fut in pending:
                    for r in await asyncio.wrap_future(fut):
                        results.append(r if isinstance(r, Extraction) else RuntimeError(r))
            else:
                results = list(pending)
            it = iter(results)
            yield [(item, (next(it) if _needs_extraction(item) else None)) for item in done_chunk]


def _take(source: Iterator[Article | InputError], n: int) -> list[Article | InputError]:
    return list(itertools.islice(source, n))
