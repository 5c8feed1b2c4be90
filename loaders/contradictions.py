"""Cross-article INFERRED contradictions: candidates on the same matter among claims of complete
articles, and the relations inference finds between them and the new claims, always from the later
claim (by `order`: publication date, article id, position) to the earlier one, whichever article
was loaded first, so the graph does not depend on load order.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import json
import string
from collections.abc import Iterator, Mapping, Sequence, Set
from importlib import resources
from typing import Any

import numpy as np

from store.base import Store

from .documents import relation_doc
from .extract.terms import STOPWORDS, stem
from .inference import infer_contradictions

CANDIDATES_PER_TERM = 8  # claims fetched per shared term when looking for cross-article contradictions
MAX_TERMS = 300  # terms per article used for that lookup
MAX_CANDIDATES = 40  # candidates kept (those sharing the most terms with a new claim) for inference


def article_terms(new_claims: Sequence[Mapping[str, Any]]) -> tuple[list[set[str]], list[str]]:
    """Each new claim's terms, and the terms an article looks candidates up by (bounded)."""
    term_sets = [set(claim.get("terms") or []) for claim in new_claims]
    terms = sorted(set().union(*term_sets))[:MAX_TERMS] if term_sets else []
    return term_sets, terms


async def complete_claims_by_term(
    store: Store, terms: Sequence[str], exclude: Set[str] = frozenset()
) -> dict[str, list[dict[str, Any]]]:
    """term -> the first CANDIDATES_PER_TERM claims (by `order`) holding it that belong to a
    completely written article not in `exclude`. Claims of other articles take no place: one grouped
    find, and one more (with a larger limit) only for terms where such claims took places.
    (Every article is written in one transaction; only a MongoDB without transactions has articles
    caught half-written, whose document says `partial` until the write ends.)"""
    out: dict[str, list[dict[str, Any]]] = {}
    complete: dict[str, bool] = {a: False for a in exclude}
    pending, limit = sorted(set(terms)), CANDIDATES_PER_TERM
    while pending:
        grouped = await store.find_grouped("claims", "terms", pending, {}, sort="order", limit=limit)
        unknown = sorted({d["article_id"] for docs in grouped.values() for d in docs} - set(complete))
        if unknown:
            written = await store.get_many("articles", unknown)
            complete.update({a: a in written and not written[a].get("partial") for a in unknown})
        again: list[str] = []
        for term in pending:
            docs = grouped.get(term, [])
            kept = [d for d in docs if complete[d["article_id"]]]
            if len(kept) >= CANDIDATES_PER_TERM or len(docs) < limit:
                out[term] = kept[:CANDIDATES_PER_TERM]
            else:
                again.append(term)
        pending, limit = again, limit * 4
    return out


def shared_term_counts(
    term_sets: Sequence[Set[str]], candidates: Sequence[Mapping[str, Any]]
) -> list[int]:
    """For each candidate, the most terms it shares with any one of the new claims. Each
    (candidate, term of a new claim) pair picks the row of a terms x new-claims 0/1 matrix; the
    rows of one candidate summed give its shared terms per new claim, and their largest is the
    answer. Counting it claim by claim in Python was half of a load's time. A claim's `terms` holds
    each term once (content_terms)."""
    if not candidates or not term_sets:
        return [0] * len(candidates)
    column = {t: j for j, t in enumerate(sorted(set().union(*term_sets)))}
    new = np.zeros((len(column), len(term_sets)), dtype=np.int32)
    for i, terms in enumerate(term_sets):
        new[[column[t] for t in terms], i] = 1
    picked: list[int] = []
    sizes: list[int] = []
    for doc in candidates:
        mine = [column[t] for t in doc.get("terms") or () if t in column]
        sizes.append(len(mine))
        picked.extend(mine)
    out = np.zeros(len(candidates), dtype=np.int64)
    if picked:
        holding = [c for c, n in enumerate(sizes) if n]
        starts = np.cumsum([0, *sizes[:-1]])[holding]
        out[holding] = np.add.reduceat(new[picked], starts, axis=0).max(axis=1)
    return [int(n) for n in out]


def rank_candidates(
    term_sets: Sequence[set[str]], by_term: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[dict[str, Any]]:
    """The MAX_CANDIDATES claims found by term that share the most terms with any one new claim
    (inference costs time per candidate), sorted by id."""
    found = list({d["_id"]: d for docs in by_term.values() for d in docs}.values())
    shared = shared_term_counts(term_sets, found)
    ranked = heapq.nsmallest(
        MAX_CANDIDATES, range(len(found)), key=lambda k: (-shared[k], found[k]["order"], found[k]["_id"])
    )
    return [dict(found[k]) for k in sorted(ranked, key=lambda k: found[k]["_id"])]


def candidates_in_order(
    articles: Sequence[tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]],
    stored: Mapping[str, Sequence[Mapping[str, Any]]],
) -> Iterator[list[dict[str, Any]]]:
    """Each article's candidates on the same matter (rank_candidates), articles taken in order as
    if each were written before the next is looked at: `articles` holds each one's (claims, new
    claims), the claims it writes and those inference looks at (all of them, unless it was
    complete before); `stored` the store's candidates by term (complete_claims_by_term).
    Candidates of an article are the stored ones merged with the claims of the articles before
    it, first CANDIDATES_PER_TERM by (order, id). A generator: an article's candidates are copied
    when it is reached, so what the caller sets on the claims of the articles before it (their
    groups, loaders.analysis) is in them."""
    terms_of = [article_terms(new) for _, new in articles]
    all_terms = {t for _, terms in terms_of for t in terms}
    earlier: dict[str, list[tuple[str, str, Mapping[str, Any]]]] = {}
    for (claims, _new), (term_sets, terms) in zip(articles, terms_of, strict=True):
        by_term: dict[str, Sequence[Mapping[str, Any]]] = {}
        for t in terms:
            mine = earlier.get(t)
            theirs = stored.get(t, [])
            if mine:
                both = sorted([(d["order"], d["_id"], d) for d in theirs] + mine, key=lambda x: x[:2])
                by_term[t] = [d for _, _, d in both[:CANDIDATES_PER_TERM]]
            else:
                by_term[t] = theirs
        yield rank_candidates(term_sets, by_term) if terms else []
        for d in claims:
            for t in d.get("terms") or []:
                if t not in all_terms:
                    continue
                slot = earlier.setdefault(t, [])
                bisect.insort(slot, (d["order"], d["_id"], d), key=lambda x: x[:2])
                del slot[CANDIDATES_PER_TERM:]


