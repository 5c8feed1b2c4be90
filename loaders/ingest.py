"""Writing articles into the store: `claimgraph load`, and the `ingestArticles` mutation.

Write order, per article: entities, then stale claims of an earlier extraction removed, then its
claims (with their `contradicted` flags), then the relations between them, then INFERRED relations
to claims of other articles (looked for once, when a claim's article is first completed), and the
article document last. Every document is a whole replacement under a
deterministic id, so an article document in the store means its claims are complete, and a load
killed at any point and run again ends in exactly the store an uninterrupted load gives.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm  # type: ignore[import-untyped]

from store.base import Store

from .documents import (
    PUBLISHER_KEY,
    article_doc,
    article_id_of,
    check_extraction,
    claim_doc,
    in_article_relation_docs,
    publisher_entity,
    union_entity_doc,
    unique_claims,
)
from .extract.inference import content_terms
from .model import Article, Extraction, InputError
from .read import DEFAULT_MAX_BYTES, article_from_dict, read_paths
from .resolve import (
    candidate_claims,
    contradicted_ids,
    delete_claims,
    inferred_relation_docs,
    refresh_contradicted,
    resolve_entities,
)
from .workers import ExtractionRunner, Extractor

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


@dataclass
class WriteResult:
    article_id: str
    claim_ids: list[str]
    relations: int


async def write_article(store: Store, article: Article, extraction: Extraction) -> WriteResult:
    """Write one article with everything extracted from it (see the module docstring for the
    order). Raises ValueError when the extraction does not fit the article."""
    check_extraction(article, extraction)
    aid = article_id_of(article)

    entities = list(extraction.entities)
    outlet = publisher_entity(article, extraction)
    if outlet is not None:
        entities.append(outlet)
    resolution = await resolve_entities(store, entities, scope=aid)
    publisher_id = resolution.ids.get(extraction.publisher or PUBLISHER_KEY)
    if publisher_id is not None and article.publisher and outlet is None:
        # The extraction named the publisher entity; the byline's spelling is one more alias.
        before = resolution.docs[publisher_id]
        after = union_entity_doc(before, [article.publisher.strip()], [])
        if after != before:
            resolution.docs[publisher_id] = after
            resolution.changed.add(publisher_id)
    await store.upsert_many("entities", [resolution.docs[i] for i in sorted(resolution.changed)])

    claims, remap = unique_claims(extraction)
    claim_docs = [
        claim_doc(article, aid, c, resolution.ids, publisher_id, content_terms(c.text)) for c in claims
    ]
    claim_ids = [d["_id"] for d in claim_docs]
    relation_docs = in_article_relation_docs(extraction.relations, remap, claim_docs, aid)

    # Claims are written before the relations between them, so when no claim of this article is
    # stored yet, no relation of it or to it is either: a first load skips the cleanup lookups.
    previous = await store.find("claims", {"article_id": aid})
    flagged: set[str] = set()
    if previous:
        # What an earlier extraction of this article wrote and this one does not: gone.
        await delete_claims(store, [d["_id"] for d in previous if d["_id"] not in set(claim_ids)])
        keep_ids = {d["_id"] for d in relation_docs}
        old = {r["_id"]: r for r in await store.find("relations", {"article_id": aid})}
        stale = [
            i for i, r in old.items() if r["method"] == "CUE" and i not in keep_ids and not r.get("review")
        ]
        await store.delete_many("relations", stale)
        # A relation a curator reviewed or asserted stays as they left it.
        relation_docs = [
            old[d["_id"]]
            if d["_id"] in old and (old[d["_id"]].get("review") or old[d["_id"]]["method"] == "CURATED")
            else d
            for d in relation_docs
        ]
        flagged = await contradicted_ids(store, claim_ids)
    flagged |= {
        r["to_claim"] for r in relation_docs if r["type"] == "CONTRADICTS" and r["status"] == "active"
    }
    for d in claim_docs:
        d["contradicted"] = d["_id"] in flagged
    await store.upsert_many("claims", claim_docs)
    await store.upsert_many("relations", relation_docs)

    # Cross-article inference runs once per claim, when its article is first completed: against
    # the articles complete at that moment. A rerun of a complete article adds nothing, so reruns
    # and interrupted loads end exactly where a clean load does.
    was_complete = bool(previous) and bool(await store.get_many("articles", [aid]))
    seen_before = {d["_id"] for d in previous} if was_complete else set()
    new_claims = [d for d in claim_docs if d["_id"] not in seen_before]
    candidates = await candidate_claims(store, new_claims, aid) if new_claims else []
    inferred = inferred_relation_docs(new_claims, candidates) if candidates else []
    known = await store.get_many("relations", [d["_id"] for d in inferred]) if inferred else {}
    # An inferred relation already stored (perhaps rejected by a reviewer) is kept as it is.
    fresh = [d for d in inferred if d["_id"] not in known]
    await store.upsert_many("relations", fresh)
    await refresh_contradicted(store, {d["to_claim"] for d in fresh})

    await store.upsert_many("articles", [article_doc(article, aid, publisher_id)])
    return WriteResult(article_id=aid, claim_ids=claim_ids, relations=len(relation_docs) + len(fresh))


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


async def load_articles(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    progress: bool = True,
    workers: int | None = None,
    extractor: Extractor | None = None,
) -> LoadReport:
    """Extract and write every article of `items`; InputErrors and per-article failures are
    collected in the report and never stop the load."""
    report = LoadReport()
    runner = ExtractionRunner(extractor, workers)
    try:
        async with store.writing():
            with _progress_bar(progress) as bar:
                async for item, outcome in runner.run(items):
                    if isinstance(item, InputError):
                        report.errors.append((item.name, item.reason))
                        continue
                    if isinstance(outcome, Exception):
                        report.errors.append((item.source, f"extraction failed: {outcome}"))
                        continue
                    extraction = item.extraction if outcome is None else outcome
                    assert extraction is not None
                    try:
                        result = await write_article(store, item, extraction)
                    except ValueError as exc:
                        report.errors.append((item.source, f"extraction does not fit the article: {exc}"))
                        continue
                    report.loaded += 1
                    report.claims += len(result.claim_ids)
                    report.relations += result.relations
                    bar.update(1)
                    bar.set_postfix(claims=report.claims, errors=len(report.errors), refresh=False)
    finally:
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
) -> LoadReport:
    """`claimgraph load PATH…`: files, folders (recursively, sorted) and "-" for stdin."""
    items = read_paths(paths, max_bytes=max_bytes)
    return await load_articles(store, items, progress=progress, workers=workers, extractor=extractor)


async def ingest_articles(
    store: Store, articles: Sequence[Mapping[str, Any]], *, extractor: Extractor | None = None
) -> list[dict[str, Any]]:
    """The `ingestArticles` mutation: each input validated as the JSON reader does, extracted and
    written; one bad article never blocks the others. One outcome per input, in order:
    {"article_id", "claim_ids", "error"} (ids None and error set when it was refused)."""
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
    outcomes: list[dict[str, Any]] = []
    # Mutations are small: extraction stays in this process (in a thread, off the event loop).
    runner = ExtractionRunner(extractor, workers=1)
    async with store.writing():
        async for item, outcome in runner.run(items):
            if isinstance(item, InputError):
                outcomes.append({"article_id": None, "claim_ids": [], "error": str(item)})
                continue
            name = f"articles[{len(outcomes)}]"
            if isinstance(outcome, Exception):
                outcomes.append(
                    {"article_id": None, "claim_ids": [], "error": f"{name}: extraction failed: {outcome}"}
                )
                continue
            extraction = item.extraction if outcome is None else outcome
            assert extraction is not None
            try:
                result = await write_article(store, item, extraction)
            except ValueError as exc:
                outcomes.append({"article_id": None, "claim_ids": [], "error": f"{name}: {exc}"})
                continue
            outcomes.append({"article_id": result.article_id, "claim_ids": result.claim_ids, "error": None})
    return outcomes
