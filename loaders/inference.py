"""INFERRED contradictions between claims of different articles.

Runs in the resolver on claim documents (plain dicts), so it needs no spaCy: words are found by a
regular expression and reduced by a light suffix stemmer (loaders.extract.terms). Two claims
contradict when they are about the same matter (they share content terms or named entities) and
they take opposite sides:

    antonymous predicates   "agreed to the freeze"  vs  "never signed off on a freeze"
                            (a negated predicate counts on the other side of its group)
    opposite polarity       "the plant will close"  vs  "the plant will not close"
                            (needs a much larger overlap, since polarity alone says little)

Confidence is at most 0.9: an inferred relation is a lead for a reader, never a certainty.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .extract.terms import STOPWORDS, Word, content_terms, split_words, stem

MAX_CONFIDENCE = 0.9
# Share of the shorter claim's content words the other must hold to be on the same matter.
MATTER_SHARE = 0.4
# Longer claims (speeches, whole paragraphs) say too many things to oppose one of them.
MAX_WORDS = 60
# How far (in words) a negator may stand before the predicate it negates: "did not formally agree".
NEGATION_REACH = 3
# How far (in words) after the predicate its object stands: "agreed to the freeze".
OBJECT_REACH = 4
# How far (in words) after the predicate the evidence may run to reach a shared term.
EVIDENCE_REACH = 6

NEGATORS = frozenset({"not", "never", "no", "neither", "nor", "nobody", "nothing", "none", "cannot"})


# -- the antonym lexicon ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Predicate:
    group: str
    side: int  # +1 positive, -1 negative
    stems: tuple[str, ...]


@functools.cache
def _predicates() -> tuple[_Predicate, ...]:
    raw = resources.files("loaders").joinpath("lexicons", "inference_antonyms.json").read_text("utf-8")
    groups: Mapping[str, Mapping[str, list[str]]] = json.loads(raw)["groups"]
    found: list[_Predicate] = []
    for group, sides in groups.items():
        for side_name, side in (("positive", 1), ("negative", -1)):
            for phrase in sides[side_name]:
                found.append(_Predicate(group, side, tuple(stem(w) for w in phrase.split())))
    # Longer phrases first, so "sign off" is preferred over "sign" at the same place.
    return tuple(sorted(found, key=lambda p: -len(p.stems)))


@functools.cache
def _predicates_by_first_stem() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for order, pred in enumerate(_predicates()):
        index.setdefault(pred.stems[0], []).append(order)
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def predicate_stems() -> frozenset[str]:
    return frozenset(s for p in _predicates() for s in p.stems)


@dataclass(frozen=True)
class _Stance:
    """One predicate of the lexicon as it stands in a claim."""

    group: str
    side: int  # after negation: "never signed off" is on the negative side of "assent"
    first: int  # index of the first word (the negator when negated)
    last: int  # index of the predicate's last word


def _negated(words: Sequence[Word], at: int) -> int | None:
    """Index of a negator governing the word at `at`, if one stands shortly before it."""
    for i in range(at - 1, max(-1, at - 1 - NEGATION_REACH), -1):
        if words[i].text in NEGATORS or words[i].text.endswith("n't"):
            return i
    return None


def _stances(words: Sequence[Word], polarity: int = 0) -> list[_Stance]:
    """The lexicon's predicates in a claim. A negator further back counts when the claim as a
    whole is negated ("none of the seven libraries would close": polarity -1)."""
    stems = [w.stem for w in words]
    # Only predicates whose first stem occurs can match: look them up by it instead of trying
    # every predicate at every position, then apply them in the lexicon's order (longest first).
    predicates, by_first = _predicates(), _predicates_by_first_stem()
    hits = sorted(
        (order, i)
        for i, s in enumerate(stems)
        for order in by_first.get(s, ())
        if tuple(stems[i : i + len(predicates[order].stems)]) == predicates[order].stems
    )
    taken: set[int] = set()
    found: list[_Stance] = []
    for order, i in hits:
        pred = predicates[order]
        n = len(pred.stems)
        if taken & set(range(i, i + n)):
            continue
        taken.update(range(i, i + n))
        neg = _negated(words, i)
        if neg is None and polarity == -1:
            neg = next((j for j in range(i - 1, -1, -1) if words[j].text in NEGATORS), None)
        side = -pred.side if neg is not None else pred.side
        found.append(_Stance(pred.group, side, neg if neg is not None else i, i + n - 1))
    return found


# -- matching ---------------------------------------------------------------------------------


@dataclass
class _ClaimView:
    id: str
    article_id: str
    text: str
    words: list[Word]
    terms: frozenset[str]  # content terms minus predicate words: what the claim is about
    polarity: int
    entities: frozenset[str]
    stances: list[_Stance]


@functools.lru_cache(maxsize=1 << 15)
def _words_and_stances(text: str, polarity: int) -> tuple[list[Word], list[_Stance]]:
    """A claim's words and stances, once per text: a claim is a candidate for many later articles
    of a load, and tokenizing it again each time was most of inference's cost. Callers never
    change what they get."""
    words = split_words(text)
    return words, _stances(words, polarity)


def _view(doc: Mapping[str, Any], what: str) -> _ClaimView:
    for key in ("_id", "article_id", "text"):
        if not isinstance(doc.get(key), str):
            raise ValueError(f"infer_contradictions: {what} claim {doc.get('_id')!r} has no string {key!r}")
    text: str = doc["text"]
    raw_terms = doc.get("terms")
    terms = set(raw_terms) if isinstance(raw_terms, list) else set(content_terms(text))
    polarity = doc.get("polarity") or 0
    if polarity not in (-1, 0, 1):
        raise ValueError(f"infer_contradictions: {what} claim {doc['_id']!r} has polarity {polarity!r}")
    words, stances = _words_and_stances(text, int(polarity))
    return _ClaimView(
        id=doc["_id"],
        article_id=doc["article_id"],
        text=text,
        words=words,
        terms=frozenset(terms - predicate_stems()),
        polarity=int(polarity),
        entities=frozenset(doc.get("mention_ids") or ()),
        stances=stances,
    )


def _same_matter(a: _ClaimView, b: _ClaimView) -> float:
    """0..1: how surely two claims are about the same thing; 0 when they are not. Most of the
    shorter claim's content words must be in the other: sharing two words of forty is chance."""
    shared = a.terms & b.terms
    if not shared:
        return 0.0
    smaller = max(1, min(len(a.terms), len(b.terms)))
    containment = len(shared) / smaller
    if containment < MATTER_SHARE or (len(shared) < 2 and smaller > 2):
        return 0.0
    return min(1.0, containment + 0.1 * len(a.entities & b.entities))


