"""Claim polarity: whether a claim's content is affirmed (1), negated or denied (-1), or has no
predicate to tell by (0). Used by inferred contradictions across articles, and the small parse
helpers that relations.py shares.

    "We never signed off on a freeze"            -1   (a negation on the main predicate)
    "there was no evidence of fraud"             -1   ("no" on its subject or object)
    "the reports were false"                     -1   (a predicate that denies its subject)
    "… denied that the money was paid"           -1   (the content of a denial)
    "did not deny that the money was paid"        1
    "Qasemi's statement"                          0   (a bare noun phrase)
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...model import Claim
from ..relation_words import relation_words

_NEGATIVE_PRONOUNS = frozenset({"nothing", "nobody", "none", "noone", "neither"})


def span_of(doc: Doc, start: int, end: int) -> Span | None:
    if end <= start:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def roots_of(span: Span) -> list[Token]:
    """The span's main predicates: tokens governed from outside it, and their conjuncts."""
    roots = [t for t in span if t.head == t or not (span.start <= t.head.i < span.end)]
    roots += [t for t in span if t.dep_ == "conj" and t.head in roots and t.pos_ in ("VERB", "AUX")]
    return roots


def cue_token(doc: Doc, claim: Claim) -> Token | None:
    if claim.cue_start is None or claim.cue_end is None:
        return None
    span = span_of(doc, claim.cue_start, claim.cue_end)
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else span.root


def claim_polarity(doc: Doc, claim: Claim) -> int:
    """-1 when the claim's content is negated or denied, 1 when affirmed, 0 when it has no
    predicate to tell by (a bare noun phrase: "Qasemi's statement")."""
    span = span_of(doc, claim.start, claim.end)
    if span is None:
        return 0
    roots = roots_of(span)
    cue = cue_token(doc, claim)
    if cue is not None and cue in roots:
        # A quote split by its own attribution ("A," she said. "B.") holds its cue: the attribution
        # verb says nothing of the content; what it introduces, inside the span, is the predicate.
        roots = [r for r in roots if r != cue] + [
            c for c in cue.children if c.dep_ in ("ccomp", "parataxis") and span.start <= c.i < span.end
        ]
    if not any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("ROOT", "ccomp") for t in roots):
        return 0
    words = relation_words()
    negations = 0
    for root in roots:
        for child in root.children:
            if child.dep_ == "neg" or child.lower_ == "never":
                negations += 1
            elif child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and (
                child.lower_ in _NEGATIVE_PRONOUNS
                or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
            ):
                negations += 1  # "nothing was found", "there was no evidence"
            elif child.dep_ in ("acomp", "attr") and child.lemma_.lower() in words.false_words:
                negations += 1  # "the reports are false"
    if cue is not None and cue.lemma_.lower() in words.denial_verbs and any(r.head == cue for r in roots):
        if not any(c.dep_ == "neg" for c in cue.children):
            negations += 1  # "denied that the money was paid": the content is what is denied
    return -1 if negations % 2 else 1


def denies_itself(doc: Doc, claim: Claim) -> bool:
    """Whether a claim as a whole says no: its cue is a denial ("denied that X"), or every main
    predicate of its content is negated ("Lund is not for sale"). "Had known since 2023 and had
    done nothing" affirms its first predicate, so it does not."""
    cue = cue_token(doc, claim)
    if cue is not None and cue.lemma_.lower() in relation_words().denial_verbs:
        return not any(c.dep_ == "neg" for c in cue.children)
    span = span_of(doc, claim.start, claim.end)
    if span is None:
        return False
    roots = [r for r in roots_of(span) if r.pos_ in ("VERB", "AUX") and r != cue]
    return bool(roots) and all(
        any(c.dep_ == "neg" or c.lower_ == "never" for c in r.children) for r in roots
    )


def find_polarities(doc: Doc, claims: list[Claim]) -> tuple[int, ...]:
    """Each claim's polarity (-1 negated or denied, 1 affirmed, 0 unknown), for the pipeline to set
    as `Claim.polarity`; the claims are left as they are."""
    return tuple(claim_polarity(doc, claim) for claim in claims)


__all__ = [
    "claim_polarity", "cue_token", "denies_itself", "find_polarities", "roots_of", "span_of",
]
