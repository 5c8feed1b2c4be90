"""Finding cited sources in an article's parse: the outlets and documents it names as the origin
of what it reports (see sources/sources.py for the sentences and what becomes of each citation).
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ...model import SourceKind

# Leading words dropped from a source's name: "the Coastal Tribune" -> "Coastal Tribune".
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
# Name-building dependents of a document noun, kept in its name: "the September 11 report".
_NAME_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "npadvmod", "case"})


@dataclass(frozen=True)
class _Words:
    outlet_words: frozenset[str]
    outlets: frozenset[str]
    document_nouns: frozenset[str]
    document_verbs: frozenset[str]
    finding_verbs: frozenset[str]
    outlet_verbs: frozenset[str]


@functools.cache
def _words() -> _Words:
    raw = json.loads(resources.files("loaders").joinpath("lexicons", "sources_words.json").read_text("utf-8"))
    return _Words(
        outlet_words=frozenset(w.lower() for w in raw["outlet_words"]),
        outlets=frozenset(w.lower() for w in raw["outlets"]),
        document_nouns=frozenset(raw["document_nouns"]),
        document_verbs=frozenset(raw["document_verbs"]),
        finding_verbs=frozenset(raw["finding_verbs"]),
        outlet_verbs=frozenset(raw["outlet_verbs"]),
    )


@dataclass(frozen=True)
class Citation:
    """A source named somewhere in the article, before it is linked to claims and entities."""

    name: str
    kind: SourceKind  # OUTLET or DOCUMENT
    start: int  # char span of the name in the article
    end: int
    evidence: str  # the citing words: "Al Arabiya reported"
    sentence: int  # index of the sentence that cites it
    head: str = ""  # a document's head noun lemma: "email"
    generic: bool = False  # a document named by its head noun alone: "one message", "the report"
    backs_previous: bool = False  # "They point to a 2024 audit": backs the sentence before too


# -- names ------------------------------------------------------------------------------------


def _trim(tokens: Sequence[Token]) -> list[Token]:
    toks = list(tokens)
    while toks and (toks[0].lower_ in _DETERMINERS or toks[0].is_punct):
        if toks[0].lower_ == "the" and toks[0].text == "The" and toks[0].i != toks[0].sent.start:
            break  # "by The Harbor Ledger": a capital The mid-sentence is part of the name
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return toks


def _text(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _entity_span(token: Token) -> Span | None:
    """The named-entity span holding the token: walked from its IOB tags (doc.ents would build
    every span of the document, for every token asked about)."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _proper_name(token: Token) -> list[Token] | None:
    """The name a proper-noun token heads: its entity span, or its compound chain."""
    if token.pos_ != "PROPN" and not token.ent_type_:
        return None
    ent = _entity_span(token)
    if ent is not None:
        return _trim(list(ent))
    left = [c for c in token.lefts if c.dep_ in ("compound", "det") and c.i == token.i - 1] or []
    start = left[0].i if left else token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].head.i >= start:
        start -= 1
    return _trim(list(token.doc[start : token.i + 1]))


def is_outlet_name(name: str, entity_type: str = "") -> bool:
    """A news outlet's name: a known outlet, or a name holding a newspaper word ("Tribune")."""
    if entity_type == "PERSON" or not name:
        return False
    words = _words()
    low = name.lower()
    if low in words.outlets or low.removeprefix("the ") in words.outlets:
        return True
    return any(w in words.outlet_words for w in low.replace("-", " ").split())


# Common nouns that say the name beside them is an outlet: "the broadcaster Radio Solhaven".
_OUTLET_NOUNS = frozenset({"broadcaster", "newspaper", "paper", "journal", "magazine", "website", "site",
                           "outlet", "network", "station", "channel", "daily", "tabloid", "agency",
                           "programme", "program", "show", "podcast", "blog", "wire", "publication"})


def _outlet(token: Token) -> list[Token] | None:
    if token.pos_ == "NOUN" and token.lemma_.lower() in _OUTLET_NOUNS:
        for c in token.children:  # "the broadcaster Radio Solhaven", "the journal Reef Ecology Letters"
            if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" and c.i > token.i:
                return _proper_name(c)
        return None
    name = _proper_name(token)
    if not name or not is_outlet_name(_text(name), token.ent_type_):
        return None
    return name


def _document_name(noun: Token) -> list[Token]:
    """'The September 11 report by the U.S. government' -> 'September 11 report'; a bare plural
    keeps the participle that makes it specific: 'documents released in 2017'."""
    left = [c for c in noun.lefts if c.dep_ in _NAME_DEPS]
    start = min((min(t.i for t in c.subtree) for c in left), default=noun.i)
    end = noun.i + 1
    if not left:
        acl = [c for c in noun.rights if c.dep_ == "acl" and c.lemma_ in _words().document_verbs]
        if acl:  # the participle and its first phrase: "study published on Wednesday"
            first = [c for c in acl[0].children if c.dep_ in ("prep", "agent", "npadvmod")][:1]
            end = max([acl[0].i, *(t.i for c in first for t in c.subtree)]) + 1
        else:  # whom it was written to or by: "a note to clients", "a letter from the board"
            addressed = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("to", "from", "for")][:1]
            end = max([noun.i, *(t.i for c in addressed for t in c.subtree)]) + 1
    return _trim(list(noun.doc[start:end]))


# -- finding citations ------------------------------------------------------------------------


_NAMING_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})  # "court filings", "internal emails"


