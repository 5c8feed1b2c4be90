"""Writing one article: `write_article`, the reference every faster path must equal.

Write order: entities, then stale claims of an earlier extraction removed, then its claims (with
their `contradicted` flags), then the relations between them, then INFERRED relations to claims of
other articles (looked for once, when a claim's article is first completed), and the article
document last. Every document is a whole replacement under a deterministic id, so an article
document in the store means its claims are complete, and a load killed at any point and run again
ends in exactly the store an uninterrupted load gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store.base import Store

from .contradictions import candidate_claims, inferred_relation_docs
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
from .model import Article, Extraction
from .resolve import (
    EntityLookup,
    StoreEntities,
    contradicted_ids,
    delete_claims,
    refresh_contradicted,
    resolve_entities_with,
)


@dataclass
class WriteResult:
    article_id: str
    claim_ids: list[str]
    relations: int


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


async def write_article(store: Store, article: Article, extraction: Extraction) -> WriteResult:
    """Write one article with everything extracted from it (see the module docstring for the
    order). Raises ValueError when the extraction does not fit the article."""
    prepared = await prepare_article(StoreEntities(store), article, extraction)
    aid, publisher_id = prepared.article_id, prepared.publisher_id
    await store.upsert_many("entities", prepared.entity_docs)
    await backfill_actor_ids(store, prepared.newly_represented)
    claim_docs, relation_docs = prepared.claim_docs, prepared.relation_docs
    claim_ids = [d["_id"] for d in claim_docs]

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
    # Every inferred target, not only the fresh ones: a load killed between writing a relation
    # and flagging its target leaves the flag to this rerun (which finds the relation known).
    await refresh_contradicted(store, {d["to_claim"] for d in inferred})

    await store.upsert_many("articles", [article_doc(article, aid, publisher_id)])
    return WriteResult(article_id=aid, claim_ids=claim_ids, relations=len(relation_docs) + len(fresh))