def _said_of_the_same(a: _ClaimView, sa: _Stance, b: _ClaimView, sb: _Stance, shared: frozenset[str]) -> bool:
    """Both predicates stand next to a word the claims share. With a single shared word, it
    must be what follows both predicates, their object: "signed off on a freeze" / "agreed to
    the freeze"; a lone shared word elsewhere ("ready to start" / "ready to stop") is chance."""
    if len(shared) == 1:
        return bool(_after(a, sa, shared) & _after(b, sb, shared))
    return bool(_near(a, sa, shared) & _near(b, sb, shared))


def _after(view: _ClaimView, stance: _Stance, shared: frozenset[str]) -> frozenset[str]:
    return frozenset(w.stem for w in view.words[stance.last + 1 : stance.last + 1 + OBJECT_REACH]) & shared


def _near(view: _ClaimView, stance: _Stance, shared: frozenset[str]) -> frozenset[str]:
    """The shared terms standing close to a predicate: what it is said of ("… the freeze")."""
    lo, hi = max(0, stance.first - NEGATION_REACH - 1), min(len(view.words), stance.last + 1 + EVIDENCE_REACH)
    return frozenset(w.stem for w in view.words[lo:hi]) & shared


def _span_text(view: _ClaimView, first: int, last: int) -> str:
    return view.text[view.words[first].start : view.words[last].end]


def _evidence(view: _ClaimView, stance: _Stance, shared: frozenset[str]) -> str:
    """The opposing words: the (negated) predicate through the shared terms that follow it
    closely ("agreed to a one-year wage freeze")."""
    last = stance.last
    for i in range(stance.last + 1, min(len(view.words), stance.last + 1 + EVIDENCE_REACH)):
        if view.words[i].stem in shared:
            last = i
        elif last != stance.last and view.words[i].stem not in STOPWORDS:
            break  # a word of its own ends the run of shared words
    return _span_text(view, stance.first, last)


def _polarity_evidence(view: _ClaimView, shared: frozenset[str]) -> str:
    idx = [i for i, w in enumerate(view.words) if w.stem in shared or w.text in NEGATORS]
    if not idx:
        return view.text
    first, last = idx[0], min(idx[-1], idx[0] + 2 * EVIDENCE_REACH)
    return _span_text(view, first, last)


def _contradiction(new: _ClaimView, old: _ClaimView) -> dict[str, Any] | None:
    matter = _same_matter(new, old)
    if matter == 0.0:
        return None
    shared = new.terms & old.terms
    for a in new.stances:
        for b in old.stances:
            # Opposite sides of one predicate, said of the same thing in both claims.
            if a.group == b.group and a.side == -b.side and _said_of_the_same(new, a, old, b, shared):
                return {
                    "from_claim": new.id,
                    "to_claim": old.id,
                    "confidence": round(min(MAX_CONFIDENCE, 0.5 + 0.4 * matter), 2),
                    "evidence": f"'{_evidence(new, a, shared)}' vs '{_evidence(old, b, shared)}'",
                }
    # Opposite polarity without a lexicon predicate: demand that the claims say nearly the same.
    if new.polarity * old.polarity == -1 and len(shared) >= 2:
        jaccard = len(shared) / len(new.terms | old.terms)
        if jaccard >= 0.5:
            return {
                "from_claim": new.id,
                "to_claim": old.id,
                "confidence": round(min(0.8, 0.3 + 0.5 * jaccard), 2),
                "evidence": f"'{_polarity_evidence(new, shared)}' vs '{_polarity_evidence(old, shared)}'",
            }
    return None


def infer_contradictions(
    new_claims: Iterable[Mapping[str, Any]], candidates: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """CONTRADICTS leads between newly loaded claims and candidate claims of other articles.

    Both are claim documents (`_id`, `article_id`, `text`, and optionally `terms`, `polarity`,
    `speaker_id`, `mention_ids`). Returns `{"from_claim", "to_claim", "confidence", "evidence"}`
    per contradicting pair, from the new claim to the candidate, each pair once, never within one
    article. A document without `_id`, `article_id` or `text` is refused with a ValueError."""
    news = [v for v in (_view(c, "new") for c in new_claims) if len(v.words) <= MAX_WORDS]
    olds = [v for v in (_view(c, "candidate") for c in candidates) if len(v.words) <= MAX_WORDS]
    found: list[dict[str, Any]] = []
    seen: set[frozenset[str]] = set()
    for new in news:
        for old in olds:
            pair = frozenset((new.id, old.id))
            if new.article_id == old.article_id or new.id == old.id or pair in seen:
                continue
            relation = _contradiction(new, old)
            if relation is not None:
                seen.add(pair)
                found.append(relation)
    return found


__all__ = ["MAX_CONFIDENCE", "infer_contradictions"]
