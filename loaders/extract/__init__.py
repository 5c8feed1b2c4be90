"""Statement extraction: pure, text in, claims, entities, relations and sources out.

The stages, each its own module with its own tests:

    entities   named people, organisations, places, documents; aliases merged; roles
    claims     direct quotes and reported speech: text, kind, cue, span, speaker as written
    speakers   each claim's speaker mention resolved to an entity (names, aliases, pronouns,
               titles and descriptions, documents, unnamed sources)
    sources    outlets, documents and reports cited for each claim
    relations  SUPPORTS / CONTRADICTS between claims of this article, from cue words
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Article, Extraction
from .claims import find_claims
from .entities import find_entities
from .nlp import load_nlp
from .relations import find_relations, set_polarity
from .sources import attach_sources
from .speakers import resolve_speakers


def extract_doc(article: Article, doc: Doc) -> Extraction:
    """Everything one article states, from its parsed text."""
    index = find_entities(doc, article)
    claims = find_claims(doc)
    resolve_speakers(doc, claims, index)
    attach_sources(doc, article, claims, index)
    set_polarity(doc, claims)
    relations = find_relations(doc, claims, index)
    return Extraction(claims=claims, entities=index.entities, relations=relations, publisher=index.publisher)


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    nlp = nlp or load_nlp()
    return extract_doc(article, nlp(article.text))


__all__ = ["extract", "extract_doc", "load_nlp"]