def _citation(name: list[Token], kind: SourceKind, evidence: Iterable[Token], sent: int,
              head: Token | None = None, backs_previous: bool = False) -> Citation:
    ev = sorted({*evidence, *name}, key=lambda t: t.i)
    doc = name[0].doc
    return Citation(
        name=_text(name),
        kind=kind,
        start=name[0].idx,
        end=name[-1].idx + len(name[-1].text),
        evidence=doc[ev[0].i : ev[-1].i + 1].text,
        sentence=sent,
        head=head.lemma_.lower() if head is not None else "",
        generic=head is not None and not any(c.dep_ in _NAMING_MODIFIERS for c in head.lefts)
        and not any(t.pos_ == "PROPN" and t.ent_type_ != "DATE" for t in name),
        backs_previous=backs_previous,
    )


def _outlet_citations(sent: Span, si: int) -> Iterator[Citation]:
    words = _words()
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in words.outlet_verbs:
            adv = [c for c in tok.lefts if c.dep_ == "advmod" and c.lower_ == "first"]
            for child in tok.children:
                if child.dep_ in ("nsubj",) and (name := _outlet(child)):  # "Al Arabiya reported"
                    yield _citation(name, "OUTLET", [tok], si)
                if child.dep_ == "agent":  # "first published by the Coastal Tribune"
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and (name := _outlet(pobj)):
                            yield _citation(name, "OUTLET", [*adv, tok, child], si)
                if child.dep_ == "prep" and child.lower_ in ("in", "on") and lemma in ("publish", "report",
                                                                                      "air", "broadcast"):
                    for pobj in child.children:  # "published … in the journal Reef Ecology Letters"
                        if pobj.dep_ == "pobj" and (name := _outlet(pobj)):
                            yield _citation(name, "OUTLET", [child], si)
        elif lemma == "tell" and tok.pos_ == "VERB":  # "…, the minister told the Coastal Tribune"
            for child in tok.children:
                if child.dep_ in ("dobj", "dative", "iobj") and (name := _outlet(child)):
                    yield _citation(name, "OUTLET", [tok], si)
        elif tok.lower_ == "with" and tok.head.lemma_.lower() == "interview":  # "in an interview with X"
            for pobj in tok.children:
                if pobj.dep_ == "pobj" and (name := _outlet(pobj)):
                    yield _citation(name, "OUTLET", [tok.head, tok], si)
        elif tok.lower_ == "to" and tok.head.lower_ == "according":
            for pobj in tok.children:
                if pobj.dep_ != "pobj":
                    continue
                if name := _outlet(pobj):  # "according to Reuters"
                    yield _citation(name, "OUTLET", [tok.head, tok], si)
                    continue
                # "according to a report in / by / from The Harbor Ledger"
                for prep in pobj.children:
                    if prep.dep_ in ("prep", "agent") and prep.lower_ in ("in", "by", "from", "on"):
                        for inner in prep.children:
                            if inner.dep_ == "pobj" and (name := _outlet(inner)):
                                yield _citation(name, "OUTLET", [tok.head, tok, pobj, prep], si)


def _is_document_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in _words().document_nouns


def _names_outlet(noun: Token) -> bool:
    return any(
        inner.dep_ == "pobj" and _outlet(inner)
        for prep in noun.children
        if prep.dep_ in ("prep", "agent")
        for inner in prep.children
    )


_POINTING = frozenset({"point", "refer"})  # "they point to a 2024 audit"
_CITING = frozenset({"cite", "produce", "present"})  # "they cite internal emails"


def _document_citations(sent: Span, si: int) -> Iterator[Citation]:
    words = _words()
    for tok in sent:
        if not _is_document_noun(tok):
            continue
        cited_by: list[Token] | None = None
        acl = [c for c in tok.rights if c.dep_ == "acl" and c.lemma_.lower() in words.document_verbs]
        backs_previous = False
        if acl:  # "internal emails reviewed by …", "documents released in 2017"
            agents = [c for c in acl[0].children if c.dep_ == "agent"]
            cited_by = [acl[0], *(t for c in agents for t in c.subtree)]
            for agent in agents:  # "… reviewed by The Harbour Examiner": the outlet stands behind it too
                for pobj in agent.children:
                    if pobj.dep_ == "pobj" and (outlet := _outlet(pobj)):
                        yield _citation(outlet, "OUTLET", [acl[0], agent], si)
        elif tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in (
            words.finding_verbs | words.document_verbs
        ):  # "a 2019 audit found", "the report noted", "documents were released"
            cited_by = [tok.head]
        elif tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
            if _names_outlet(tok):
                continue  # "according to a report in X": the outlet X is the source
            cited_by = [tok.head.head, tok.head]  # "according to court filings"
        elif (tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_.lower() in _POINTING
              ) or (tok.dep_ == "dobj" and tok.head.lemma_.lower() in _CITING):
            # "They point to a 2024 audit …": evidence for what they said just before
            cited_by, backs_previous = [tok.head.head if tok.dep_ == "pobj" else tok.head, tok.head], True
        elif tok.dep_ == "pobj" and tok.head.lower_ in ("in", "under") and tok.head.head.lemma_.lower() in (
            "cite", "say", "state", "note", "detail", "show", "find", "reveal", "describe", "write"
        ):
            cited_by = [tok.head.head, tok.head]  # "cited in a 2019 audit"
        if cited_by is None:
            continue
        name = _document_name(tok)
        if name:
            yield _citation(name, "DOCUMENT", cited_by, si, head=tok, backs_previous=backs_previous)


def find_citations(doc: Doc) -> list[Citation]:
    """Every outlet and document the article cites, in text order, each place once."""
    found: dict[tuple[int, int, str], Citation] = {}
    for si, sent in enumerate(doc.sents):
        for cite in (*_outlet_citations(sent, si), *_document_citations(sent, si)):
            found.setdefault((cite.start, cite.end, cite.kind), cite)
    return sorted(found.values(), key=lambda c: (c.start, c.end))


__all__ = ["Citation", "find_citations", "is_outlet_name"]