def infer_in_order(
    articles: Sequence[tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]],
    stored: Mapping[str, Sequence[Mapping[str, Any]]],
) -> list[list[dict[str, Any]]]:
    """Each article's INFERRED relations, with its candidates_in_order."""
    return [
        inferred_relation_docs(new, candidates) if candidates else []
        for (_, new), candidates in zip(articles, candidates_in_order(articles, stored), strict=True)
    ]


@functools.cache
def _groups_by_first_stem() -> dict[str, frozenset[str]] | None:
    """First stem of each antonym-lexicon predicate -> its groups; None when some first stem could
    hide from a claim's `terms` (a stopword, or the stem of one or of a one-letter word), so that
    `terms` could not tell which predicates a claim may hold."""
    raw = resources.files("loaders").joinpath("lexicons", "inference_antonyms.json").read_text("utf-8")
    groups: Mapping[str, Mapping[str, list[str]]] = json.loads(raw)["groups"]
    by_first: dict[str, set[str]] = {}
    for group, sides in groups.items():
        for phrase in [*sides["positive"], *sides["negative"]]:
            by_first.setdefault(stem(phrase.split()[0]), set()).add(group)
    hidden = set(STOPWORDS) | {stem(w) for w in [*STOPWORDS, *string.ascii_lowercase, *string.digits]}
    if by_first.keys() & hidden:
        return None
    return {k: frozenset(v) for k, v in by_first.items()}


def _opposable(doc: Mapping[str, Any]) -> tuple[frozenset[str], int] | None:
    """What could set this claim against another (see loaders.inference: a predicate of
    an antonym group, or a polarity): the groups whose predicates may stand in it, by its `terms`
    (every word whose stem begins a predicate is a content word, so it is among them), and its
    polarity. None when the claim could oppose anything (no usable lexicon index)."""
    by_first = _groups_by_first_stem()
    if by_first is None:
        return None
    found: set[str] = set()
    for term in doc.get("terms") or []:
        found |= by_first.get(term, frozenset())
    return frozenset(found), int(doc.get("polarity") or 0)


def _reachable(
    keys: Sequence[tuple[frozenset[str], int] | None], others: Sequence[tuple[frozenset[str], int] | None]
) -> list[bool]:
    """For each key, whether it may oppose one of `others`: a shared group, or opposite polarity."""
    if any(k is None for k in others):
        return [True] * len(keys)
    groups = frozenset().union(*(k[0] for k in others if k is not None))
    polarities = {k[1] for k in others if k is not None}
    return [k is None or bool(k[0] & groups) or (k[1] != 0 and -k[1] in polarities) for k in keys]


def opposable_pairs(
    new_claims: Sequence[Mapping[str, Any]], candidates: Sequence[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The new claims and candidates that may contradict one of the other side, in their order:
    inference on these finds exactly what it finds on all of them, and it costs time per claim.
    Relies on `terms` being content_terms(text), as every claim document is written."""
    new_keys = [_opposable(d) for d in new_claims]
    old_keys = [_opposable(d) for d in candidates]
    olds = [d for d, ok in zip(candidates, _reachable(old_keys, new_keys), strict=True) if ok]
    news = [d for d, ok in zip(new_claims, _reachable(new_keys, old_keys), strict=True) if ok]
    return news, olds


def inferred_relation_docs(
    new_claims: Sequence[Mapping[str, Any]], candidates: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """INFERRED CONTRADICTS relations between the new claims and the candidates, each from the
    later claim to the earlier one (see the module docstring), computed the same way whichever
    side was loaded first."""
    by_id = {c["_id"]: c for c in [*candidates, *new_claims]}
    docs: dict[str, dict[str, Any]] = {}
    news, olds = opposable_pairs(new_claims, candidates)
    for lead in infer_contradictions(news, olds) if news and olds else []:
        a, b = by_id[lead["from_claim"]], by_id[lead["to_claim"]]
        if (a["order"], a["_id"]) < (b["order"], b["_id"]):
            # The new claim is the earlier one: ask again the other way round, so the evidence and
            # confidence are those a load in date order would have written.
            again = infer_contradictions([b], [a])
            if not again:
                continue
            lead, a, b = again[0], b, a
        doc = relation_doc(
            a,
            b["_id"],
            "CONTRADICTS",
            method="INFERRED",
            confidence=lead["confidence"],
            evidence=lead.get("evidence"),
            article_id=a["article_id"],
        )
        docs.setdefault(doc["_id"], doc)
    return [docs[k] for k in sorted(docs)]
