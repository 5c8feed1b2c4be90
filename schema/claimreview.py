"""A claim as schema.org JSON-LD: a `ClaimReview` of the claim by claimgraph, whose `itemReviewed`
is the `Claim` (its speaker as `author`, its article's date as `datePublished`, the article as
`appearance`), and which `isBasedOn` one `ClaimReview` per claim that contradicts or supports it:
that claim's speaker reviewing this claim (`itemReviewed`), in their words (`reviewBody`), rated
"Contradicts" or "Supports" (`reviewRating.alternateName`), itself based on the contradicting or
supporting `Claim`.

Only types and properties of the schema.org vocabulary are used, each on a type in its domain
(tests/schema/test_claimreview.py expands the output with pyld against schema.org's context and
checks every one against the vocabulary). `Claim.claimReview` and `claimgraph export --format
claimreview` both build it here, from store documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Doc = Mapping[str, Any]
CONTEXT = "https://schema.org"
PUBLISHER = {"@type": "Organization", "name": "claimgraph"}
AUTHOR_TYPE = {"PERSON": "Person"}  # every other entity kind is rendered as an Organization


def claim_iri(claim_id: str) -> str:
    return f"urn:claimgraph:{claim_id}"


@dataclass(frozen=True)
class ClaimInGraph:
    """A claim with the documents its JSON-LD names: its article, publisher and speaker."""

    claim: Doc
    article: Doc | None
    speaker: Doc | None
    publisher: Doc | None


@dataclass(frozen=True)
class Related:
    """A relation to the reviewed claim, and the claim it comes from."""

    relation: Doc
    other: ClaimInGraph


def _party(entity: Doc | None) -> dict[str, Any] | None:
    if entity is None:
        return None
    return {"@type": AUTHOR_TYPE.get(str(entity.get("kind")), "Organization"), "name": entity.get("name")}


def _date(article: Doc | None) -> str | None:
    value = article.get("published_at") if article else None
    return str(value) if value else None


def _appearance(node: ClaimInGraph) -> dict[str, Any] | None:
    article = node.article
    if article is None:
        return None
    out: dict[str, Any] = {"@type": "NewsArticle", "headline": article.get("title")}
    if article.get("url"):
        out["url"] = article["url"]
    if _date(article):
        out["datePublished"] = _date(article)
    if node.publisher is not None:
        out["publisher"] = {"@type": "Organization", "name": node.publisher.get("name")}
    elif article.get("publisher_name"):
        out["publisher"] = {"@type": "Organization", "name": article["publisher_name"]}
    return _compact(out)


def claim_node(node: ClaimInGraph) -> dict[str, Any]:
    """The schema.org `Claim`: what was said, by whom, when, and where it appears."""
    return _compact(
        {
            "@type": "Claim",
            "@id": claim_iri(str(node.claim["_id"])),
            "text": node.claim.get("text"),
            "author": _party(node.speaker),
            "datePublished": _date(node.article),
            "appearance": _appearance(node),
        }
    )


RATING = {"CONTRADICTS": "Contradicts", "SUPPORTS": "Supports"}


def _verdict(related: Sequence[Related]) -> tuple[str, str]:
    against = sum(r.relation.get("type") == "CONTRADICTS" for r in related)
    backing = len(related) - against
    if against and backing:
        name = "Disputed"
    elif against:
        name = "Contradicted"
    elif backing:
        name = "Supported"
    else:
        name = "Unchallenged"
    explanation = (
        f"In the articles claimgraph holds, {against} claim(s) contradict this claim and "
        f"{backing} support it."
    )
    return name, explanation


def claim_review(node: ClaimInGraph, related: Sequence[Related]) -> dict[str, Any]:
    """The JSON-LD document of one claim (see the module docstring)."""
    dates = [d for d in (_date(node.article), *(_date(r.other.article) for r in related)) if d]
    name, explanation = _verdict(related)
    based_on = []
    for r in related:
        review = {
            "@type": "ClaimReview",
            "@id": f"urn:claimgraph:{r.relation['_id']}",
            "itemReviewed": {"@id": claim_iri(str(node.claim["_id"]))},
            "claimReviewed": node.claim.get("text"),
            "author": _party(r.other.speaker),
            "datePublished": _date(r.other.article),
            "reviewBody": r.other.claim.get("text"),
            "reviewRating": _compact(
                {
                    "@type": "Rating",
                    "alternateName": RATING.get(str(r.relation.get("type")), "Relates"),
                    "ratingExplanation": r.relation.get("evidence")
                    if r.relation.get("method") != "CURATED"
                    else None,
                }
            ),
            "url": (r.other.article or {}).get("url"),
            "isBasedOn": claim_node(r.other),
        }
        based_on.append(_compact(review))
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "@id": f"urn:claimgraph:review:{node.claim['_id']}",
            "claimReviewed": node.claim.get("text"),
            "itemReviewed": claim_node(node),
            "author": PUBLISHER,
            "datePublished": max(dates) if dates else None,
            "reviewRating": {"@type": "Rating", "alternateName": name, "ratingExplanation": explanation},
            "isBasedOn": based_on,
        }
    )


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """Without the properties that have no value (JSON-LD has no null)."""
    return {k: v for k, v in node.items() if v is not None and v != []}


async def claim_review_of(loaders: Any, claim: Doc) -> dict[str, Any]:
    """The JSON-LD of `claim`, its documents loaded through this request's DataLoaders (a
    `schema.dataloaders.Loaders`): claims reviewed together share one load per relationship."""
    relations = [
        r for r in await loaders.relations_to_claim.load(str(claim["_id"])) if r.get("type") in RATING
    ]
    others = await loaders.claim_by_id.load_many([r["from_claim"] for r in relations])
    pairs = [(r, o) for r, o in zip(relations, others, strict=True) if o is not None]
    claims = [claim, *(o for _, o in pairs)]
    articles = await loaders.article_by_id.load_many([c["article_id"] for c in claims])
    entity_ids = [c.get("speaker_id") for c in claims] + [
        a.get("publisher_id") if a else None for a in articles
    ]
    wanted = [i for i in dict.fromkeys(entity_ids) if i]
    entities = dict(zip(wanted, await loaders.entity_by_id.load_many(wanted), strict=True))
    nodes = [
        ClaimInGraph(
            claim=c,
            article=a,
            speaker=entities.get(c.get("speaker_id") or ""),
            publisher=entities.get((a or {}).get("publisher_id") or ""),
        )
        for c, a in zip(claims, articles, strict=True)
    ]
    return claim_review(nodes[0], [Related(r, n) for (r, _), n in zip(pairs, nodes[1:], strict=True)])
