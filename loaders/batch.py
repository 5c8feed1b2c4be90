"""Writing many new articles at once: the same documents as one `write_article` call per article
in order, in a dozen store operations per chunk instead of about ten per article.

A chunk is a run of consecutive articles none of which the store holds yet (no article document,
no claim). Everything is built in memory first, article by article in input order, each article
seeing what the earlier ones of the chunk are about to write:

  entities   resolved against one view of the store (ChunkEntities: one find of every name the
             chunk uses, plus the merge chains and unnamed sources), updated with each article's
             entity documents before the next article is resolved;
  inference  candidates per term are the first ones of the store (one grouped find for all the
             chunk's terms, complete articles only) merged with the claims of the chunk's earlier
             articles, which count as complete, exactly as they would be by then one by one;
  flags      `contradicted` of the chunk's claims from their in-article relations, then set on
             every claim (of the chunk or stored) an inferred relation points at.

Then the writes, in the crash-safe order of `write_article`: entities, claims (written while
inference runs), the flags inference adds, relations, and the article documents last, so an article
document present still means its article is complete; a chunk cut short is redone article by
article on the rerun (its articles then hold claims), which ends where a clean load does.
An article already in the store, or repeated within the chunk, goes through `write_article`
(the chunk is split around it).
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Sequence
from typing import Any

from store.base import Store, StoreError, StoreUnavailable

from .contradictions import (
    CANDIDATES_PER_TERM,
    article_terms,
    complete_claims_by_term,
    inferred_relation_docs,
    rank_candidates,
)
from .documents import article_doc, article_id_of, check_extraction, publisher_entity
from .model import Article, Extraction
from .resolve import MAX_MERGE_HOPS, StoreEntities, lookup_keys
from .write import PreparedArticle, WriteResult, backfill_actor_ids, prepare_article, write_article

Outcome = WriteResult | ValueError | StoreError


class ChunkEntities:
    """An EntityLookup over the store as it will be once the chunk's earlier articles are written:
    the store's entities (fetched once for the chunk, more on demand) overlaid with the entity
    documents of articles already prepared. Hands out copies; never writes to the store."""

    def __init__(self, store: Store) -> None:
        self.store = StoreEntities(store)
        self.docs: dict[str, dict[str, Any] | None] = {}  # id -> current doc, None: known absent
        self.by_norm: dict[str, set[str]] = {}
        self.fetched_norms: set[str] = set()

    def _put(self, doc: dict[str, Any]) -> None:
        old = self.docs.get(doc["_id"])
        for n in (old or {}).get("names_norm") or []:
            self.by_norm.get(n, set()).discard(doc["_id"])
        self.docs[doc["_id"]] = doc
        for n in doc.get("names_norm") or []:
            self.by_norm.setdefault(n, set()).add(doc["_id"])

    def write(self, docs: Sequence[dict[str, Any]]) -> None:
        """What an article of the chunk will write: later articles see it."""
        for doc in docs:
            self._put(doc)

    async def prefetch(self, norms: Sequence[str], ids: Sequence[str]) -> None:
        """Every entity named by `norms` with its merge chain, and the entities `ids`: one find and
        a get per merge hop (plus one for `ids`)."""
        found = await self.entities_named(sorted(set(norms)))
        wanted = [d["merged_into"] for d in found if d.get("merged_into")]
        for _ in range(MAX_MERGE_HOPS):
            got = await self.entities_by_id(sorted(set(wanted)))
            wanted = [d["merged_into"] for d in got.values() if d.get("merged_into")]
            if not wanted:
                break
        await self.entities_by_id(sorted(set(ids)))

    async def entities_named(self, norms: list[str]) -> list[dict[str, Any]]:
        unknown = [n for n in norms if n not in self.fetched_norms]
        if unknown:
            for doc in await self.store.entities_named(unknown):
                if doc["_id"] not in self.docs:  # a doc of the overlay is newer than the store's
                    self._put(doc)
            self.fetched_norms.update(unknown)
        ids = sorted({i for n in norms for i in self.by_norm.get(n, ())})
        return [dict(d) for d in (self.docs[i] for i in ids) if d is not None]

    async def entities_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        unknown = [i for i in ids if i not in self.docs]
        if unknown:
            got = await self.store.entities_by_id(unknown)
            for i in unknown:
                if i in got:
                    self._put(got[i])
                else:
                    self.docs[i] = None
        return {i: dict(d) for i in ids if (d := self.docs.get(i)) is not None}


async def fresh_article_ids(store: Store, article_ids: Sequence[str]) -> set[str]:
    """Which of these articles the store holds nothing of (no article document, no claim)."""
    ids = sorted(set(article_ids))
    if not ids:
        return set()
    written = await store.get_many("articles", ids)
    claims = await store.count_grouped("claims", "article_id", ids, {})
    return {i for i in ids if i not in written and not claims.get(i)}


async def write_chunk(store: Store, items: Sequence[tuple[Article, Extraction]]) -> list[Outcome]:
    """Write these articles, in order, as `write_article` one by one would; one outcome each (a
    ValueError for an extraction that does not fit its article, a StoreError for an article the
    store refused). Fresh runs of the chunk are written together (see the module docstring)."""
    outcomes: list[Outcome | None] = [None] * len(items)
    ids: list[str | None] = []
    for i, (article, extraction) in enumerate(items):
        try:
            check_extraction(article, extraction)
            ids.append(article_id_of(article))
        except ValueError as exc:
            outcomes[i] = exc
            ids.append(None)
    fresh = await fresh_article_ids(store, [a for a in ids if a is not None])
    run: list[int] = []
    seen: set[str] = set()
    for i, aid in enumerate(ids):
        if aid is None:
            continue
        if aid in fresh and aid not in seen:
            seen.add(aid)
            run.append(i)
            continue
        await _write_run(store, items, run, outcomes)  # the earlier articles first
        run = []
        outcomes[i] = await _write_one(store, *items[i])
    await _write_run(store, items, run, outcomes)
    assert all(o is not None for o in outcomes)
    return [o for o in outcomes if o is not None]


async def _write_one(store: Store, article: Article, extraction: Extraction) -> Outcome:
    try:
        return await write_article(store, article, extraction)
    except ValueError as exc:
        return exc
    except StoreUnavailable:
        raise
    except StoreError as exc:
        return exc


async def _write_run(
    store: Store, items: Sequence[tuple[Article, Extraction]], run: list[int], outcomes: list[Outcome | None]
) -> None:
    if not run:
        return
    lookup = ChunkEntities(store)
    norms: set[str] = set()
    scoped: set[str] = set()
    for i in run:
        article, extraction = items[i]
        aid = article_id_of(article)
        entity_norms, scoped_ids = lookup_keys(extraction.entities, aid)
        norms.update(entity_norms)
        scoped.update(scoped_ids.values())
        outlet = publisher_entity(article, extraction)
        if outlet is not None:
            norms.update(lookup_keys([outlet], aid)[0])
    await lookup.prefetch(sorted(norms), sorted(scoped))

    prepared: list[tuple[int, PreparedArticle]] = []
    for i in run:
        try:
            p = await prepare_article(lookup, *items[i])
        except ValueError as exc:
            outcomes[i] = exc
            continue
        lookup.write(p.entity_docs)
        prepared.append((i, p))
    if not prepared:
        return
    try:
        results = await _write_prepared(store, [p for _, p in prepared])
    except StoreUnavailable:
        raise
    except StoreError:
        # One article's documents broke the chunk's write: article by article, to find which.
        for i, _ in prepared:
            outcomes[i] = await _write_one(store, *items[i])
        return
    for (i, _), result in zip(prepared, results, strict=True):
        outcomes[i] = result


async def _write_prepared(store: Store, prepared: Sequence[PreparedArticle]) -> list[WriteResult]:
    """Inference, flags and the writes of a fresh run (see the module docstring)."""
    all_terms: set[str] = set()
    per_article: list[tuple[list[set[str]], list[str]]] = []
    for p in prepared:
        term_sets, terms = article_terms(p.claim_docs)
        per_article.append((term_sets, terms))
        all_terms.update(terms)
    stored = await complete_claims_by_term(store, sorted(all_terms), {}) if all_terms else {}

    # Entities, then the claims with their in-article flags, are written while inference runs
    # (the store works in a thread of its own); the flags inference adds follow as one update.
    flagged = {
        r["to_claim"]
        for p in prepared
        for r in p.relation_docs
        if r["type"] == "CONTRADICTS" and r["status"] == "active"
    }
    claim_docs = [d for p in prepared for d in p.claim_docs]
    for d in claim_docs:
        d["contradicted"] = d["_id"] in flagged
    entities: dict[str, dict[str, Any]] = {}
    for p in prepared:
        entities.update({d["_id"]: d for d in p.entity_docs})  # the last version of each wins
    await store.upsert_many("entities", [entities[i] for i in sorted(entities)])
    await backfill_actor_ids(store, sorted({i for p in prepared for i in p.newly_represented}))
    claims_written = asyncio.ensure_future(store.upsert_many("claims", claim_docs))
    await asyncio.sleep(0)  # the rows reach the store's thread before inference holds the loop
    try:
        inferred_by_article = _infer(prepared, per_article, all_terms, stored)
    finally:
        await claims_written  # its failure (a StoreError) is the chunk's

    inferred = [d for docs in inferred_by_article for d in docs]
    known = await store.get_many("relations", [d["_id"] for d in inferred]) if inferred else {}
    # An inferred relation already stored (perhaps rejected by a reviewer) is kept as it is.
    fresh_by_article = [[d for d in docs if d["_id"] not in known] for docs in inferred_by_article]
    targets = {d["to_claim"] for docs in fresh_by_article for d in docs}
    # Before the relations: a rerun finds those relations known and would not flag their targets.
    await store.update_many("claims", sorted(targets - flagged), {"contradicted": True})
    await store.upsert_many("relations", [d for p in prepared for d in p.relation_docs])
    await store.upsert_many("relations", [d for docs in fresh_by_article for d in docs])
    articles = [article_doc(p.article, p.article_id, p.publisher_id) for p in prepared]
    await store.upsert_many("articles", articles)
    return [
        WriteResult(
            article_id=p.article_id,
            claim_ids=[d["_id"] for d in p.claim_docs],
            relations=len(p.relation_docs) + len(fresh),
        )
        for p, fresh in zip(prepared, fresh_by_article, strict=True)
    ]


def _infer(
    prepared: Sequence[PreparedArticle],
    per_article: Sequence[tuple[list[set[str]], list[str]]],
    all_terms: set[str],
    stored: dict[str, list[dict[str, Any]]],
) -> list[list[dict[str, Any]]]:
    """Each article's INFERRED relations, against the store's candidates (`stored`, by term) and
    the claims of the chunk's earlier articles."""
    # The chunk's own claims by term, first CANDIDATES_PER_TERM by (order, id): complete for the
    # articles after theirs.
    earlier: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    inferred_by_article: list[list[dict[str, Any]]] = []
    for p, (term_sets, terms) in zip(prepared, per_article, strict=True):
        by_term: dict[str, list[dict[str, Any]]] = {}
        for t in terms:
            mine = earlier.get(t)
            theirs = stored.get(t, [])
            if mine:
                both = sorted([(d["order"], d["_id"], d) for d in theirs] + mine, key=lambda x: x[:2])
                by_term[t] = [d for _, _, d in both[:CANDIDATES_PER_TERM]]
            else:
                by_term[t] = theirs
        candidates = rank_candidates(term_sets, by_term) if terms else []
        inferred_by_article.append(inferred_relation_docs(p.claim_docs, candidates) if candidates else [])
        for d in p.claim_docs:
            for t in d.get("terms") or []:
                if t not in all_terms:
                    continue
                slot = earlier.setdefault(t, [])
                bisect.insort(slot, (d["order"], d["_id"], d), key=lambda x: x[:2])
                del slot[CANDIDATES_PER_TERM:]

    return inferred_by_article
