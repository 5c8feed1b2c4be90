"""Runs the extraction stages over one article (see the package docstring for the stages).

Each stage returns what it found and `extract_doc` applies it, in order: the claims are set here,
the EntityIndex is written only by the entity stage (find_entities, then add_findings with what a
later stage found on its own draft of the index).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Article, Extraction
from .attribution import find_claims
from .entities import add_findings, find_entities
from .nlp import load_nlp
from .relations import find_polarities, find_relations
from .sources import find_sources
from .speakers import find_on_behalf, find_speakers


def extract_doc(article: Article, doc: Doc) -> Extraction:
    """Everything one article states, from its parsed text."""
    index = find_entities(doc, article)
    claims = find_claims(doc)
    speakers = find_speakers(doc, claims, index)
    add_findings(index, speakers.findings)
    for c, speaker, mentions in zip(claims, speakers.speakers, speakers.mentions, strict=True):
        c.speaker, c.mentions = speaker, mentions
    for c, body in zip(claims, find_on_behalf(doc, claims, index), strict=True):
        c.on_behalf_of = body
    cited = find_sources(doc, article, claims, index)
    add_findings(index, cited.findings)
    for c, sources in zip(claims, cited.sources, strict=True):
        c.sources = sources
    for c, polarity in zip(claims, find_polarities(doc, claims), strict=True):
        c.polarity = polarity
    relations = find_relations(doc, claims, index)
    return Extraction(claims=claims, entities=index.entities, relations=relations, publisher=index.publisher)


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    nlp = nlp or load_nlp()
    return extract_doc(article, nlp(article.text))


__all__ = ["extract", "extract_doc"]
