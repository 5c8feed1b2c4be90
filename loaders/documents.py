"""(Article, Extraction) -> store documents, shaped exactly as store/documents.py describes.

Pure functions, no store: `loaders.resolve` decides which entity ids the local entity keys map to,
and `loaders.ingest` writes what these functions build. Every id is derived from content:

    article   make_id("articles", url)                 when the article has a URL
              make_id("articles", title, text)         otherwise
    claim     make_id("claims", article_id, start, end)
    entity    make_id("entities", normalized canonical name)   (+ kind, if that id is taken by an
                                                                entity of an incompatible kind)
    relation  make_id("relations", from_claim, to_claim, type)

and every list is written in a stable sorted order, so the same input always gives the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from store.documents import digest, make_id
from store.documents import normalize_name as _normalize_name

from .model import STATEMENT_MODES, Article, Claim, Entity, Extraction, Relation

# Names recur across a load (speakers, outlets): normalizing each once pays for itself.
normalize_name = functools.lru_cache(maxsize=1 << 16)(_normalize_name)

PUBLISHER_KEY = "__publisher__"  # local key of the publisher entity made from Article.publisher
KIND_WILDCARDS = frozenset({"OTHER", "GROUP"})  # kinds vague enough to join an entity of any kind


def article_id_of(article: Article) -> str:
    if article.url and article.url.strip():
        return make_id("articles", article.url.strip())
    return make_id("articles", article.title or "", article.text)


def claim_id_of(article_id: str, start: int, end: int) -> str:
    return make_id("claims", article_id, start, end)


def relation_id_of(from_claim: str, to_claim: str, type_: str) -> str:
    return make_id("relations", from_claim, to_claim, type_)


def entity_id_of(canonical_norm: str, kind: str | None = None, scope: str | None = None) -> str:
    if scope is not None:
        return make_id("entities", canonical_norm, kind, scope)
    return make_id("entities", canonical_norm) if kind is None else make_id("entities", canonical_norm, kind)


# An indefinite or counted description is never a name: "A former Brightwater employee", "Two
# librarians". After "the" (or nothing), capitalized words make a name: "The Iranian people".
_INDEFINITE = frozenset(
    "a an another one two three four five six seven eight nine ten some several many few".split()
)
_DEFINITE = frozenset("the other others all both various more most".split())


def is_descriptive(entity: Entity) -> bool:
    """An unnamed source or group, named by a description as written ("A source", "another former
    employee", "Residents and nurses at the clinic"): it stands for someone in its own article
    only, so it is never merged with a namesake of another article. Only vague kinds (OTHER,
    GROUP) qualify; a description starts with an indefinite or a number, or has no capitalized
    word past its first and no acronym, and a lone word must be a plural ("Prosecutors", not
    "Westside")."""
    if entity.kind == "DOCUMENT":
        return _generic_document(entity)
    if entity.kind not in KIND_WILDCARDS:
        return False
    words = entity.name.split()
    if words and words[0].casefold() in _INDEFINITE:
        return True
    dropped = False
    while words and words[0].casefold() in _DEFINITE:
        words, dropped = words[1:], True
    if not words:
        return True
    rest = words if dropped else words[1:]
    capitalized = any(w[:1].isupper() for w in rest)
    acronym = any(ch.isupper() for w in words for ch in w[1:])
    if capitalized or acronym:
        return False
    return dropped or len(words) > 1 or words[0].casefold().endswith("s")


_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def _generic_document(entity: Entity) -> bool:
    """A document known only by a description ("2024 audit", "internal emails", "the documents",
    "June report"): two articles' "2024 audit" are as likely two audits as one, so it stays in its
    own article. A name makes it one document wherever it is cited: "September 11 report" (a
    name, not only a month), "2021 Hatch report", "Keller & Vance audit", "FRO report"."""
    names = [entity.name, *entity.aliases]
    for name in names:
        words = [w.strip("’'\",.()") for w in name.split()]
        words = [w for w in words if w and w.casefold() not in ("the", "a", "an")]
        for k, w in enumerate(words):
            if w.casefold() in _CALENDAR and not (k + 1 < len(words) and words[k + 1][:1].isdigit()):
                # "June report": a month; "September 11 report": a date that names the report
                continue
            if w[:1].isupper() or any(ch.isupper() for ch in w[1:]) or "&" in w:
                return False
    return True


def kinds_compatible(a: str, b: str) -> bool:
    """Whether two entity kinds may be one entity: a PERSON "Jordan" is not the LOCATION "Jordan"."""
    return a == b or a in KIND_WILDCARDS or b in KIND_WILDCARDS


def article_order(published_at: str | None, article_id: str) -> str:
    return f"{published_at or '9999'}|{article_id}"


def claim_order(published_at: str | None, article_id: str, start: int) -> str:
    return f"{published_at or '9999'}|{article_id}|{start:09d}"


def outlet_name(publisher: str | None) -> str | None:
    """An article's publisher as the outlet that carried it, trimmed (None when it names none)."""
    return (publisher or "").strip() or None


def published_of_order(order: object) -> str | None:
    """The publication date an `order` (article_order, claim_order) begins with; None undated."""
    if not isinstance(order, str):
        return None
    first = order.split("|", 1)[0]
    return None if first == "9999" else first


def relation_order(from_order: str, type_: str, to_claim: str) -> str:
    """Relations sort with the claim they start from, so an article's relations stay together."""
    return f"{from_order}|{type_}|{to_claim}"


# -- entities ------------------------------------------------------------------------------------
def entity_names(entity: Entity) -> list[str]:
    """Every name an extracted entity goes by, canonical first, then the aliases sorted."""
    aliases = sorted({a.strip() for a in entity.aliases if a and a.strip()} - {entity.name})
    return [entity.name, *aliases]


def names_norm_of(names: Iterable[str]) -> list[str]:
    return sorted({n for n in (normalize_name(name) for name in names) if n})


def new_entity_doc(entity_id: str, entity: Entity, scope: str | None = None) -> dict[str, Any]:
    """A new entity document; `scope` is the article an unnamed (descriptive) entity belongs to."""
    names = entity_names(entity)
    norm = normalize_name(entity.name)
    doc = {
        "_id": entity_id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": names[1:],
        "names_norm": names_norm_of(names),
        "roles": sorted({r.strip() for r in entity.roles if r and r.strip()}),
        "merged_into": None,
        "order": norm or entity_id,
    }
    if scope is not None:
        doc["scope"] = scope
    return doc


def union_entity_doc(doc: Mapping[str, Any], names: Iterable[str], roles: Iterable[str]) -> dict[str, Any]:
    """`doc` with more names and roles added (set union, sorted), its canonical name and kind kept:
    a rerun adds nothing, so it rewrites nothing."""
    merged = dict(doc)
    aliases = set(doc.get("aliases") or []) | {n.strip() for n in names if n and n.strip()}
    aliases.discard(doc["name"])
    merged["aliases"] = sorted(aliases)
    merged["names_norm"] = sorted(
        set(doc.get("names_norm") or []) | set(names_norm_of([doc["name"], *aliases]))
    )
    merged["roles"] = sorted(set(doc.get("roles") or []) | {r.strip() for r in roles if r and r.strip()})
    return merged


def publisher_entity(article: Article, extraction: Extraction) -> Entity | None:
    """The outlet behind the article, as an ORGANIZATION entity, unless the extraction already
    names its publisher entity."""
    if extraction.publisher is not None or not article.publisher:
        return None
    return Entity(key=PUBLISHER_KEY, name=article.publisher.strip(), kind="ORGANIZATION")


# -- claims and relations ------------------------------------------------------------------------
def check_extraction(article: Article, extraction: Extraction) -> None:
    """Refuse an extraction whose spans or keys do not fit the article (a bug upstream, reported
    per article rather than written as broken documents)."""
    keys = {e.key for e in extraction.entities}
    if extraction.publisher is not None and extraction.publisher not in keys:
        raise ValueError(f"publisher refers to unknown entity key {extraction.publisher!r}")
    for i, c in enumerate(extraction.claims):
        if not (0 <= c.start < c.end <= len(article.text)):
            raise ValueError(
                f"claims[{i}]: span {c.start}..{c.end} outside the text ({len(article.text)} chars)"
            )
        if c.mode not in STATEMENT_MODES:
            raise ValueError(f"claims[{i}]: mode {c.mode!r} is not one of {', '.join(STATEMENT_MODES)}")
        for key in [c.speaker, c.on_behalf_of, *c.mentions, *(s.entity for s in c.sources)]:
            if key is not None and key not in keys:
                raise ValueError(f"claims[{i}]: unknown entity key {key!r}")
    for i, r in enumerate(extraction.relations):
        n = len(extraction.claims)
        if not (0 <= r.source < n and 0 <= r.target < n):
            raise ValueError(f"relations[{i}]: claim index out of range")


def unique_claims(extraction: Extraction) -> tuple[list[Claim], dict[int, int]]:
    """Claims with one per span (the id is the span), and old index -> kept index."""
    kept: list[Claim] = []
    at: dict[tuple[int, int], int] = {}
    remap: dict[int, int] = {}
    for i, claim in enumerate(extraction.claims):
        span = (claim.start, claim.end)
        if span not in at:
            at[span] = len(kept)
            kept.append(claim)
        remap[i] = at[span]
    return kept, remap


def article_source(article: Article, article_id: str, publisher_id: str | None) -> dict[str, Any]:
    """The source every claim has: the article it stands in, published by its outlet."""
    return {
        "name": article.publisher or article.title or article_id,
        "kind": "ARTICLE",
        "url": article.url,
        "entity_id": publisher_id,
        "article_id": article_id,
        "evidence": None,
    }


def claim_doc(
    article: Article,
    article_id: str,
    claim: Claim,
    entity_ids: Mapping[str, str],
    publisher_id: str | None,
    terms: list[str],
) -> dict[str, Any]:
    sources = [
        {
            "name": s.name,
            "kind": s.kind,
            "url": s.url,
            "entity_id": entity_ids.get(s.entity) if s.entity else None,
            "article_id": None,
            "evidence": s.evidence,
        }
        for s in claim.sources
    ]
    sources.append(article_source(article, article_id, publisher_id))
    speaker_id = entity_ids.get(claim.speaker) if claim.speaker else None
    on_behalf_of = entity_ids.get(claim.on_behalf_of) if claim.on_behalf_of else None
    if on_behalf_of == speaker_id:
        on_behalf_of = None  # two names of one entity: it speaks for itself
    return {
        "_id": claim_id_of(article_id, claim.start, claim.end),
        "article_id": article_id,
        "text": claim.text,
        "kind": claim.kind,
        "mode": claim.mode,
        "cue": claim.cue,
        "content_cue": claim.content_cue,
        "speaker_id": speaker_id,
        "on_behalf_of": on_behalf_of,
        "actor_ids": actor_ids_of(speaker_id, on_behalf_of),
        "speaker_mention": claim.speaker_mention,
        "span": {"start": claim.start, "end": claim.end},
        "stated_at": claim.stated_at,
        "sources": sources,
        "mention_ids": sorted({entity_ids[k] for k in claim.mentions if k in entity_ids}),
        "polarity": claim.polarity,
        "terms": terms,
        "contradicted": False,  # set from the relations when written (loaders.resolve)
        "order": claim_order(article.published_at, article_id, claim.start),
    }


def actor_ids_of(speaker_id: str | None, on_behalf_of: str | None) -> list[str]:
    """Whose statement a claim counts as: its speaker's, and the body a spokesperson speaks for
    (`Entity.statements` of that body lists it). Sorted, so the same claim gives the same bytes."""
    return sorted({i for i in (speaker_id, on_behalf_of) if i})


def relation_doc(
    from_doc: Mapping[str, Any],
    to_claim: str,
    type_: str,
    *,
    method: str,
    confidence: float,
    evidence: str | None,
    article_id: str,
) -> dict[str, Any]:
    return {
        "_id": relation_id_of(from_doc["_id"], to_claim, type_),
        "from_claim": from_doc["_id"],
        "to_claim": to_claim,
        "type": type_,
        "method": method,
        "confidence": float(confidence),
        "evidence": evidence,
        "status": "active",
        "article_id": article_id,
        "review": None,
        "order": relation_order(from_doc["order"], type_, to_claim),
    }


def in_article_relation_docs(
    relations: Iterable[Relation], remap: Mapping[int, int], claim_docs: list[dict[str, Any]], article_id: str
) -> list[dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for r in relations:
        src, dst = claim_docs[remap[r.source]], claim_docs[remap[r.target]]
        if src["_id"] == dst["_id"]:
            continue
        doc = relation_doc(
            src,
            dst["_id"],
            r.type,
            method=r.method,
            confidence=r.confidence,
            evidence=r.evidence,
            article_id=article_id,
        )
        docs.setdefault(doc["_id"], doc)
    return [docs[k] for k in sorted(docs)]


def article_doc(article: Article, article_id: str, publisher_id: str | None) -> dict[str, Any]:
    return {
        "_id": article_id,
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "publisher_id": publisher_id,
        "publisher_name": article.publisher,
        "published_at": article.published_at,
        "text": article.text,
        "source": article.source,
        "content_hash": digest(article.title or "", article.text),
        "order": article_order(article.published_at, article_id),
    }
