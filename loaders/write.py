"""Writing articles into the store: the one write path of `claimgraph load` and `ingestArticles`.

`write_articles` writes a sequence of articles, each with its extraction, in one store transaction:
the articles, their claims, entities (new ones and the aliases and roles added to stored ones),
in-article relations, INFERRED relations to claims of other articles, and the `contradicted` flags
those change. Readers see all of it or none of it; a crash leaves all of it or none of it; and since
a process runs one transaction at a time (store.base) and reads inside it what it is about to
change, two writers never lose each other's updates.

The result equals writing the articles one at a time in input order (tests/loaders/test_write.py
holds it to that): everything is built in memory, article by article, each article seeing what the
earlier ones are about to write, then written in a dozen store operations whatever the number of
articles:

  entities   resolved against one view of the store (EntityOverlay: one find of every name the
             articles use, plus the merge chains and unnamed sources), updated with each article's
             entity documents before the next article is resolved;
  rewrites   an article the store already holds (a rerun, a new extraction) replaces what it wrote
             before: claims it no longer has go with their relations, stale cue relations go, and
             relations a curator reviewed or made stay as they left them;
  inference  candidates per term are the first ones of the store (one grouped find for all the
             terms, other articles only) merged with the claims of the earlier articles, exactly as
             they would be one by one. It runs once per claim, when its article is first written: a
             rewrite infers only for claims it did not have before, so reruns change nothing;
  flags      `contradicted` of each claim from the relations that point at it.

An article repeated in the input starts a new run (a run never holds one article twice), so its
second version replaces the first as it would one at a time.

On MongoDB without transactions (store.atomic False) each write applies at once, so the article
documents are written first, marked `partial`, and rewritten whole at the end: a reader never meets
a claim without its article, and inference never takes claims of a half-written article.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from store.base import Store, StoreError, StoreFull, StoreLocked, StoreUnavailable

from .analysis import RunAnalysis, add_role_facts
from .collector import collector_paused
from .contradictions import candidates_in_order, complete_claims_by_term, inferred_relation_docs
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
from .extract.terms import content_terms
from .model import Article, Extraction
from .resolve import (
    ACTIVE_CONTRADICTS,
    EntityLookup,
    EntityOverlay,
    delete_claims,
    lookup_keys,
    resolve_entities_with,
)


@dataclass
class WriteResult:
    article_id: str
    claim_ids: list[str]
    relations: int


Outcome = WriteResult | ValueError | StoreError
Items = Sequence[tuple[Article, Extraction]]


@dataclass
class PreparedArticle:
    """One article's documents, built in memory before anything is written."""

    article: Article
    article_id: str
    publisher_id: str | None
    entity_docs: list[dict[str, Any]]  # new or changed entities, by id
    claim_docs: list[dict[str, Any]]  # `contradicted` not set yet
    relation_docs: list[dict[str, Any]]  # in-article relations
    newly_represented: list[str] = field(default_factory=list)  # entities a spokesperson now speaks for


async def prepare_article(lookup: EntityLookup, article: Article, extraction: Extraction) -> PreparedArticle:
    """Check the extraction, resolve its entities against `lookup`, and build every document of
    the article. Raises ValueError when the extraction does not fit the article."""
    check_extraction(article, extraction)
    aid = article_id_of(article)

    entities = list(extraction.entities)
    outlet = publisher_entity(article, extraction)
    if outlet is not None:
        entities.append(outlet)
    resolution = await resolve_entities_with(lookup, entities, scope=aid)
    publisher_id = resolution.ids.get(extraction.publisher or PUBLISHER_KEY)
    if publisher_id is not None and article.publisher and outlet is None:
        # The extraction named the publisher entity; the byline's spelling is one more alias.
        before = resolution.docs[publisher_id]
        after = union_entity_doc(before, [article.publisher.strip()], [])
        if after != before:
            resolution.docs[publisher_id] = after
            resolution.changed.add(publisher_id)
    add_role_facts(resolution.docs, resolution.changed, entities, resolution.ids, article, aid)

    claims, remap = unique_claims(extraction)
    claim_docs = [
        claim_doc(article, aid, c, resolution.ids, publisher_id, content_terms(c.text)) for c in claims
    ]
    # A body a spokesperson speaks for lists its claims by actor_ids from now on.
    newly_represented = []
    for eid in sorted({d["on_behalf_of"] for d in claim_docs if d.get("on_behalf_of")}):
        body = resolution.docs.get(eid)
        if body is not None and not body.get("represented"):
            resolution.docs[eid] = {**body, "represented": True}
            resolution.changed.add(eid)
            newly_represented.append(eid)
    return PreparedArticle(
        article=article,
        article_id=aid,
        publisher_id=publisher_id,
        entity_docs=[resolution.docs[i] for i in sorted(resolution.changed)],
        claim_docs=claim_docs,
        relation_docs=in_article_relation_docs(extraction.relations, remap, claim_docs, aid),
        newly_represented=newly_represented,
    )


async def backfill_actor_ids(store: Store, entity_ids: list[str]) -> None:
    """Claims these entities made before claims had `actor_ids` (stored by an older version) get
    them, so that the entities' statements, listed by actor_ids once they are represented by a
    spokesperson, still hold them. One find, and one update per entity with such claims."""
    if not entity_ids:
        return
    stale: dict[str, list[str]] = {}
    for c in await store.find("claims", {"speaker_id": {"$in": entity_ids}}):
        if "actor_ids" not in c:
            stale.setdefault(c["speaker_id"], []).append(c["_id"])
    for speaker_id, ids in sorted(stale.items()):
        await store.update_many("claims", ids, {"actor_ids": [speaker_id]})


async def write_articles(store: Store, items: Items) -> list[Outcome]:
    """Write these articles in one transaction (see the module docstring); one outcome each, in
    order: a WriteResult, a ValueError for an extraction that does not fit its article, or a
    StoreError for an article whose documents the store refused (then the others are written in
    transactions of their own). Raises what concerns every article alike: StoreUnavailable,
    StoreLocked, StoreFull. Must be called outside any transaction: it is one."""
    if store.in_transaction:
        raise RuntimeError("write_articles runs its own transaction; call it outside one")
    outcomes: list[Outcome | None] = [None] * len(items)
    valid: list[int] = []
    for i, (article, extraction) in enumerate(items):
        try:
            check_extraction(article, extraction)
            valid.append(i)
        except ValueError as exc:
            outcomes[i] = exc
    try:
        with collector_paused():
            async with store.transaction():
                results = await _write_runs(store, [items[i] for i in valid])
        for i, result in zip(valid, results, strict=True):
            outcomes[i] = result
    except (StoreUnavailable, StoreLocked, StoreFull):
        raise
    except StoreError as exc:
        if len(valid) == 1:
            outcomes[valid[0]] = exc
        else:  # one article's documents broke the transaction: one by one, to find which
            for i in valid:
                outcomes[i] = (await write_articles(store, [items[i]]))[0]
    assert all(o is not None for o in outcomes)
    return [o for o in outcomes if o is not None]


async def _write_runs(store: Store, items: Items) -> list[WriteResult | ValueError]:
    """Inside the transaction: the items as runs that never hold one article twice."""
    results: list[WriteResult | ValueError] = []
    run: list[tuple[Article, Extraction]] = []
    seen: set[str] = set()
    for article, extraction in items:
        aid = article_id_of(article)
        if aid in seen:
            results += await _write_run(store, run)
            run, seen = [], set()
        run.append((article, extraction))
        seen.add(aid)
    results += await _write_run(store, run)
    return results


async def _write_run(store: Store, run: Items) -> list[WriteResult | ValueError]:
    if not run:
        return []
    aids = [article_id_of(article) for article, _ in run]
    before = await store.get_many("articles", aids)
    previous = await store.find_grouped("claims", "article_id", aids, {})

    lookup = EntityOverlay(store)
    norms: set[str] = set()
    scoped: set[str] = set()
    for (article, extraction), aid in zip(run, aids, strict=True):
        entity_norms, scoped_ids = lookup_keys(extraction.entities, aid)
        norms.update(entity_norms)
        scoped.update(scoped_ids.values())
        outlet = publisher_entity(article, extraction)
        if outlet is not None:
            norms.update(lookup_keys([outlet], aid)[0])
    await lookup.prefetch(sorted(norms), sorted(scoped))

    results: list[WriteResult | ValueError | None] = []
    prepared: list[PreparedArticle] = []
    for article, extraction in run:
        try:
            p = await prepare_article(lookup, article, extraction)
        except ValueError as exc:
            results.append(exc)
            continue
        lookup.write(p.entity_docs)
        prepared.append(p)
        results.append(None)
    if not prepared:
        return [r for r in results if r is not None]

    if not store.atomic:  # see the module docstring: articles first, marked partial
        await store.upsert_many(
            "articles",
            [
                {**article_doc(p.article, p.article_id, p.publisher_id), "partial": True}
                for p in prepared
                if p.article_id not in before
            ],
        )
    flagged, stored_relations = await _replace_earlier_versions(store, prepared, previous)
    seen_before: dict[str, set[str]] = {
        p.article_id: {d["_id"] for d in previous.get(p.article_id, [])}
        if p.article_id in before and not before[p.article_id].get("partial")
        else set()
        for p in prepared
    }
    news = [[d for d in p.claim_docs if d["_id"] not in seen_before[p.article_id]] for p in prepared]
    terms = sorted({t for new in news for d in new for t in d.get("terms") or []})
    stored = await complete_claims_by_term(store, terms, frozenset(aids)) if terms else {}

    # Stories, statement groups, matters and dates (loaders.analysis), article by article with the
    # same candidates inference takes, before the claims are written.
    analysis = RunAnalysis(store, prepared, before, previous)
    await analysis.prefetch(stored)
    found = candidates_in_order([(p.claim_docs, new) for p, new in zip(prepared, news, strict=True)], stored)
    candidates: list[list[dict[str, Any]]] = []
    for p, new, theirs in zip(prepared, news, found, strict=True):
        analysis.add(p, new, theirs)
        candidates.append(theirs)
    await analysis.finish()

    # Entities, then the claims with their in-article flags, are written while inference runs
    # (the store works in a thread of its own); the flags inference adds follow as one update.
    flagged |= {
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
        inferred_by_article = [
            inferred_relation_docs(new, theirs) if theirs else []
            for new, theirs in zip(news, candidates, strict=True)
        ]
    finally:
        await claims_written  # its failure (a StoreError) is the transaction's

    inferred = [d for docs in inferred_by_article for d in docs]
    known = await store.get_many("relations", [d["_id"] for d in inferred]) if inferred else {}
    # An inferred relation already stored (perhaps rejected by a reviewer) is kept as it is.
    fresh_by_article = [[d for d in docs if d["_id"] not in known] for docs in inferred_by_article]
    await analysis.label_relations(fresh_by_article, candidates)
    targets = {d["to_claim"] for docs in fresh_by_article for d in docs}
    await store.update_many("claims", sorted(targets - flagged), {"contradicted": True})
    await store.upsert_many("relations", [d for p in prepared for d in p.relation_docs])
    await store.upsert_many("relations", [d for docs in fresh_by_article for d in docs])
    await store.upsert_many(
        "articles",
        [
            article_doc(p.article, p.article_id, p.publisher_id) | analysis.article_doc_fields(p.article_id)
            for p in prepared
        ],
    )
    await analysis.write()

    await store.append_events(
        _events(prepared, news, fresh_by_article, before, stored_relations)
    )  # in this transaction: a write that fails records nothing

    written = iter(
        WriteResult(
            article_id=p.article_id,
            claim_ids=[d["_id"] for d in p.claim_docs],
            relations=len(p.relation_docs) + len(fresh),
        )
        for p, fresh in zip(prepared, fresh_by_article, strict=True)
    )
    return [r if r is not None else next(written) for r in results]


def _events(
    prepared: Sequence[PreparedArticle],
    news: Sequence[Sequence[dict[str, Any]]],
    inferred: Sequence[Sequence[dict[str, Any]]],
    before: dict[str, dict[str, Any]],
    stored_relations: set[str],
) -> list[dict[str, Any]]:
    """What this write adds, for the event log: per article, its new statements, its new
    relations (in the article and inferred to other articles' claims), then the article itself.
    A rerun that adds nothing records nothing."""
    events: list[dict[str, Any]] = []
    for p, new, fresh in zip(prepared, news, inferred, strict=True):
        relations = [r for r in (*p.relation_docs, *fresh) if r["_id"] not in stored_relations]
        first_time = p.article_id not in before or bool(before[p.article_id].get("partial"))
        if not (new or relations or first_time):
            continue
        for claim in new:
            events.append(
                {
                    "kind": "statementAdded",
                    "claim_id": claim["_id"],
                    "speaker_id": claim.get("speaker_id"),
                    "article_id": p.article_id,
                }
            )
        events += [relation_event(r) for r in relations if r.get("status") == "active"]
        events.append(
            {
                "kind": "articleIngested",
                "article_id": p.article_id,
                "claims": len(p.claim_docs),
                "new_claims": len(new),
            }
        )
    return events


def relation_event(relation: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "relationAdded",
        "relation_id": relation["_id"],
        "from_claim": relation["from_claim"],
        "to_claim": relation["to_claim"],
        "type": relation["type"],
        "method": relation["method"],
    }


async def _replace_earlier_versions(
    store: Store, prepared: Sequence[PreparedArticle], previous: dict[str, list[dict[str, Any]]]
) -> tuple[set[str], set[str]]:
    """For the articles the store already holds claims of: remove what their earlier extraction
    wrote and this one does not (claims with their relations, stale cue relations), keep the
    relations a curator reviewed or made as they are (replacing the fresh version in
    `relation_docs`), and return which of their claims stored relations contradict, and the ids
    of the relations of those articles the store held."""
    again = [p for p in prepared if previous.get(p.article_id)]
    if not again:
        return set(), set()
    claim_ids = {d["_id"] for p in again for d in p.claim_docs}
    stale_claims = [d["_id"] for p in again for d in previous[p.article_id] if d["_id"] not in claim_ids]
    await delete_claims(store, stale_claims)
    old = {
        r["_id"]: r
        for r in await store.find("relations", {"article_id": {"$in": [p.article_id for p in again]}})
    }
    keep_ids = {d["_id"] for p in again for d in p.relation_docs}
    stale = [i for i, r in old.items() if r["method"] == "CUE" and i not in keep_ids and not r.get("review")]
    await store.delete_many("relations", stale)
    for p in again:
        p.relation_docs = [
            old[d["_id"]]
            if d["_id"] in old and (old[d["_id"]].get("review") or old[d["_id"]]["method"] == "CURATED")
            else d
            for d in p.relation_docs
        ]
    counts = await store.count_grouped("relations", "to_claim", sorted(claim_ids), ACTIVE_CONTRADICTS)
    return {cid for cid, n in counts.items() if n}, set(old)
